-- FieldService: Orleans ADO.NET clustering (membership) schema for PostgreSQL 15+.
-- Used by Microsoft.Orleans.Clustering.AdoNet 10.4.x with Invariant = "Npgsql".
-- Requires 001_orleans_main.sql (OrleansQuery). Idempotent: safe to run any number of
-- times; can be sent as a single NpgsqlCommand.
--
-- Contract notes (from the provider source):
--  * Parameters arrive typed: text (DeploymentId, Address, SiloName, HostName, SuspectTimes),
--    integer (Port, Generation, Status, ProxyPort, Version) and timestamptz (StartTime,
--    IAmAliveTime; Npgsql only accepts UTC DateTime values for these).
--  * @Version is the membership table version the caller last read (its etag). A write
--    succeeds only if it still matches; the version is then incremented.
--  * Read queries must return at least one row per known cluster (the version row, left
--    joined to the silo rows); StartTime IS NULL on that row means "no silo".
--  * SiloStatus values: 3 = Active, 6 = Dead.

-- One row per cluster (DeploymentId = ClusterId): the optimistic-concurrency version of
-- the whole membership table of that cluster.
CREATE TABLE IF NOT EXISTS orleans_membership_version
(
    deployment_id   text        NOT NULL,
    version         integer     NOT NULL DEFAULT 0,
    last_changed_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT pk_orleans_membership_version PRIMARY KEY (deployment_id)
);

-- One row per silo incarnation (address, port, generation) of a cluster.
CREATE TABLE IF NOT EXISTS orleans_membership_silo
(
    deployment_id   text        NOT NULL,
    address         text        NOT NULL,
    port            integer     NOT NULL,
    generation      integer     NOT NULL,
    silo_name       text        NOT NULL,
    host_name       text        NOT NULL,
    status          integer     NOT NULL,
    proxy_port      integer     NULL,
    suspect_times   text        NULL,
    start_time      timestamptz NOT NULL,
    i_am_alive_time timestamptz NOT NULL,
    CONSTRAINT pk_orleans_membership_silo PRIMARY KEY (deployment_id, address, port, generation),
    CONSTRAINT fk_orleans_membership_silo_version FOREIGN KEY (deployment_id)
        REFERENCES orleans_membership_version (deployment_id)
);

-- Adds a silo row, but only if the caller's table version is still current and the silo
-- row does not exist yet; on success the table version is incremented.
-- Every membership write first locks the cluster's version row, so writes are serialized
-- per cluster and no partial change is ever left behind. Returns true on success.
CREATE OR REPLACE FUNCTION orleans_membership_insert_silo(
    p_deployment_id   text,
    p_address         text,
    p_port            integer,
    p_generation      integer,
    p_silo_name       text,
    p_host_name       text,
    p_status          integer,
    p_proxy_port      integer,
    p_start_time      timestamptz,
    p_i_am_alive_time timestamptz,
    p_version         integer)
RETURNS boolean
LANGUAGE plpgsql
AS $fn$
BEGIN
    PERFORM 1
    FROM orleans_membership_version
    WHERE deployment_id = p_deployment_id
      AND version = p_version
      AND version < 2147483647
    FOR UPDATE;
    IF NOT FOUND THEN
        RETURN false;           -- stale table version (or unknown cluster)
    END IF;

    INSERT INTO orleans_membership_silo
        (deployment_id, address, port, generation, silo_name, host_name,
         status, proxy_port, suspect_times, start_time, i_am_alive_time)
    VALUES
        (p_deployment_id, p_address, p_port, p_generation, p_silo_name, p_host_name,
         p_status, p_proxy_port, NULL, p_start_time, p_i_am_alive_time)
    ON CONFLICT ON CONSTRAINT pk_orleans_membership_silo DO NOTHING;
    IF NOT FOUND THEN
        RETURN false;           -- silo row already present; nothing was changed
    END IF;

    UPDATE orleans_membership_version
    SET version = version + 1, last_changed_at = now()
    WHERE deployment_id = p_deployment_id;
    RETURN true;
END
$fn$;

-- Updates status, suspicions and liveness of an existing silo row under the same
-- version rule as orleans_membership_insert_silo. IAmAliveTime never moves backwards.
CREATE OR REPLACE FUNCTION orleans_membership_update_silo(
    p_deployment_id   text,
    p_address         text,
    p_port            integer,
    p_generation      integer,
    p_status          integer,
    p_suspect_times   text,
    p_i_am_alive_time timestamptz,
    p_version         integer)
RETURNS boolean
LANGUAGE plpgsql
AS $fn$
BEGIN
    PERFORM 1
    FROM orleans_membership_version
    WHERE deployment_id = p_deployment_id
      AND version = p_version
      AND version < 2147483647
    FOR UPDATE;
    IF NOT FOUND THEN
        RETURN false;
    END IF;

    UPDATE orleans_membership_silo
    SET status          = p_status,
        suspect_times   = p_suspect_times,
        i_am_alive_time = GREATEST(i_am_alive_time, p_i_am_alive_time)
    WHERE deployment_id = p_deployment_id
      AND address = p_address
      AND port = p_port
      AND generation = p_generation;
    IF NOT FOUND THEN
        RETURN false;           -- no such silo row; version left untouched
    END IF;

    UPDATE orleans_membership_version
    SET version = version + 1, last_changed_at = now()
    WHERE deployment_id = p_deployment_id;
    RETURN true;
END
$fn$;

-- Stored queries. The quoted column aliases are the names the provider reads.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES

-- Creates the cluster's version row if missing. One row, one column: true if created.
('InsertMembershipVersionKey', $sql$
WITH created AS (
    INSERT INTO orleans_membership_version (deployment_id)
    VALUES (@DeploymentId)
    ON CONFLICT (deployment_id) DO NOTHING
    RETURNING 1
)
SELECT EXISTS (SELECT 1 FROM created) AS "Inserted";
$sql$),

-- One row, one column: true if the silo row was added.
('InsertMembershipKey', $sql$
SELECT orleans_membership_insert_silo(
    @DeploymentId, @Address, @Port, @Generation, @SiloName, @HostName,
    @Status, @ProxyPort, @StartTime, @IAmAliveTime, @Version) AS "Inserted";
$sql$),

-- One row, one column: true if the silo row was updated.
('UpdateMembershipKey', $sql$
SELECT orleans_membership_update_silo(
    @DeploymentId, @Address, @Port, @Generation,
    @Status, @SuspectTimes, @IAmAliveTime, @Version) AS "Updated";
$sql$),

-- Heartbeat; not versioned, result not read.
('UpdateIAmAlivetimeKey', $sql$
UPDATE orleans_membership_silo
SET i_am_alive_time = GREATEST(i_am_alive_time, @IAmAliveTime)
WHERE deployment_id = @DeploymentId
  AND address = @Address
  AND port = @Port
  AND generation = @Generation;
$sql$),

-- Gateways (used by clients): active silos that expose a gateway port.
('GatewaysQueryKey', $sql$
SELECT s.address    AS "Address",
       s.proxy_port AS "ProxyPort",
       s.generation AS "Generation"
FROM orleans_membership_silo s
WHERE s.deployment_id = @DeploymentId
  AND s.status = @Status
  AND s.proxy_port > 0;
$sql$),

-- The version row joined to one silo row (silo columns NULL if that silo is unknown).
('MembershipReadRowKey', $sql$
SELECT v.deployment_id   AS "DeploymentId",
       s.address         AS "Address",
       s.port            AS "Port",
       s.generation      AS "Generation",
       s.silo_name       AS "SiloName",
       s.host_name       AS "HostName",
       s.status          AS "Status",
       s.proxy_port      AS "ProxyPort",
       s.suspect_times   AS "SuspectTimes",
       s.start_time      AS "StartTime",
       s.i_am_alive_time AS "IAmAliveTime",
       v.version         AS "Version"
FROM orleans_membership_version v
LEFT JOIN orleans_membership_silo s
       ON s.deployment_id = v.deployment_id
      AND s.address = @Address
      AND s.port = @Port
      AND s.generation = @Generation
WHERE v.deployment_id = @DeploymentId;
$sql$),

-- The version row joined to every silo row of the cluster.
('MembershipReadAllKey', $sql$
SELECT v.deployment_id   AS "DeploymentId",
       s.address         AS "Address",
       s.port            AS "Port",
       s.generation      AS "Generation",
       s.silo_name       AS "SiloName",
       s.host_name       AS "HostName",
       s.status          AS "Status",
       s.proxy_port      AS "ProxyPort",
       s.suspect_times   AS "SuspectTimes",
       s.start_time      AS "StartTime",
       s.i_am_alive_time AS "IAmAliveTime",
       v.version         AS "Version"
FROM orleans_membership_version v
LEFT JOIN orleans_membership_silo s
       ON s.deployment_id = v.deployment_id
WHERE v.deployment_id = @DeploymentId;
$sql$),

-- Forgets a whole cluster (silo rows, then its version row).
('DeleteMembershipTableEntriesKey', $sql$
DELETE FROM orleans_membership_silo WHERE deployment_id = @DeploymentId;
DELETE FROM orleans_membership_version WHERE deployment_id = @DeploymentId;
$sql$),

-- Required by the provider, but only used when CleanupDefunctSiloEntryKey is absent:
-- bulk removal of Dead silos idle since before the cutoff (@IAmAliveTime).
('CleanupDefunctSiloEntriesKey', $sql$
DELETE FROM orleans_membership_silo
WHERE deployment_id = @DeploymentId
  AND status = 6
  AND i_am_alive_time < @IAmAliveTime
  AND start_time < @IAmAliveTime
  AND COALESCE(suspect_times, '') = '';
$sql$),

-- Optional (preferred by 10.4.x): the provider picks eligible Dead rows itself and deletes
-- each one only if it is still exactly as it read it.
('CleanupDefunctSiloEntryKey', $sql$
DELETE FROM orleans_membership_silo
WHERE deployment_id = @DeploymentId
  AND address = @Address
  AND port = @Port
  AND generation = @Generation
  AND status = 6
  AND start_time = @StartTime
  AND i_am_alive_time = @IAmAliveTime
  AND COALESCE(suspect_times, '') = COALESCE(@SuspectTimes, '');
$sql$)

ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;
