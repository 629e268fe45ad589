ALTER TABLE invoices ADD COLUMN disputed BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE invoices ADD COLUMN expected_payment_date DATE;
