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

    /** An open credit note of the customer, listed in an overview that includes them. */
    public record CreditNoteRef(UUID creditNoteId, String number, LocalDate issueDate, String currency,
                                BigDecimal amount, BigDecimal unallocated) {
    }

    /**
     * A step of a plan is due now. {@code reminderKey} is deterministic (tenant, plan, step, invoice; for group plans
     * and overviews tenant, plan, customer, check date): a consumer that has handled a key once must refuse it
     * afterwards. {@code planType} says which kind of plan fired (absent in older events: per invoice); grouped and
     * overview messages list every invoice concerned, the oldest first. For an overview, {@code stepId} is the plan's
     * id and {@code creditNotes} holds the open credit notes when the plan includes them. {@code attachDocuments}
     * (R8.1, absent in older events: false): the e-mail carries the document of each invoice it names. {@code
     * templateVariant} (R8.5): {@code A} or {@code B} when the step tests two templates ({@code templateKey} is the
     * one this reminder got), null when it does not.
     */
    public record ReminderStepDue(String reminderKey, UUID planId, long planVersion, UUID stepId, String stepName,
                                  PlanEvents.Action action, String templateKey, CustomerRef customer,
                                  List<InvoiceRef> invoices, LocalDate fireDate, Instant firedAt,
                                  PlanEvents.PlanType planType, List<CreditNoteRef> creditNotes,
                                  boolean attachDocuments, String templateVariant)
            implements IntegrationEvent {

        /** The shape before R8.5: no A/B test. */
        public ReminderStepDue(String reminderKey, UUID planId, long planVersion, UUID stepId, String stepName,
                               PlanEvents.Action action, String templateKey, CustomerRef customer,
                               List<InvoiceRef> invoices, LocalDate fireDate, Instant firedAt,
                               PlanEvents.PlanType planType, List<CreditNoteRef> creditNotes,
                               boolean attachDocuments) {
            this(reminderKey, planId, planVersion, stepId, stepName, action, templateKey, customer, invoices, fireDate,
                    firedAt, planType, creditNotes, attachDocuments, null);
        }

        /** The shape before R8.1: no attachments. */
        public ReminderStepDue(String reminderKey, UUID planId, long planVersion, UUID stepId, String stepName,
                               PlanEvents.Action action, String templateKey, CustomerRef customer,
                               List<InvoiceRef> invoices, LocalDate fireDate, Instant firedAt,
                               PlanEvents.PlanType planType, List<CreditNoteRef> creditNotes) {
            this(reminderKey, planId, planVersion, stepId, stepName, action, templateKey, customer, invoices, fireDate,
                    firedAt, planType, creditNotes, false, null);
        }

        /** The same reminder for only these of its invoices (a grouped e-mail some invoices dropped out of). */
        public ReminderStepDue withInvoices(List<InvoiceRef> remaining) {
            return new ReminderStepDue(reminderKey, planId, planVersion, stepId, stepName, action, templateKey,
                    customer, remaining, fireDate, firedAt, planType, creditNotes, attachDocuments, templateVariant);
        }

        /** A step of an escalation-per-invoice plan. */
        public static ReminderStepDue perInvoice(String reminderKey, UUID planId, long planVersion, UUID stepId,
                                                 String stepName, PlanEvents.Action action, String templateKey,
                                                 CustomerRef customer, List<InvoiceRef> invoices, LocalDate fireDate,
                                                 Instant firedAt) {
            return perInvoice(reminderKey, planId, planVersion, stepId, stepName, action, templateKey, customer,
                    invoices, fireDate, firedAt, false);
        }

        /** A step of an escalation-per-invoice plan, with the invoice's document attached or not (R8.1). */
        public static ReminderStepDue perInvoice(String reminderKey, UUID planId, long planVersion, UUID stepId,
                                                 String stepName, PlanEvents.Action action, String templateKey,
                                                 CustomerRef customer, List<InvoiceRef> invoices, LocalDate fireDate,
                                                 Instant firedAt, boolean attachDocuments) {
            return new ReminderStepDue(reminderKey, planId, planVersion, stepId, stepName, action, templateKey,
                    customer, invoices, fireDate, firedAt, PlanEvents.PlanType.ESCALATION_PER_INVOICE, List.of(),
                    attachDocuments);
        }
    }

    /**
     * A step that will never fire for this invoice, with the reason (e.g. a more advanced step fired instead); or a
     * check of a group plan or an overview that sent nothing ({@code invoiceId} null, {@code stepId} the level held
     * back if any). {@code fireDate}: the step's day or the check date; {@code planType} as in ReminderStepDue.
     */
    public record ReminderStepSkipped(String reminderKey, UUID planId, UUID stepId, String stepName, UUID customerId,
                                      UUID invoiceId, String reason, Instant skippedAt, LocalDate fireDate,
                                      PlanEvents.PlanType planType) implements IntegrationEvent {
    }

    /** The deterministic key of a group plan's or an overview's check of one customer. */
    public static String checkKey(String tenantId, UUID planId, UUID customerId, LocalDate checkDate) {
        return tenantId + "/" + planId + "/" + customerId + "/" + checkDate;
    }

    /** The deterministic key of a per-invoice step. */
    public static String reminderKey(String tenantId, UUID planId, UUID stepId, UUID invoiceId) {
        return tenantId + "/" + planId + "/" + stepId + "/" + invoiceId;
    }

    private ReminderEvents() {
    }
}
