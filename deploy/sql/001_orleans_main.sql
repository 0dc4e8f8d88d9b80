-- FieldService: Orleans ADO.NET base schema (PostgreSQL 15+, ADO.NET invariant "Npgsql").
-- Creates the OrleansQuery catalogue from which the Orleans clustering, grain persistence
-- and reminder providers load the SQL they run. The 002-004 scripts fill it.
-- Idempotent: safe to run any number of times; can be sent as a single NpgsqlCommand.

-- The providers read it with the fixed statement
--   SELECT QueryKey, QueryText FROM OrleansQuery
-- so the table and its two columns must keep these (unquoted, hence lower-case) names.
CREATE TABLE IF NOT EXISTS OrleansQuery
(
    QueryKey  varchar(64) NOT NULL,
    QueryText text        NOT NULL,
    CONSTRAINT pk_orleansquery PRIMARY KEY (QueryKey)
);

COMMENT ON TABLE OrleansQuery IS
    'SQL text used by the Orleans ADO.NET providers, keyed by the query key they look up. Maintained by deploy/sql/00x_orleans_*.sql.';
