-- A customer's billing address (where letters go, R2.4): JSON of PostalAddress, NULL when the customer has none.
ALTER TABLE customers ADD COLUMN billing_address TEXT;
