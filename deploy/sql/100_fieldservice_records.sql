-- FieldService's own records beside the Orleans tables: the append-only audit trail (S1) and the
-- queryable indexes of work orders and technicians that the list endpoints read.
-- Idempotent: every statement may run again on a database that already has the schema.

-- The audit trail. One row per recorded change; (subject_type, subject_id, sequence) is the natural key, so a
-- grain that publishes its history again after a crash cannot double a row.
CREATE TABLE IF NOT EXISTS fs_audit
(
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    subject_type  text        NOT NULL,
    subject_id    text        NOT NULL,
    sequence      bigint      NOT NULL,
    at            timestamptz NOT NULL,
    actor_id      text        NOT NULL,
    actor_role    text        NOT NULL,
    action        text        NOT NULL,
    from_status   text        NULL,
    to_status     text        NULL,
    reason        text        NULL,
    work_order_id text        NULL,
    technician_id text        NULL,
    recorded_at   timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT fs_audit_subject_sequence UNIQUE (subject_type, subject_id, sequence)
);

-- The typed facts the reports count (AuditEntryFacts as JSON: priority, agreedArrivalBy, clause, clock, inspection,
-- inspectionPassed, satisfaction, parts). The reason column is prose for people; nothing reads it. Rows written
-- before the column existed get their facts derived once, below.
ALTER TABLE fs_audit ADD COLUMN IF NOT EXISTS facts jsonb NULL;

CREATE INDEX IF NOT EXISTS fs_audit_at ON fs_audit (at);
CREATE INDEX IF NOT EXISTS fs_audit_work_order ON fs_audit (work_order_id, at) WHERE work_order_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS fs_audit_technician ON fs_audit (technician_id, at) WHERE technician_id IS NOT NULL;

-- Append-only means append-only: the database itself refuses to change or remove a recorded row.
CREATE OR REPLACE FUNCTION fs_audit_refuse_change() RETURNS trigger
LANGUAGE plpgsql AS
$$
BEGIN
    -- The one change allowed: a row without facts gets them once, everything else as it was (the convergence of
    -- rows recorded before the facts column, below). Facts once set never change.
    IF TG_OP = 'UPDATE' AND OLD.facts IS NULL AND NEW.facts IS NOT NULL
       AND to_jsonb(NEW) - 'facts' = to_jsonb(OLD) - 'facts' THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'fs_audit is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE OR REPLACE TRIGGER fs_audit_append_only
    BEFORE UPDATE OR DELETE ON fs_audit
    FOR EACH ROW EXECUTE FUNCTION fs_audit_refuse_change();

CREATE OR REPLACE TRIGGER fs_audit_no_truncate
    BEFORE TRUNCATE ON fs_audit
    FOR EACH STATEMENT EXECUTE FUNCTION fs_audit_refuse_change();

-- Rows recorded before the facts column: their facts are derived once from the reason text that the platform wrote
-- at the time (the only place that text is ever read), '{}' where there is none, so a later run finds nothing to do.
UPDATE fs_audit AS a
SET facts = jsonb_strip_nulls(jsonb_build_object(
    'priority', CASE WHEN a.action = 'report' AND a.subject_type = 'work-order'
                     THEN nullif(split_part(a.reason, ' ', 1), '') END,
    'agreedArrivalBy', CASE WHEN a.action = 'report' AND a.subject_type = 'work-order'
                            THEN substring(a.reason FROM '; arrival agreed by (\S+)') END,
    'clause', CASE WHEN a.action = 'breach' AND a.subject_type = 'work-order' AND position(':' IN a.reason) > 1
                   THEN split_part(a.reason, ':', 1) END,
    'clock', CASE WHEN a.action = 'breach' AND a.subject_type = 'work-order' THEN
                 CASE split_part(a.reason, ':', 1)
                     WHEN 'P2' THEN 'dispatch'
                     WHEN 'P3' THEN 'accept'
                     WHEN 'P4' THEN 'arrival'
                     WHEN 'E2' THEN CASE WHEN a.reason LIKE '%not contacted%' THEN 'emergency-contact' ELSE 'emergency-arrival' END
                     WHEN 'P9' THEN 'callback'
                     WHEN 'Q4' THEN 'rework'
                 END END,
    'inspection', CASE WHEN a.action = 'complete' AND a.subject_type = 'work-order' THEN
                      CASE substring(a.reason FROM 'inspection: (critical|re-inspection|sampled|not sampled)')
                          WHEN 'critical' THEN 'critical'
                          WHEN 're-inspection' THEN 're-inspection'
                          WHEN 'sampled' THEN 'sampled'
                          WHEN 'not sampled' THEN 'not-sampled'
                      END END,
    'inspectionPassed', CASE WHEN a.action = 'inspection' AND a.subject_type = 'work-order' THEN
                            CASE WHEN a.reason LIKE 'passed%' THEN true WHEN a.reason LIKE 'failed%' THEN false END END,
    'satisfaction', CASE WHEN a.action = 'callback' AND a.subject_type = 'work-order'
                         THEN substring(a.reason FROM '^satisfaction ([1-5])/5')::int END,
    'parts', CASE WHEN a.subject_type = 'parts-bin' AND a.action IN ('issue', 'return')
                       AND a.reason ~ '^[+-]?[0-9]+ \S+ at \S+'
                  THEN jsonb_build_array(jsonb_build_object(
                      'location', substring(a.reason FROM '^[+-]?[0-9]+ \S+ at (\S+?):?( |$)'),
                      'sku', substring(a.reason FROM '^[+-]?[0-9]+ (\S+) at '),
                      'quantity', substring(a.reason FROM '^([+-]?[0-9]+) ')::int)) END))
WHERE a.facts IS NULL;

-- One line per work order, kept current by the order's grain; a write carrying an older version is ignored.
CREATE TABLE IF NOT EXISTS fs_work_order_index
(
    id             text        PRIMARY KEY,
    status         text        NOT NULL,
    priority       text        NOT NULL,
    region         text        NOT NULL,
    technician_id  text        NULL,
    customer_name  text        NOT NULL,
    product_model  text        NOT NULL,
    critical       boolean     NOT NULL,
    reported_at    timestamptz NOT NULL,
    updated_at     timestamptz NOT NULL,
    version        bigint      NOT NULL,
    customer_id    text        NULL
);

-- Columns added after the table first shipped: ADD ... IF NOT EXISTS brings an older database up to date.
ALTER TABLE fs_work_order_index ADD COLUMN IF NOT EXISTS customer_id text NULL;

CREATE INDEX IF NOT EXISTS fs_work_order_index_customer ON fs_work_order_index (customer_id, reported_at DESC)
    WHERE customer_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS fs_work_order_index_region ON fs_work_order_index (region, status, reported_at DESC);
CREATE INDEX IF NOT EXISTS fs_work_order_index_status ON fs_work_order_index (status, reported_at DESC);
CREATE INDEX IF NOT EXISTS fs_work_order_index_technician ON fs_work_order_index (technician_id, reported_at DESC)
    WHERE technician_id IS NOT NULL;

-- One row per technician with the snapshot the boards and dispatch read.
CREATE TABLE IF NOT EXISTS fs_technician_index
(
    id         text        PRIMARY KEY,
    region     text        NOT NULL,
    snapshot   jsonb       NOT NULL,
    updated_at timestamptz NOT NULL,
    version    bigint      NOT NULL
);

CREATE INDEX IF NOT EXISTS fs_technician_index_region ON fs_technician_index (region);

-- One row per escalation (a team's inbox), kept current by the escalation's grain.
CREATE TABLE IF NOT EXISTS fs_escalation_index
(
    id              text        PRIMARY KEY,
    team            text        NOT NULL,
    work_order_id   text        NOT NULL,
    raised_at       timestamptz NOT NULL,
    acknowledged_at timestamptz NULL,
    snapshot        jsonb       NOT NULL,
    version         bigint      NOT NULL
);

CREATE INDEX IF NOT EXISTS fs_escalation_index_open ON fs_escalation_index (team, raised_at) WHERE acknowledged_at IS NULL;
CREATE INDEX IF NOT EXISTS fs_escalation_index_team ON fs_escalation_index (team, raised_at);

-- Q1: which orders were checked against which version of a category's standard, one row per use. A use recorded
-- again (an order's follow-up sent after a crash) meets its first row and adds nothing. Listed newest first by
-- position, the order the uses were recorded in; one row per use means a completion costs one insert however long
-- the version's list already is.
CREATE TABLE IF NOT EXISTS fs_standard_use
(
    category      text        NOT NULL,
    version       integer     NOT NULL,
    work_order_id text        NOT NULL,
    position      bigint      GENERATED ALWAYS AS IDENTITY,
    technician_id text        NULL,
    checked_at    timestamptz NOT NULL,
    passed        boolean     NOT NULL,
    CONSTRAINT fs_standard_use_key PRIMARY KEY (category, version, work_order_id)
);

CREATE INDEX IF NOT EXISTS fs_standard_use_recent ON fs_standard_use (category, version, position DESC);

-- Until this table, each version's list was one grain state (state name 'standard-usage', keyed 'category/vN',
-- payload {"uses":[{workOrderId, technicianId, checkedAt, passed}, ...]} in recorded order) rewritten whole at every
-- completion. Such a state is moved here once, in its recorded order, and removed in the same statement, so a later
-- run finds nothing; a use already in the table stays as it was.
WITH legacy AS (
    DELETE FROM orleans_grain_state
    WHERE grain_type = 'standard-usage' AND grain_id_extension ~ '/v[0-9]+$'
    RETURNING grain_id_extension AS key, convert_from(payload, 'UTF8')::jsonb AS state
)
INSERT INTO fs_standard_use (category, version, work_order_id, technician_id, checked_at, passed)
SELECT regexp_replace(l.key, '/v[0-9]+$', ''), substring(l.key FROM '/v([0-9]+)$')::integer,
       u.use ->> 'workOrderId', u.use ->> 'technicianId', (u.use ->> 'checkedAt')::timestamptz,
       coalesce((u.use ->> 'passed')::boolean, false)
FROM legacy AS l
CROSS JOIN LATERAL jsonb_array_elements(coalesce(l.state -> 'uses', '[]'::jsonb)) WITH ORDINALITY AS u (use, recorded)
ORDER BY l.key, u.recorded
ON CONFLICT (category, version, work_order_id) DO NOTHING;

-- The complaint listing (P9, CS4), one row per complaint, kept current by the complaint's grain: a change costs one
-- row however many complaints the company has. An older version never overwrites a newer one. id is COLLATE "C" so
-- that ties on opened_at list in ordinal order, as the embedded index does.
CREATE TABLE IF NOT EXISTS fs_complaint
(
    id                        text COLLATE "C" PRIMARY KEY,
    status                    text        NOT NULL,
    work_order_id             text        NOT NULL,
    technician_id             text        NULL,
    customer_id               text        NULL,
    category                  text        NOT NULL,
    upheld_against_technician boolean     NULL,
    opened_at                 timestamptz NOT NULL,
    updated_at                timestamptz NOT NULL,
    version                   bigint      NOT NULL
);

-- The listing's order, and one index per filter it offers (each in that order, so a page reads only its rows).
CREATE INDEX IF NOT EXISTS fs_complaint_listing ON fs_complaint (opened_at DESC, id);
CREATE INDEX IF NOT EXISTS fs_complaint_status ON fs_complaint (status, opened_at DESC, id);
CREATE INDEX IF NOT EXISTS fs_complaint_work_order ON fs_complaint (work_order_id, opened_at DESC, id);
CREATE INDEX IF NOT EXISTS fs_complaint_technician ON fs_complaint (technician_id, opened_at DESC, id)
    WHERE technician_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS fs_complaint_customer ON fs_complaint (customer_id, opened_at DESC, id)
    WHERE customer_id IS NOT NULL;

-- Until this table, the listing was one grain state (state name 'complaintDirectory', payload
-- {"complaints":{"<id>":{id, status, workOrderId, technicianId, customerId, category, upheldAgainstTechnician,
-- openedAt, updatedAt, version}, ...}}) rewritten whole at every change. Such a state is moved here once and removed
-- in the same statement, so a later run finds nothing; a row the table already holds at a newer version stays.
WITH legacy AS (
    DELETE FROM orleans_grain_state
    WHERE grain_type = 'complaintDirectory'
    RETURNING convert_from(payload, 'UTF8')::jsonb AS state
),
summaries AS (
    -- One grain only (key 0), but should a state ever have been written twice, each complaint's newest line wins.
    SELECT DISTINCT ON (c.value ->> 'id') c.value AS summary
    FROM legacy AS l
    CROSS JOIN LATERAL jsonb_each(coalesce(l.state -> 'complaints', '{}'::jsonb)) AS c
    ORDER BY c.value ->> 'id', (c.value ->> 'version')::bigint DESC
)
INSERT INTO fs_complaint AS i (id, status, work_order_id, technician_id, customer_id, category,
                               upheld_against_technician, opened_at, updated_at, version)
SELECT summary ->> 'id', summary ->> 'status', summary ->> 'workOrderId', summary ->> 'technicianId',
       summary ->> 'customerId', summary ->> 'category', (summary ->> 'upheldAgainstTechnician')::boolean,
       (summary ->> 'openedAt')::timestamptz, (summary ->> 'updatedAt')::timestamptz, (summary ->> 'version')::bigint
FROM summaries
ON CONFLICT (id) DO UPDATE SET
    status = EXCLUDED.status, work_order_id = EXCLUDED.work_order_id, technician_id = EXCLUDED.technician_id,
    customer_id = EXCLUDED.customer_id, category = EXCLUDED.category,
    upheld_against_technician = EXCLUDED.upheld_against_technician, opened_at = EXCLUDED.opened_at,
    updated_at = EXCLUDED.updated_at, version = EXCLUDED.version
WHERE i.version < EXCLUDED.version;

-- Files kept with a work order (photos of the fault and of the finished repair), bytes included, written by the
-- order's attachments grain. Rows are never updated. An Idempotency-Key is unique per order, so a retried upload
-- meets its first row instead of adding one.
CREATE TABLE IF NOT EXISTS fs_attachment
(
    id                     text        PRIMARY KEY,
    -- Upload order: taken_at ties when photos arrive within a tick of the clock, and ids are not ordered.
    position               bigint      GENERATED ALWAYS AS IDENTITY,
    work_order_id          text        NOT NULL,
    kind                   text        NOT NULL,
    content_type           text        NOT NULL,
    size_bytes             bigint      NOT NULL CHECK (size_bytes > 0),
    sha256                 text        NOT NULL,
    taken_by_id            text        NOT NULL,
    taken_by_role          text        NOT NULL,
    taken_by_technician_id text        NULL,
    taken_by_customer_id   text        NULL,
    taken_at               timestamptz NOT NULL,
    caption                text        NULL,
    idempotency_key        text        NULL,
    content                bytea       NOT NULL
);

-- Photos are already compressed: storing them out of line without a compression attempt saves the CPU of trying.
ALTER TABLE fs_attachment ALTER COLUMN content SET STORAGE EXTERNAL;

CREATE UNIQUE INDEX IF NOT EXISTS fs_attachment_idempotency ON fs_attachment (work_order_id, idempotency_key)
    WHERE idempotency_key IS NOT NULL;
CREATE INDEX IF NOT EXISTS fs_attachment_work_order ON fs_attachment (work_order_id, position);
