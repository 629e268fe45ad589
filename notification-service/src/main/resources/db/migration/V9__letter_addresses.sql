-- Letters ready for the post (R2.4): the customers' billing addresses and references, projected from the invoice
-- topic (rebuildable by replaying it), and per letter the address it was printed for, or why none was printed.
CREATE TABLE customers (
    tenant_id       TEXT NOT NULL,
    customer_id     UUID NOT NULL,
    reference       TEXT,           -- the customer's number in the tenant's ERP
    billing_address TEXT,           -- JSON of PostalAddress; NULL: none
    PRIMARY KEY (tenant_id, customer_id)
);

ALTER TABLE letters ALTER COLUMN pdf DROP NOT NULL;   -- NULL when no letter could be made (see problem)
ALTER TABLE letters ADD COLUMN address TEXT;          -- JSON of the PostalAddress the letter was printed for
ALTER TABLE letters ADD COLUMN problem TEXT;          -- why no letter was made (no postal address)
