package org.dunning.contract;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * Published by escalation-service on {@link Topics#LATENESS_EVENTS}, keyed by {@code tenant/customerId} (R7.10): a
 * customer's lateness changes, so that other systems (credit hold, sales) can react.
 */
public final class LatenessEvents {

    /** The customer has an overdue invoice, and had none before. {@code since}: the first day it was late. */
    public record CustomerBecameOverdue(UUID customerId, UUID oldestInvoiceId, LocalDate oldestDueDate,
                                        LocalDate since) implements IntegrationEvent {
    }

    /** A step of the customer's escalation fired: the level it has reached, for which invoices. */
    public record EscalationLevelReached(UUID customerId, UUID planId, UUID stepId, String stepName,
                                         PlanEvents.Action action, List<UUID> invoiceIds, LocalDate reachedOn)
            implements IntegrationEvent {
    }

    /** The customer has nothing overdue any more. */
    public record CustomerBackToCurrent(UUID customerId, LocalDate on) implements IntegrationEvent {
    }

    private LatenessEvents() {
    }
}
