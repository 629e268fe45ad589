-- What follow-up knows of the tenant's customers and invoices (from the invoice topic) and of its time zone (from the
-- plan topic): a command naming a customer or invoice the tenant does not have is refused, and "today" is the
-- tenant's day. Rebuildable by replaying the topics.
CREATE TABLE known_customers (
    tenant_id    TEXT NOT NULL,
    customer_id  UUID NOT NULL,
    PRIMARY KEY (tenant_id, customer_id)
);
CREATE TABLE known_invoices (
    tenant_id    TEXT NOT NULL,
    invoice_id   UUID NOT NULL,
    customer_id  UUID NOT NULL,
    PRIMARY KEY (tenant_id, invoice_id)
);
CREATE TABLE tenant_zones (
    tenant_id         TEXT   PRIMARY KEY,
    time_zone         TEXT   NOT NULL,
    settings_version  BIGINT NOT NULL
);
-- The customers and invoices follow-up has seen so far (tasks and timeline entries name them).
INSERT INTO known_customers (tenant_id, customer_id)
    SELECT DISTINCT tenant_id, customer_id FROM timeline ON CONFLICT DO NOTHING;
INSERT INTO known_invoices (tenant_id, invoice_id, customer_id)
    SELECT DISTINCT tenant_id, unnest(invoice_ids), customer_id FROM timeline ON CONFLICT DO NOTHING;
