-- The postal-provider adapter (off by default): NULL = not handed to a provider; PENDING, DRAFTED, FAILED.
ALTER TABLE letters ADD COLUMN postal_status TEXT;
ALTER TABLE letters ADD COLUMN postal_reference TEXT; -- the provider's draft id
ALTER TABLE letters ADD COLUMN postal_error TEXT;
ALTER TABLE letters ADD COLUMN postal_attempts INT NOT NULL DEFAULT 0;
ALTER TABLE letters ADD COLUMN postal_next_at TIMESTAMPTZ;
CREATE INDEX letters_postal ON letters (postal_next_at) WHERE postal_status = 'PENDING';
