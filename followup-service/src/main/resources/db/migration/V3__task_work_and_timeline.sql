-- Tasks of every kind (R5.1): CALL, VALIDATE_EMAIL, SEND_LETTER, FIX_CONTACT, MANUAL; OPEN, DONE or DISMISSED.
-- source_key names what made the task (a reminder, a draft, a letter, a failed e-mail) and is unique: a redelivered
-- event makes no second task. version is the ETag of the task.
ALTER TABLE tasks DROP CONSTRAINT tasks_reminder_key_key;
ALTER TABLE tasks ADD COLUMN source_key TEXT;
UPDATE tasks SET source_key = 'reminder/' || reminder_key WHERE reminder_key IS NOT NULL;
CREATE UNIQUE INDEX tasks_source ON tasks (source_key);
ALTER TABLE tasks ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
ALTER TABLE tasks ADD COLUMN invoice_ids UUID[] NOT NULL DEFAULT '{}';
ALTER TABLE tasks ADD COLUMN assignee TEXT;
ALTER TABLE tasks ADD COLUMN note TEXT;
ALTER TABLE tasks ADD COLUMN outcome TEXT;
ALTER TABLE tasks ADD COLUMN promised_date DATE;
ALTER TABLE tasks ADD COLUMN snoozed_until DATE;
ALTER TABLE tasks ADD COLUMN closed_at TIMESTAMPTZ;
ALTER TABLE tasks ADD COLUMN closed_by TEXT;
ALTER TABLE tasks ADD COLUMN email_id UUID;        -- VALIDATE_EMAIL, FIX_CONTACT: the e-mail concerned
ALTER TABLE tasks ADD COLUMN draft TEXT;           -- VALIDATE_EMAIL: JSON {to, subject, bodyHtml}
ALTER TABLE tasks ADD COLUMN document_path TEXT;   -- SEND_LETTER: where notification-service serves the PDF
ALTER TABLE tasks ADD COLUMN detail TEXT;          -- FIX_CONTACT: the failure or bounce
UPDATE tasks SET invoice_ids = ARRAY(SELECT (j ->> 'invoiceId')::uuid FROM jsonb_array_elements(invoices::jsonb) j);
CREATE INDEX tasks_assignee ON tasks (tenant_id, assignee, status);
CREATE INDEX tasks_invoices ON tasks USING gin (invoice_ids);

-- The timeline (R5.3): what happened to a customer and its invoices, from every topic and from the tasks here.
-- source is unique (the event id, or the task and its version): a redelivery adds nothing.
CREATE TABLE timeline (
    id           BIGSERIAL   PRIMARY KEY,
    tenant_id    TEXT        NOT NULL,
    customer_id  UUID        NOT NULL,
    invoice_ids  UUID[]      NOT NULL DEFAULT '{}',
    at           TIMESTAMPTZ NOT NULL,
    kind         TEXT        NOT NULL,
    summary      TEXT        NOT NULL,
    details      TEXT        NOT NULL, -- JSON: the event or the task change
    source       TEXT        NOT NULL UNIQUE
);
CREATE INDEX timeline_customer ON timeline (tenant_id, customer_id, at, id);
CREATE INDEX timeline_invoices ON timeline USING gin (invoice_ids);
