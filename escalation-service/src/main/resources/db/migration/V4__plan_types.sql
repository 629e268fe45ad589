-- Plans of the three types arrive on the plan topic; the per-invoice schedule uses only active
-- ESCALATION_PER_INVOICE plans (group plans and overviews are scheduled by their own rules).
ALTER TABLE plans ADD COLUMN plan_type TEXT NOT NULL DEFAULT 'ESCALATION_PER_INVOICE';
ALTER TABLE plans ADD COLUMN archived BOOLEAN NOT NULL DEFAULT false;
