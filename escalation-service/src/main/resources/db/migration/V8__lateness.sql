-- Each customer's lateness (R7.10): overdue or current, since when, the version of its lateness stream, and when
-- to look again (the start of the day after its next due date, in the tenant's zone).
CREATE TABLE lateness (
    tenant_id    TEXT        NOT NULL,
    customer_id  UUID        NOT NULL,
    overdue      BOOLEAN     NOT NULL DEFAULT false,
    since        DATE,
    version      BIGINT      NOT NULL DEFAULT 0,
    watch_at     TIMESTAMPTZ,
    PRIMARY KEY (tenant_id, customer_id)
);
CREATE INDEX lateness_watch ON lateness (watch_at) WHERE watch_at IS NOT NULL;
