-- Where the customer pays the invoice online (R8.1), NULL when none.
ALTER TABLE invoices ADD COLUMN payment_url TEXT;
