-- Follow-up tasks. A task made from a reminder carries its key, unique: a redelivered reminder makes no second task.
CREATE TABLE tasks (
    id            UUID        PRIMARY KEY,
    tenant_id     TEXT        NOT NULL,
    reminder_key  TEXT        UNIQUE,
    type          TEXT        NOT NULL, -- CALL
    status        TEXT        NOT NULL, -- OPEN
    title         TEXT        NOT NULL,
    customer_id   UUID        NOT NULL,
    customer_name TEXT        NOT NULL,
    contacts      TEXT        NOT NULL, -- JSON: who to call, with phone numbers
    invoices      TEXT        NOT NULL, -- JSON: the invoices concerned
    due_date      DATE        NOT NULL,
    created_at    TIMESTAMPTZ NOT NULL
);
CREATE INDEX tasks_tenant_open ON tasks (tenant_id, status, due_date);
