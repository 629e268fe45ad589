-- The day of the last automatic message to each customer (R7.6), for the tenant's minimum gap between two.
CREATE TABLE customer_messages (
    tenant_id    TEXT NOT NULL,
    customer_id  UUID NOT NULL,
    last_sent    DATE NOT NULL,
    PRIMARY KEY (tenant_id, customer_id)
);
