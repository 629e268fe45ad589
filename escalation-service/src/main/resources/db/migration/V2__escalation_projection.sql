-- Projections of the invoice and plan topics (rebuildable by replaying them) and the schedule of steps.
CREATE TABLE customers (
    tenant_id  TEXT NOT NULL,
    id         UUID NOT NULL,
    name       TEXT NOT NULL,
    language   TEXT NOT NULL,
    contacts   TEXT NOT NULL, -- JSON array of contacts
    PRIMARY KEY (tenant_id, id)
);

CREATE TABLE invoices (
    tenant_id    TEXT          NOT NULL,
    id           UUID          NOT NULL,
    customer_id  UUID          NOT NULL,
    number       TEXT          NOT NULL,
    issue_date   DATE          NOT NULL,
    due_date     DATE          NOT NULL,
    currency     CHAR(3)       NOT NULL,
    amount       NUMERIC(19,4) NOT NULL,
    outstanding  NUMERIC(19,4) NOT NULL,
    status       TEXT          NOT NULL,
    PRIMARY KEY (tenant_id, id)
);
CREATE INDEX escalation_invoices_customer ON invoices (tenant_id, customer_id);

CREATE TABLE plans (
    tenant_id  TEXT   NOT NULL,
    id         UUID   NOT NULL,
    version    BIGINT NOT NULL,
    name       TEXT   NOT NULL,
    steps      TEXT   NOT NULL, -- JSON array of steps
    PRIMARY KEY (tenant_id, id)
);

CREATE TABLE assignments (
    tenant_id    TEXT NOT NULL,
    customer_id  UUID NOT NULL,
    plan_id      UUID NOT NULL,
    PRIMARY KEY (tenant_id, customer_id)
);

-- One row per (plan, step, invoice): the deterministic reminder key. PENDING rows wait for fire_at;
-- FIRED and SKIPPED rows are the record of what happened and are never re-planned.
CREATE TABLE schedule (
    reminder_key  TEXT        PRIMARY KEY,
    tenant_id     TEXT        NOT NULL,
    invoice_id    UUID        NOT NULL,
    customer_id   UUID        NOT NULL,
    plan_id       UUID        NOT NULL,
    step_id       UUID        NOT NULL,
    step_order    INT         NOT NULL,
    fire_date     DATE        NOT NULL,
    fire_at       TIMESTAMPTZ NOT NULL,
    status        TEXT        NOT NULL,
    reason        TEXT,
    decided_at    TIMESTAMPTZ
);
-- The tick reads only what is due: cost follows the work due, not the invoices held.
CREATE INDEX schedule_due ON schedule (fire_at) WHERE status = 'PENDING';
CREATE INDEX schedule_invoice ON schedule (tenant_id, invoice_id);
