CREATE TABLE plans (
    id          UUID        PRIMARY KEY,
    tenant_id   TEXT        NOT NULL,
    name        TEXT        NOT NULL,
    plan_type   TEXT        NOT NULL,
    steps       TEXT        NOT NULL, -- JSON array of steps
    version     BIGINT      NOT NULL
);
CREATE INDEX plans_tenant ON plans (tenant_id, name);

CREATE TABLE assignments (
    tenant_id    TEXT   NOT NULL,
    customer_id  UUID   NOT NULL,
    plan_id      UUID   NOT NULL REFERENCES plans (id),
    version      BIGINT NOT NULL,
    PRIMARY KEY (tenant_id, customer_id)
);
