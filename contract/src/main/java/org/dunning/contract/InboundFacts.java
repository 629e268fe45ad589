package org.dunning.contract;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/**
 * What other systems (ERP, billing, payment matching) publish on {@link Topics#INVOICE_INBOUND}: facts about their
 * customers and invoices, as JSON with a {@code kind}. Key the records {@code tenant/<customer externalId>} so that
 * one customer's facts stay in order. Each fact names its source system, the document's id there
 * ({@code externalId}) and the document's version there ({@code sourceVersion}, growing with every change): the
 * ledger applies a version once, and ignores a version at or below the one it applied last.
 */
public final class InboundFacts {

    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "kind")
    @JsonSubTypes({
            @JsonSubTypes.Type(value = CustomerUpserted.class, name = "CustomerUpserted"),
            @JsonSubTypes.Type(value = InvoiceUpserted.class, name = "InvoiceUpserted"),
            @JsonSubTypes.Type(value = PaymentReceived.class, name = "PaymentReceived"),
            @JsonSubTypes.Type(value = InvoiceCancelled.class, name = "InvoiceCancelled"),
            @JsonSubTypes.Type(value = InvoiceDisputed.class, name = "InvoiceDisputed"),
            @JsonSubTypes.Type(value = InvoiceDisputeResolved.class, name = "InvoiceDisputeResolved"),
            @JsonSubTypes.Type(value = CreditNoteIssued.class, name = "CreditNoteIssued")})
    public sealed interface Fact {
        String tenantId();

        String sourceSystem();

        String externalId();

        Long sourceVersion();
    }

    /**
     * A customer, created the first time and replaced afterwards. {@code billingAddress}: where letters go; a fact
     * without one keeps the address the customer has.
     */
    public record CustomerUpserted(String tenantId, String sourceSystem, String externalId, Long sourceVersion,
                                   String name, String language, String segment,
                                   List<InvoiceEvents.Contact> contacts, PostalAddress billingAddress) implements Fact {
        public CustomerUpserted(String tenantId, String sourceSystem, String externalId, Long sourceVersion,
                                String name, String language, String segment, List<InvoiceEvents.Contact> contacts) {
            this(tenantId, sourceSystem, externalId, sourceVersion, name, language, segment, contacts, null);
        }
    }

    /**
     * An invoice, issued the first time; later versions may move the due date, correct the amount or change the
     * payment link ({@code paymentUrl}, R8.1: optional; a fact without one keeps the link the invoice has).
     */
    public record InvoiceUpserted(String tenantId, String sourceSystem, String externalId, Long sourceVersion,
                                  String customerExternalId, String number, LocalDate issueDate, LocalDate dueDate,
                                  String currency, BigDecimal amount, String paymentUrl) implements Fact {
        public InvoiceUpserted(String tenantId, String sourceSystem, String externalId, Long sourceVersion,
                               String customerExternalId, String number, LocalDate issueDate, LocalDate dueDate,
                               String currency, BigDecimal amount) {
            this(tenantId, sourceSystem, externalId, sourceVersion, customerExternalId, number, issueDate, dueDate,
                    currency, amount, null);
        }
    }

    /** A payment (its own {@code externalId}) on an invoice of the same source system. */
    public record PaymentReceived(String tenantId, String sourceSystem, String externalId, Long sourceVersion,
                                  String invoiceExternalId, BigDecimal amount, LocalDate paidOn) implements Fact {
    }

    public record InvoiceCancelled(String tenantId, String sourceSystem, String externalId, Long sourceVersion,
                                   String reason) implements Fact {
    }

    public record InvoiceDisputed(String tenantId, String sourceSystem, String externalId, Long sourceVersion,
                                  String reason) implements Fact {
    }

    public record InvoiceDisputeResolved(String tenantId, String sourceSystem, String externalId, Long sourceVersion,
                                         String note) implements Fact {
    }

    /** Part of a credit note to allocate to an invoice of the same source system. */
    public record Allocation(String invoiceExternalId, BigDecimal amount) {
    }

    /** A credit note, with the allocations to apply at once (optional). Applied once; later versions change nothing. */
    public record CreditNoteIssued(String tenantId, String sourceSystem, String externalId, Long sourceVersion,
                                   String customerExternalId, String number, LocalDate issueDate, String currency,
                                   BigDecimal amount, List<Allocation> allocations) implements Fact {
    }

    private InboundFacts() {
    }
}
