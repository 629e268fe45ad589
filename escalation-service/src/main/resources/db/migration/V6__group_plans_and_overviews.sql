-- Group plans and recurring overviews: their settings, the overview slot's assignments and segment defaults, the
-- customers' open credit notes, lateness episodes, and the schedule of checks (one row per plan, customer and check
-- date: the deterministic key). PENDING rows wait for fire_at; FIRED and SKIPPED rows are the record.
ALTER TABLE plans ADD COLUMN group_settings TEXT;
ALTER TABLE plans ADD COLUMN overview_settings TEXT;

CREATE TABLE overview_assignments (
    tenant_id    TEXT NOT NULL,
    customer_id  UUID NOT NULL,
    plan_id      UUID NOT NULL,
    PRIMARY KEY (tenant_id, customer_id)
);
CREATE INDEX overview_assignments_plan ON overview_assignments (tenant_id, plan_id);

CREATE TABLE overview_defaults (
    tenant_id  TEXT NOT NULL,
    segment    TEXT NOT NULL,
    plan_id    UUID NOT NULL,
    PRIMARY KEY (tenant_id, segment)
);

CREATE TABLE credit_notes (
    tenant_id    TEXT          NOT NULL,
    id           UUID          NOT NULL,
    customer_id  UUID          NOT NULL,
    number       TEXT          NOT NULL,
    issue_date   DATE          NOT NULL,
    currency     CHAR(3)       NOT NULL,
    amount       NUMERIC(19,4) NOT NULL,
    unallocated  NUMERIC(19,4) NOT NULL,
    PRIMARY KEY (tenant_id, id)
);
CREATE INDEX escalation_credit_notes_customer ON credit_notes (tenant_id, customer_id);

-- started: the first check at which the customer had something overdue; null while it has nothing overdue
CREATE TABLE episodes (
    tenant_id    TEXT NOT NULL,
    customer_id  UUID NOT NULL,
    started      DATE,
    PRIMARY KEY (tenant_id, customer_id)
);

CREATE TABLE customer_schedule (
    reminder_key  TEXT        PRIMARY KEY,
    tenant_id     TEXT        NOT NULL,
    customer_id   UUID        NOT NULL,
    plan_id       UUID        NOT NULL,
    plan_type     TEXT        NOT NULL,
    check_date    DATE        NOT NULL,
    fire_at       TIMESTAMPTZ NOT NULL,
    status        TEXT        NOT NULL,
    step_id       UUID,
    reason        TEXT,
    decided_at    TIMESTAMPTZ
);
CREATE INDEX customer_schedule_due ON customer_schedule (fire_at) WHERE status = 'PENDING';
CREATE INDEX customer_schedule_customer ON customer_schedule (tenant_id, customer_id, plan_id);
