-- Idempotency-Key on creates: the first request with a key creates, a repeat returns what it created.
CREATE TABLE idempotency_keys (
    tenant_id     TEXT        NOT NULL,
    scope         TEXT        NOT NULL,
    key           TEXT        NOT NULL,
    request_hash  TEXT        NOT NULL,
    resource_id   UUID,
    created_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, scope, key)
);
