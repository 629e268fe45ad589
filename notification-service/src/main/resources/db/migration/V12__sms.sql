-- R8.2: the text messages of SMS steps, one per reminder and number (a redelivered step makes none again).
CREATE TABLE sms (
    id            UUID        PRIMARY KEY,
    tenant_id     TEXT        NOT NULL,
    reminder_key  TEXT        NOT NULL,
    customer_id   UUID        NOT NULL,
    invoice_ids   UUID[]      NOT NULL,
    step_name     TEXT,
    to_number     TEXT        NOT NULL, -- as the contact has it ('' when none of the step's contacts has one)
    e164          TEXT,                 -- null when it is no mobile number in E.164
    language      TEXT,
    text          TEXT,
    segments      INT,
    encoding      TEXT,
    status        TEXT        NOT NULL, -- PENDING, SENT, FAILED, SUPPRESSED
    attempts      INT         NOT NULL DEFAULT 0,
    next_at       TIMESTAMPTZ,
    provider_id   TEXT,
    error         TEXT,
    created_at    TIMESTAMPTZ NOT NULL,
    sent_at       TIMESTAMPTZ,
    trace_parent  TEXT,
    UNIQUE (reminder_key, to_number)
);
CREATE INDEX sms_due ON sms (next_at) WHERE status = 'PENDING';
CREATE INDEX sms_customer ON sms (tenant_id, customer_id, created_at DESC);
