-- The three plan types, archiving, templates, slots of assignments, segment defaults, and what plan-service knows
-- of customers and invoices from the invoice topic (segment, customer of an invoice).
ALTER TABLE plans ADD COLUMN group_settings TEXT;     -- JSON, ESCALATION_PER_GROUP plans
ALTER TABLE plans ADD COLUMN overview_settings TEXT;  -- JSON, RECURRING_OVERVIEW plans
ALTER TABLE plans ADD COLUMN archived BOOLEAN NOT NULL DEFAULT false;
CREATE INDEX plans_tenant_type ON plans (tenant_id, plan_type, archived);

CREATE TABLE templates (
    id         UUID    PRIMARY KEY,
    tenant_id  TEXT    NOT NULL,
    key        TEXT    NOT NULL,
    kind       TEXT    NOT NULL,
    name       TEXT    NOT NULL,
    variants   TEXT    NOT NULL, -- JSON array of {language, subject, body}
    archived   BOOLEAN NOT NULL DEFAULT false,
    version    BIGINT  NOT NULL,
    UNIQUE (tenant_id, key)
);

-- A customer has at most one plan per slot (ESCALATION, OVERVIEW).
ALTER TABLE assignments DROP CONSTRAINT assignments_pkey;
ALTER TABLE assignments ADD COLUMN slot TEXT NOT NULL DEFAULT 'ESCALATION';
ALTER TABLE assignments ADD PRIMARY KEY (tenant_id, customer_id, slot);
ALTER TABLE assignments DROP COLUMN version;
CREATE INDEX assignments_plan ON assignments (tenant_id, plan_id);

CREATE TABLE segment_defaults (
    tenant_id  TEXT NOT NULL,
    segment    TEXT NOT NULL,
    slot       TEXT NOT NULL,
    plan_id    UUID NOT NULL REFERENCES plans (id),
    PRIMARY KEY (tenant_id, segment, slot)
);
CREATE INDEX segment_defaults_plan ON segment_defaults (tenant_id, plan_id);

-- Projected from the invoice topic: a customer's segment and an invoice's customer, to resolve effective plans.
CREATE TABLE known_customers (
    tenant_id  TEXT NOT NULL,
    id         UUID NOT NULL,
    segment    TEXT,
    PRIMARY KEY (tenant_id, id)
);

CREATE TABLE known_invoices (
    tenant_id    TEXT NOT NULL,
    id           UUID NOT NULL,
    customer_id  UUID NOT NULL,
    PRIMARY KEY (tenant_id, id)
);
