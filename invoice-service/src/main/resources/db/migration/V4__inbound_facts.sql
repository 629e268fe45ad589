-- Facts from other systems: which ledger record a source document became, and the last version applied.
-- A fact whose version is not above last_version is a duplicate or arrived out of order and changes nothing.
CREATE TABLE external_refs (
    tenant_id      TEXT   NOT NULL,
    source_system  TEXT   NOT NULL,
    entity         TEXT   NOT NULL, -- customer, invoice, payment
    external_id    TEXT   NOT NULL,
    internal_id    UUID   NOT NULL,
    last_version   BIGINT NOT NULL,
    PRIMARY KEY (tenant_id, source_system, entity, external_id)
);
