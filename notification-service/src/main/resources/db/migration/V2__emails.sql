-- Every e-mail the service was asked to send, persisted before it is sent: a restart loses none.
-- reminder_key is unique: a reminder handled once is refused afterwards (redelivery, retry, second replica).
CREATE TABLE emails (
    id               UUID        PRIMARY KEY,
    tenant_id        TEXT        NOT NULL,
    reminder_key     TEXT        NOT NULL UNIQUE,
    customer_id      UUID        NOT NULL,
    recipients       TEXT        NOT NULL, -- comma-separated addresses
    subject          TEXT        NOT NULL,
    body_html        TEXT        NOT NULL,
    body_text        TEXT        NOT NULL,
    message_id       TEXT        NOT NULL,
    status           TEXT        NOT NULL, -- PENDING, SENT, FAILED
    attempts         INT         NOT NULL DEFAULT 0,
    next_attempt_at  TIMESTAMPTZ NOT NULL,
    last_error       TEXT,
    created_at       TIMESTAMPTZ NOT NULL,
    sent_at          TIMESTAMPTZ
);
CREATE INDEX emails_to_send ON emails (next_attempt_at) WHERE status = 'PENDING';
CREATE INDEX emails_tenant ON emails (tenant_id, created_at DESC);
