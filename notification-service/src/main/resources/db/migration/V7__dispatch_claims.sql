-- The dispatcher claims a batch in a short transaction of its own and then delivers each e-mail in a transaction of
-- its own (SMTP conversation, status, outbox event), so that a crash repeats at most the conversations in flight.
-- claim_token names the claim; claimed_until (the database's real time, not the business clock) is when another
-- dispatcher may take the e-mail over if the claimer died.
ALTER TABLE emails ADD COLUMN claim_token UUID;
ALTER TABLE emails ADD COLUMN claimed_until TIMESTAMPTZ;
