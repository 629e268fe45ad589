-- The event store. It is also the outbox: the relay publishes rows whose published_at is null, in position order.
CREATE TABLE events (
    position        BIGSERIAL PRIMARY KEY,
    event_id        UUID        NOT NULL UNIQUE,
    tenant_id       TEXT        NOT NULL,
    stream_id       TEXT        NOT NULL,
    version         BIGINT      NOT NULL,
    type            TEXT        NOT NULL,
    schema_version  INT         NOT NULL,
    data            JSONB       NOT NULL,
    metadata        JSONB       NOT NULL DEFAULT '{}'::jsonb,
    partition_key   TEXT        NOT NULL,
    occurred_at     TIMESTAMPTZ NOT NULL,
    published_at    TIMESTAMPTZ,
    CONSTRAINT events_stream_version UNIQUE (tenant_id, stream_id, version)
);
CREATE INDEX events_unpublished ON events (position) WHERE published_at IS NULL;

-- What each consumer has applied: written in the same transaction as the effect.
CREATE TABLE processed_events (
    consumer     TEXT        NOT NULL,
    event_id     UUID        NOT NULL,
    processed_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (consumer, event_id)
);
