-- R8.4: what the insights are computed from, projected from the ledger, reminder, notification and plan topics.
CREATE TABLE invoices (
    tenant_id    TEXT    NOT NULL,
    invoice_id   UUID    NOT NULL,
    customer_id  UUID    NOT NULL,
    currency     TEXT    NOT NULL,
    issue_date   DATE    NOT NULL,
    due_date     DATE    NOT NULL,
    amount       NUMERIC NOT NULL,
    closed_on    DATE,
    PRIMARY KEY (tenant_id, invoice_id)
);
-- every change of an invoice's outstanding amount, keyed by the event that made it (a redelivery adds nothing)
CREATE TABLE movements (
    event_id          UUID    PRIMARY KEY,
    tenant_id         TEXT    NOT NULL,
    invoice_id        UUID    NOT NULL,
    on_day            DATE    NOT NULL,
    kind              TEXT    NOT NULL, -- PAYMENT, CREDIT, CORRECTION
    amount            NUMERIC NOT NULL,
    outstanding_after NUMERIC NOT NULL,
    seq               BIGSERIAL
);
CREATE INDEX movements_invoice ON movements (tenant_id, invoice_id, on_day, seq);
-- each reminder the engine fired; sent_on once it went out (e-mail accepted, letter ready, call task made)
CREATE TABLE reminders (
    tenant_id     TEXT   NOT NULL,
    reminder_key  TEXT   NOT NULL,
    plan_id       UUID   NOT NULL,
    step_id       UUID   NOT NULL,
    step_name     TEXT   NOT NULL,
    variant       TEXT,
    template_key  TEXT,
    invoice_ids   UUID[] NOT NULL,
    sent_on       DATE,
    PRIMARY KEY (tenant_id, reminder_key)
);
CREATE INDEX reminders_sent ON reminders (tenant_id, sent_on);
CREATE TABLE plans (
    tenant_id TEXT NOT NULL,
    plan_id   UUID NOT NULL,
    name      TEXT NOT NULL,
    PRIMARY KEY (tenant_id, plan_id)
);
-- when a reminder went out and for which invoices (a grouped e-mail may have lost some before it was sent); kept
-- apart from reminders so that the order the two topics arrive in does not matter
CREATE TABLE sendings (
    tenant_id     TEXT   NOT NULL,
    reminder_key  TEXT   NOT NULL,
    sent_on       DATE   NOT NULL,
    invoice_ids   UUID[] NOT NULL,
    PRIMARY KEY (tenant_id, reminder_key)
);
