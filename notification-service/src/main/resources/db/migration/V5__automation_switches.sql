-- The tenant switch and customer pauses, from the plan topic: the re-check before sending (R7.8) sends nothing for a
-- tenant switched off or a customer paused since the step fired. scope: 'tenant', or the customer's id.
CREATE TABLE automation_off (
    tenant_id TEXT NOT NULL,
    scope     TEXT NOT NULL,
    reason    TEXT,
    PRIMARY KEY (tenant_id, scope)
);
