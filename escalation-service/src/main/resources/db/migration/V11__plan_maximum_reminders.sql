-- R8.3: a per-invoice plan's maximum number of automatic reminders per invoice (null: no limit)
ALTER TABLE plans ADD COLUMN max_automatic_reminders integer;
