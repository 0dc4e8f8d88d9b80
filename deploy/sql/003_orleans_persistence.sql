-- FieldService: Orleans ADO.NET grain persistence schema for PostgreSQL 15+.
-- Used by Microsoft.Orleans.Persistence.AdoNet 10.4.x with Invariant = "Npgsql".
-- Requires 001_orleans_main.sql (OrleansQuery). Idempotent: safe to run any number of
-- times; can be sent as a single NpgsqlCommand.
--
-- Contract notes (from the provider source):
--  * Every query gets: @GrainIdHash integer, @GrainIdN0 bigint, @GrainIdN1 bigint,
--    @GrainTypeHash integer, @GrainTypeString text, @GrainIdExtensionString text (NULL for
--    plain integer/Guid keys; the whole key for string-keyed grains) and @ServiceId text.
--    Write/clear/delete also get @GrainStateVersion integer (the grain's ETag; NULL if the
--    grain has never seen a stored row) and write gets @PayloadBinary bytea.
--  * The state is only ever stored in and read from the binary payload column; the
--    serializer is chosen on the C# side (GrainStorageSerializer option).
--  * Read returns at most one row: "PayloadBinary" (NULL = no state) and "Version".
--  * Write/clear/delete return exactly one row whose first column, "NewGrainStateVersion",
--    is the new ETag, or NULL when the expected version did not match; the provider
--    turns NULL into an InconsistentStateException.

CREATE TABLE IF NOT EXISTS orleans_grain_state
(
    service_id         text        NOT NULL,
    grain_type_hash    integer     NOT NULL,
    grain_type         text        NOT NULL,
    grain_id_hash      integer     NOT NULL,
    grain_id_n0        bigint      NOT NULL,
    grain_id_n1        bigint      NOT NULL,
    grain_id_extension text        NULL,
    payload            bytea       NULL,
    version            integer     NOT NULL,
    modified_at        timestamptz NOT NULL DEFAULT now()
);

-- One row per grain state. The two strings are indexed through md5() so that long
-- grain type names or string keys cannot exceed the btree entry size; NULLS NOT DISTINCT
-- makes "no key extension" a single value. The leading hash columns also serve lookups.
CREATE UNIQUE INDEX IF NOT EXISTS ux_orleans_grain_state_identity
    ON orleans_grain_state (grain_id_hash, grain_type_hash, service_id, grain_id_n0, grain_id_n1,
                            md5(grain_type), md5(grain_id_extension))
    NULLS NOT DISTINCT;

-- Optimistic write. With no expected version the state must not exist yet and is created
-- at version 1; otherwise the stored version must equal the expected one and is bumped.
-- Returns the new version, or NULL on a version conflict. The unique index makes
-- concurrent first writes safe: only one INSERT wins, the others get NULL.
CREATE OR REPLACE FUNCTION orleans_grain_state_write(
    p_grain_id_hash      integer,
    p_grain_id_n0        bigint,
    p_grain_id_n1        bigint,
    p_grain_type_hash    integer,
    p_grain_type         text,
    p_grain_id_extension text,
    p_service_id         text,
    p_expected_version   integer,
    p_payload            bytea)
RETURNS integer
LANGUAGE plpgsql
AS $fn$
DECLARE
    v_new_version integer;
BEGIN
    IF p_expected_version IS NULL THEN
        INSERT INTO orleans_grain_state
            (service_id, grain_type_hash, grain_type, grain_id_hash, grain_id_n0, grain_id_n1,
             grain_id_extension, payload, version, modified_at)
        VALUES
            (p_service_id, p_grain_type_hash, p_grain_type, p_grain_id_hash, p_grain_id_n0, p_grain_id_n1,
             p_grain_id_extension, p_payload, 1, now())
        ON CONFLICT DO NOTHING
        RETURNING version INTO v_new_version;
    ELSE
        UPDATE orleans_grain_state
        SET payload = p_payload,
            version = version + 1,
            modified_at = now()
        WHERE grain_id_hash = p_grain_id_hash
          AND grain_type_hash = p_grain_type_hash
          AND service_id = p_service_id
          AND grain_id_n0 = p_grain_id_n0
          AND grain_id_n1 = p_grain_id_n1
          AND grain_type = p_grain_type
          AND grain_id_extension IS NOT DISTINCT FROM p_grain_id_extension
          AND version = p_expected_version
        RETURNING version INTO v_new_version;
    END IF;

    RETURN v_new_version;   -- NULL when nothing was written
END
$fn$;

-- Stored queries. The quoted column aliases are the names the provider reads.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES

('WriteToStorageKey', $sql$
SELECT orleans_grain_state_write(
    @GrainIdHash, @GrainIdN0, @GrainIdN1, @GrainTypeHash, @GrainTypeString,
    @GrainIdExtensionString, @ServiceId, @GrainStateVersion, @PayloadBinary) AS "NewGrainStateVersion";
$sql$),

('ReadFromStorageKey', $sql$
SELECT g.payload AS "PayloadBinary",
       g.version AS "Version"
FROM orleans_grain_state g
WHERE g.grain_id_hash = @GrainIdHash
  AND g.grain_type_hash = @GrainTypeHash
  AND g.service_id = @ServiceId
  AND g.grain_id_n0 = @GrainIdN0
  AND g.grain_id_n1 = @GrainIdN1
  AND g.grain_type = @GrainTypeString
  AND g.grain_id_extension IS NOT DISTINCT FROM @GrainIdExtensionString;
$sql$),

-- ClearStateAsync with DeleteStateOnClear = false: keep the row, drop the payload, bump
-- the version (the grain keeps the returned version as its ETag).
('ClearStorageKey', $sql$
WITH cleared AS (
    UPDATE orleans_grain_state g
    SET payload = NULL,
        version = g.version + 1,
        modified_at = now()
    WHERE g.grain_id_hash = @GrainIdHash
      AND g.grain_type_hash = @GrainTypeHash
      AND g.service_id = @ServiceId
      AND g.grain_id_n0 = @GrainIdN0
      AND g.grain_id_n1 = @GrainIdN1
      AND g.grain_type = @GrainTypeString
      AND g.grain_id_extension IS NOT DISTINCT FROM @GrainIdExtensionString
      AND g.version = @GrainStateVersion
    RETURNING g.version
)
SELECT (SELECT version FROM cleared) AS "NewGrainStateVersion";
$sql$),

-- ClearStateAsync with DeleteStateOnClear = true: remove the row. The provider treats a
-- returned value equal to the old ETag as a conflict, so success returns old version + 1.
('DeleteStorageKey', $sql$
WITH removed AS (
    DELETE FROM orleans_grain_state g
    WHERE g.grain_id_hash = @GrainIdHash
      AND g.grain_type_hash = @GrainTypeHash
      AND g.service_id = @ServiceId
      AND g.grain_id_n0 = @GrainIdN0
      AND g.grain_id_n1 = @GrainIdN1
      AND g.grain_type = @GrainTypeString
      AND g.grain_id_extension IS NOT DISTINCT FROM @GrainIdExtensionString
      AND g.version = @GrainStateVersion
    RETURNING g.version
)
SELECT (SELECT version + 1 FROM removed) AS "NewGrainStateVersion";
$sql$)

ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;
