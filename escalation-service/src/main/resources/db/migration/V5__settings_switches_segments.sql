-- Tenant settings and switches, customer pauses, invoice switches and segment defaults, projected from the plan
-- topic. A pause or a switch can arrive before the customer or invoice it is about, hence tables of their own.
CREATE TABLE tenants (
    tenant_id           TEXT    PRIMARY KEY,
    automation_enabled  BOOLEAN NOT NULL DEFAULT true,
    settings            TEXT,   -- JSON of TenantSettingsChanged
    settings_version    BIGINT  NOT NULL DEFAULT 0
);

CREATE TABLE customer_switches (
    tenant_id    TEXT    NOT NULL,
    customer_id  UUID    NOT NULL,
    paused       BOOLEAN NOT NULL,
    PRIMARY KEY (tenant_id, customer_id)
);

CREATE TABLE invoice_switches (
    tenant_id   TEXT    NOT NULL,
    invoice_id  UUID    NOT NULL,
    enabled     BOOLEAN NOT NULL,
    PRIMARY KEY (tenant_id, invoice_id)
);

CREATE TABLE segment_defaults (
    tenant_id  TEXT NOT NULL,
    segment    TEXT NOT NULL,
    plan_id    UUID NOT NULL,
    PRIMARY KEY (tenant_id, segment)
);

ALTER TABLE customers ADD COLUMN segment TEXT;
ALTER TABLE customers ADD COLUMN internal_users TEXT NOT NULL DEFAULT '[]';
CREATE INDEX escalation_customers_segment ON customers (tenant_id, segment);
CREATE INDEX escalation_assignments_plan ON assignments (tenant_id, plan_id);
