-- FieldService: Orleans ADO.NET reminders schema for PostgreSQL 15+.
-- Used by Microsoft.Orleans.Reminders.AdoNet 10.4.x with Invariant = "Npgsql".
-- Requires 001_orleans_main.sql (OrleansQuery). Idempotent: safe to run any number of
-- times; can be sent as a single NpgsqlCommand.
--
-- Contract notes (from the provider source):
--  * Parameters: @ServiceId text, @GrainId text (GrainId.ToString()), @ReminderName text,
--    @StartTime timestamptz (UTC), @Period = milliseconds, sent as integer when it fits in
--    32 bits and as bigint otherwise, @GrainHash / @BeginHash / @EndHash = the uint ring
--    hash reinterpreted as a signed integer, @Version integer (the reminder's ETag).
--  * Read queries return "GrainId", "ReminderName", "StartTime", "Period", "Version".
--  * Range reads cover the ring interval (BeginHash, EndHash]. The provider sends
--    ReadRangeRows1Key when (int)BeginHash < (int)EndHash (the interval does not wrap in
--    signed order) and ReadRangeRows2Key otherwise (it wraps; BeginHash = EndHash means
--    the whole ring).

CREATE TABLE IF NOT EXISTS orleans_reminder
(
    service_id    text        NOT NULL,
    grain_id      text        NOT NULL,
    reminder_name text        NOT NULL,
    start_time    timestamptz NOT NULL,
    period_ms     bigint      NOT NULL,
    grain_hash    integer     NOT NULL,
    version       integer     NOT NULL,
    CONSTRAINT pk_orleans_reminder PRIMARY KEY (service_id, grain_id, reminder_name)
);

-- Range scans by ring hash.
CREATE INDEX IF NOT EXISTS ix_orleans_reminder_service_hash
    ON orleans_reminder (service_id, grain_hash);

-- Stored queries. The quoted column aliases are the names the provider reads.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES

('ReadReminderRowsKey', $sql$
SELECT r.grain_id      AS "GrainId",
       r.reminder_name AS "ReminderName",
       r.start_time    AS "StartTime",
       r.period_ms     AS "Period",
       r.version       AS "Version"
FROM orleans_reminder r
WHERE r.service_id = @ServiceId
  AND r.grain_id = @GrainId;
$sql$),

('ReadReminderRowKey', $sql$
SELECT r.grain_id      AS "GrainId",
       r.reminder_name AS "ReminderName",
       r.start_time    AS "StartTime",
       r.period_ms     AS "Period",
       r.version       AS "Version"
FROM orleans_reminder r
WHERE r.service_id = @ServiceId
  AND r.grain_id = @GrainId
  AND r.reminder_name = @ReminderName;
$sql$),

-- Non-wrapping interval: BeginHash < hash <= EndHash.
('ReadRangeRows1Key', $sql$
SELECT r.grain_id      AS "GrainId",
       r.reminder_name AS "ReminderName",
       r.start_time    AS "StartTime",
       r.period_ms     AS "Period",
       r.version       AS "Version"
FROM orleans_reminder r
WHERE r.service_id = @ServiceId
  AND r.grain_hash > @BeginHash
  AND r.grain_hash <= @EndHash;
$sql$),

-- Wrapping interval: hash > BeginHash or hash <= EndHash.
('ReadRangeRows2Key', $sql$
SELECT r.grain_id      AS "GrainId",
       r.reminder_name AS "ReminderName",
       r.start_time    AS "StartTime",
       r.period_ms     AS "Period",
       r.version       AS "Version"
FROM orleans_reminder r
WHERE r.service_id = @ServiceId
  AND (r.grain_hash > @BeginHash OR r.grain_hash <= @EndHash);
$sql$),

-- Insert (version 1) or overwrite (version + 1); returns the new ETag as "Version".
('UpsertReminderRowKey', $sql$
INSERT INTO orleans_reminder AS r
    (service_id, grain_id, reminder_name, start_time, period_ms, grain_hash, version)
VALUES
    (@ServiceId, @GrainId, @ReminderName, @StartTime, @Period, @GrainHash, 1)
ON CONFLICT ON CONSTRAINT pk_orleans_reminder DO UPDATE
SET start_time = EXCLUDED.start_time,
    period_ms  = EXCLUDED.period_ms,
    grain_hash = EXCLUDED.grain_hash,
    version    = r.version + 1
RETURNING r.version AS "Version";
$sql$),

-- Deletes one reminder if its ETag still matches. One row, one column: true if deleted.
('DeleteReminderRowKey', $sql$
WITH removed AS (
    DELETE FROM orleans_reminder r
    WHERE r.service_id = @ServiceId
      AND r.grain_id = @GrainId
      AND r.reminder_name = @ReminderName
      AND r.version = @Version
    RETURNING 1
)
SELECT EXISTS (SELECT 1 FROM removed) AS "Deleted";
$sql$),

('DeleteReminderRowsKey', $sql$
DELETE FROM orleans_reminder WHERE service_id = @ServiceId;
$sql$)

ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;
