-- Read models of the ledger, written in the same transaction as the events they come from.
CREATE TABLE customers (
    id          UUID        PRIMARY KEY,
    tenant_id   TEXT        NOT NULL,
    name        TEXT        NOT NULL,
    language    TEXT        NOT NULL,
    segment     TEXT,
    contacts    TEXT        NOT NULL, -- JSON array of contacts
    version     BIGINT      NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX customers_tenant ON customers (tenant_id, name);

CREATE TABLE invoices (
    id           UUID          PRIMARY KEY,
    tenant_id    TEXT          NOT NULL,
    customer_id  UUID          NOT NULL REFERENCES customers (id),
    number       TEXT          NOT NULL,
    issue_date   DATE          NOT NULL,
    due_date     DATE          NOT NULL,
    currency     CHAR(3)       NOT NULL,
    amount       NUMERIC(19,4) NOT NULL,
    outstanding  NUMERIC(19,4) NOT NULL,
    status       TEXT          NOT NULL,
    version      BIGINT        NOT NULL,
    CONSTRAINT invoices_number_per_tenant UNIQUE (tenant_id, number)
);
CREATE INDEX invoices_tenant_customer ON invoices (tenant_id, customer_id);
CREATE INDEX invoices_tenant_due ON invoices (tenant_id, due_date);
