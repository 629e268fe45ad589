-- Where each invoice's document is fetched from (R8.1), projected from InvoiceDocumentAttached; NULL: none linked.
ALTER TABLE invoices ADD COLUMN document_url TEXT;
-- The customer's e-mail of a step that attaches the invoice documents: sent with them or not at all.
ALTER TABLE emails ADD COLUMN attach_documents BOOLEAN NOT NULL DEFAULT false;
