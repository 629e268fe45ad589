package org.dunning.invoice.domain;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.UUID;

/** What happened to an invoice. Stream: {@code invoice-<id>}. */
public sealed interface InvoiceEvent {

    record InvoiceIssued(UUID invoiceId, UUID customerId, String number, LocalDate issueDate, LocalDate dueDate,
                         String currency, BigDecimal amount) implements InvoiceEvent {
    }
}
