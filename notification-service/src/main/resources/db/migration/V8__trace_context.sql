-- The trace an e-mail belongs to (a W3C traceparent: the reminder step's, or the approval's), continued by the
-- dispatcher's SMTP conversation and the events of what became of it.
ALTER TABLE emails ADD COLUMN trace_parent TEXT;
-- The trace a letter belongs to (its reminder step's), continued when it is handed to the postal provider.
ALTER TABLE letters ADD COLUMN trace_parent TEXT;
