-- The day an invoice's outstanding amount last fell to zero (or below) and stayed there (null while it is owed), so
-- that the ageing and the DSO read only the invoices that may be owed in their window, not a tenant's whole history.
ALTER TABLE invoices ADD COLUMN zero_since DATE;
UPDATE invoices i SET zero_since = l.z FROM (SELECT DISTINCT ON (tenant_id, invoice_id) tenant_id, invoice_id,
    CASE WHEN outstanding_after <= 0 THEN on_day END AS z FROM movements
    ORDER BY tenant_id, invoice_id, on_day DESC, seq DESC) l
WHERE i.tenant_id = l.tenant_id AND i.invoice_id = l.invoice_id;
