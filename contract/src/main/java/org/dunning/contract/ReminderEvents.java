package org.dunning.contract;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** Published by escalation-service on {@link Topics#REMINDER_STEPS}, keyed by {@code tenant/customerId}. */
public final class ReminderEvents {

    /**
     * Who a reminder is for: a contact of the customer (its role, e.g. accounting), or with {@code internal} a
     * colleague assigned to the customer (R2.5). {@code email} is null when the address bounced or is unknown.
     */
    public record Recipient(String name, String email, String phone, String role, boolean internal) {
        public static Recipient contact(String name, String email, String phone, String role) {
            return new Recipient(name, email, phone, role, false);
        }
    }

    public record CustomerRef(UUID customerId, String name, String language, List<Recipient> recipients) {
    }

    public record InvoiceRef(UUID invoiceId, String number, LocalDate issueDate, LocalDate dueDate, String currency,
                             BigDecimal amount, BigDecimal outstanding, long daysLate) {
    }

    /**
     * A step of a plan is due now. {@code reminderKey} is deterministic (tenant, plan, step, invoice): a consumer
     * that has handled a key once must refuse it afterwards.
     */
    public record ReminderStepDue(String reminderKey, UUID planId, long planVersion, UUID stepId, String stepName,
                                  PlanEvents.Action action, String templateKey, CustomerRef customer,
                                  List<InvoiceRef> invoices, LocalDate fireDate, Instant firedAt)
            implements IntegrationEvent {
    }

    /** A step that will never fire for this invoice, with the reason (e.g. a more advanced step fired instead). */
    public record ReminderStepSkipped(String reminderKey, UUID planId, UUID stepId, String stepName, UUID customerId,
                                      UUID invoiceId, String reason, Instant skippedAt) implements IntegrationEvent {
    }

    /** The deterministic key of a per-invoice step. */
    public static String reminderKey(String tenantId, UUID planId, UUID stepId, UUID invoiceId) {
        return tenantId + "/" + planId + "/" + stepId + "/" + invoiceId;
    }

    private ReminderEvents() {
    }
}
