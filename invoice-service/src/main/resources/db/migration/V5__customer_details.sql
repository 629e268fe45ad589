ALTER TABLE customers ADD COLUMN external_reference TEXT;
ALTER TABLE customers ADD COLUMN internal_users TEXT NOT NULL DEFAULT '[]'; -- JSON array of colleagues
ALTER TABLE customers ADD COLUMN archived BOOLEAN NOT NULL DEFAULT false;
