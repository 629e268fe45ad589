package org.dunning.invoice.domain;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.UUID;

/** What happened to an invoice. Stream: {@code invoice-<id>}. */
public sealed interface InvoiceEvent {

    record InvoiceIssued(UUID invoiceId, UUID customerId, String number, LocalDate issueDate, LocalDate dueDate,
                         String currency, BigDecimal amount) implements InvoiceEvent {
    }

    /**
     * A payment, identified by its reference (the same reference is never applied twice), with the outstanding
     * amount and status it leaves.
     */
    record PaymentRecorded(String reference, BigDecimal amount, LocalDate paidOn, BigDecimal outstanding,
                           Invoices.Status status) implements InvoiceEvent {
    }

    /** Part of a credit note allocated to this invoice, with the outstanding amount and status it leaves. */
    record CreditApplied(UUID creditNoteId, BigDecimal amount, BigDecimal outstanding, Invoices.Status status)
            implements InvoiceEvent {
    }

    /** Where the customer pays the invoice online (R8.1); {@code url} null: the link was removed. */
    record PaymentLinkSet(String url) implements InvoiceEvent {
    }

    /** A link to the invoice document (e.g. its PDF in the ERP's archive). */
    record DocumentAttached(String url) implements InvoiceEvent {
    }

    record DueDateChanged(LocalDate dueDate) implements InvoiceEvent {
    }

    record AmountChanged(BigDecimal amount, BigDecimal outstanding, Invoices.Status status) implements InvoiceEvent {
    }

    record InvoiceCancelled(String reason) implements InvoiceEvent {
    }

    record InvoiceWrittenOff(String reason) implements InvoiceEvent {
    }

    record DisputeOpened(String reason) implements InvoiceEvent {
    }

    record DisputeResolved(String note) implements InvoiceEvent {
    }

    /** A promise to pay on a date (or the date the customer said it would pay). */
    record ExpectedPaymentDateSet(LocalDate date) implements InvoiceEvent {
    }

    record ExpectedPaymentDateCleared() implements InvoiceEvent {
    }
}
