-- Every replay of a dead-lettered record back to its source topic (GET/POST /admin/dead-letters): which record,
-- where it went, when and by whom.
CREATE TABLE dead_letter_replays (
    id                    BIGSERIAL PRIMARY KEY,
    dead_letter_topic     TEXT        NOT NULL,
    dead_letter_partition INT         NOT NULL,
    dead_letter_offset    BIGINT      NOT NULL,
    tenant_id             TEXT,
    target_topic          TEXT        NOT NULL,
    target_partition      INT         NOT NULL,
    target_offset         BIGINT      NOT NULL,
    replayed_at           TIMESTAMPTZ NOT NULL,
    replayed_by           TEXT        NOT NULL
);
CREATE INDEX dead_letter_replays_record ON dead_letter_replays (dead_letter_topic, dead_letter_partition, dead_letter_offset);
