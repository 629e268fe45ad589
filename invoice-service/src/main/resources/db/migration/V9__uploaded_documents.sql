-- Invoice documents uploaded through REST (R8.1): served at /documents/{token} to whoever holds the link (the
-- invoice's documentUrl), which notification-service fetches to attach. An upload adds a row; older uploads of the
-- invoice stay, so a link already handed out keeps working.
CREATE TABLE invoice_documents (
    token         TEXT        PRIMARY KEY, -- 256 random bits, URL-safe base64: the link is the capability
    tenant_id     TEXT        NOT NULL,
    invoice_id    UUID        NOT NULL,
    content_type  TEXT        NOT NULL,
    content       BYTEA       NOT NULL,
    uploaded_at   TIMESTAMPTZ NOT NULL
);
CREATE INDEX invoice_documents_invoice ON invoice_documents (tenant_id, invoice_id);
