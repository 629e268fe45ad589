-- One reminder may make two e-mails: the customer's and the colleagues' (R2.5). The pair (reminder_key, audience)
-- is unique: a reminder handled once is refused afterwards (redelivery, retry, second replica).
ALTER TABLE emails DROP CONSTRAINT emails_reminder_key_key;
ALTER TABLE emails ADD COLUMN audience TEXT NOT NULL DEFAULT 'CUSTOMER'; -- CUSTOMER, INTERNAL
CREATE UNIQUE INDEX emails_reminder_audience ON emails (reminder_key, audience);
-- DRAFT (awaiting validation), PENDING, SENT, FAILED, SUPPRESSED (re-check), DISMISSED (draft), BOUNCED
ALTER TABLE emails ADD COLUMN invoice_ids UUID[] NOT NULL DEFAULT '{}';
ALTER TABLE emails ADD COLUMN step TEXT;            -- the ReminderStepDue as JSON: re-rendered when invoices drop out
ALTER TABLE emails ADD COLUMN edited BOOLEAN NOT NULL DEFAULT false; -- subject/body as a reviewer approved them
ALTER TABLE emails ADD COLUMN decided_by TEXT;      -- who approved or dismissed the draft
ALTER TABLE emails ADD COLUMN decided_at TIMESTAMPTZ;
ALTER TABLE emails ADD COLUMN permanent BOOLEAN NOT NULL DEFAULT false; -- FAILED: refused for good, not retried
CREATE INDEX emails_invoices ON emails USING gin (invoice_ids);
CREATE INDEX emails_message_id ON emails (message_id);

-- What this service knows of each invoice now, from the invoice topic and the invoice switches on the plan topic:
-- the re-check before sending (R7.8) and the colleagues' list of overdue invoices read it. Rebuildable.
CREATE TABLE invoices (
    tenant_id      TEXT    NOT NULL,
    invoice_id     UUID    NOT NULL,
    customer_id    UUID,
    number         TEXT,
    issue_date     DATE,
    due_date       DATE,
    currency       TEXT,
    amount         NUMERIC(19, 4),
    outstanding    NUMERIC(19, 4),
    status         TEXT,
    disputed       BOOLEAN NOT NULL DEFAULT false,
    automation_off BOOLEAN NOT NULL DEFAULT false,
    PRIMARY KEY (tenant_id, invoice_id)
);
CREATE INDEX invoices_customer ON invoices (tenant_id, customer_id, due_date);

-- Letters rendered as PDF (R2.4), one per reminder.
CREATE TABLE letters (
    id            UUID        PRIMARY KEY,
    tenant_id     TEXT        NOT NULL,
    reminder_key  TEXT        NOT NULL UNIQUE,
    customer_id   UUID        NOT NULL,
    customer_name TEXT        NOT NULL,
    invoice_ids   UUID[]      NOT NULL,
    step_name     TEXT        NOT NULL,
    title         TEXT        NOT NULL,
    language      TEXT        NOT NULL,
    pages         INT         NOT NULL,
    pdf           BYTEA       NOT NULL,
    created_at    TIMESTAMPTZ NOT NULL
);
CREATE INDEX letters_tenant ON letters (tenant_id, created_at DESC);
