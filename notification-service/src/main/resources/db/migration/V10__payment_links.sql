-- Where the customer pays each invoice online (R8.1), projected from InvoicePaymentLinkChanged; NULL: none.
ALTER TABLE invoices ADD COLUMN payment_url TEXT;
