CREATE TABLE credit_notes (
    id           UUID          PRIMARY KEY,
    tenant_id    TEXT          NOT NULL,
    customer_id  UUID          NOT NULL REFERENCES customers (id),
    number       TEXT          NOT NULL,
    issue_date   DATE          NOT NULL,
    currency     CHAR(3)       NOT NULL,
    amount       NUMERIC(19,4) NOT NULL,
    unallocated  NUMERIC(19,4) NOT NULL,
    version      BIGINT        NOT NULL,
    CONSTRAINT credit_notes_number_per_tenant UNIQUE (tenant_id, number)
);
CREATE INDEX credit_notes_tenant_customer ON credit_notes (tenant_id, customer_id);
ALTER TABLE invoices ADD COLUMN document_url TEXT;
