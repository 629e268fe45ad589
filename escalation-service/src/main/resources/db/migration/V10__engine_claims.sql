-- The engine holds customers, not single rows: it locks every due step of the customers it holds (issue #14).
CREATE INDEX schedule_customer_pending ON schedule (tenant_id, customer_id) WHERE status = 'PENDING';
