package org.dunning.contract;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** Published by invoice-service on {@link Topics#INVOICE_EVENTS}, keyed by {@code tenant/customerId}. */
public final class InvoiceEvents {

    /** A contact person of a customer who can receive reminders; {@code bounced}: do not e-mail the address. */
    public record Contact(String name, String email, String phone, String role, boolean bounced) {
        /** A contact whose address has not bounced. */
        public static Contact of(String name, String email, String phone, String role) {
            return new Contact(name, email, phone, role, false);
        }
    }

    /** A colleague assigned to the customer, who can receive reminders about it. */
    public record InternalUser(String userId, String name, String email) {
    }

    /** {@code billingAddress}: where letters go; null when the customer has none (and in events of the first
     * shape). */
    public record CustomerRegistered(UUID customerId, String name, String language, String segment,
                                     List<Contact> contacts, String externalReference,
                                     List<InternalUser> internalUsers, PostalAddress billingAddress)
            implements IntegrationEvent {
        public CustomerRegistered(UUID customerId, String name, String language, String segment,
                                  List<Contact> contacts, String externalReference, List<InternalUser> internalUsers) {
            this(customerId, name, language, segment, contacts, externalReference, internalUsers, null);
        }
    }

    /** Mail to {@code email} came back: the contact is marked bounced. */
    public record ContactBounced(UUID customerId, String email) implements IntegrationEvent {
    }

    public record CustomerArchived(UUID customerId) implements IntegrationEvent {
    }

    /**
     * The customer's details as they are now (a full replacement of name, language, segment, contacts and billing
     * address).
     */
    public record CustomerUpdated(UUID customerId, String name, String language, String segment,
                                  List<Contact> contacts, String externalReference,
                                  List<InternalUser> internalUsers, PostalAddress billingAddress)
            implements IntegrationEvent {
        public CustomerUpdated(UUID customerId, String name, String language, String segment,
                               List<Contact> contacts, String externalReference, List<InternalUser> internalUsers) {
            this(customerId, name, language, segment, contacts, externalReference, internalUsers, null);
        }
    }

    public record InvoiceIssued(UUID invoiceId, UUID customerId, String number, LocalDate issueDate,
                                LocalDate dueDate, String currency, BigDecimal amount) implements IntegrationEvent {
    }

    /** The status of an invoice; only OPEN and PARTIALLY_PAID invoices are reminded. */
    public enum InvoiceStatus { OPEN, PARTIALLY_PAID, PAID, CANCELLED, WRITTEN_OFF }

    /** A change of one invoice after it was issued. */
    public sealed interface InvoiceChange extends IntegrationEvent {
        UUID invoiceId();

        UUID customerId();
    }

    /** A payment (reference unique per invoice) and the outstanding amount and status it leaves. */
    public record PaymentRecorded(UUID invoiceId, UUID customerId, String reference, BigDecimal amount,
                                  LocalDate paidOn, BigDecimal outstanding, InvoiceStatus status) implements InvoiceChange {
    }

    /** Part of a credit note allocated to the invoice, and what it leaves. */
    public record InvoiceCreditApplied(UUID invoiceId, UUID customerId, UUID creditNoteId, BigDecimal amount,
                                       BigDecimal outstanding, InvoiceStatus status) implements InvoiceChange {
    }

    /**
     * Where the customer pays the invoice online (R8.1: a payment provider's checkout, the ERP's portal); {@code url}
     * null: the link was removed.
     */
    public record InvoicePaymentLinkChanged(UUID invoiceId, UUID customerId, String url) implements InvoiceChange {
    }

    public record InvoiceDocumentAttached(UUID invoiceId, UUID customerId, String url) implements InvoiceChange {
    }

    public record CreditNoteIssued(UUID creditNoteId, UUID customerId, String number, LocalDate issueDate,
                                   String currency, BigDecimal amount) implements IntegrationEvent {
    }

    public record CreditNoteAllocated(UUID creditNoteId, UUID customerId, UUID invoiceId, BigDecimal amount,
                                      BigDecimal unallocated) implements IntegrationEvent {
    }

    public record InvoiceAmountChanged(UUID invoiceId, UUID customerId, BigDecimal amount, BigDecimal outstanding,
                                       InvoiceStatus status) implements InvoiceChange {
    }

    public record InvoiceDueDateChanged(UUID invoiceId, UUID customerId, LocalDate dueDate) implements InvoiceChange {
    }

    public record InvoiceCancelled(UUID invoiceId, UUID customerId, String reason) implements InvoiceChange {
    }

    public record InvoiceWrittenOff(UUID invoiceId, UUID customerId, String reason) implements InvoiceChange {
    }

    public record InvoiceDisputed(UUID invoiceId, UUID customerId, String reason) implements InvoiceChange {
    }

    public record InvoiceDisputeResolved(UUID invoiceId, UUID customerId, String note) implements InvoiceChange {
    }

    /** {@code date} null: the expected payment date (promise to pay) was cleared. */
    public record ExpectedPaymentDateChanged(UUID invoiceId, UUID customerId, LocalDate date) implements InvoiceChange {
    }

    private InvoiceEvents() {
    }
}
