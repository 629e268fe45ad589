package org.dunning.escalation.domain;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.UUID;

/** What the engine knows of an invoice; {@code expectedPaymentDate} is the date the customer promised to pay, or null. */
public record InvoiceFacts(UUID invoiceId, UUID customerId, String number, LocalDate issueDate, LocalDate dueDate,
                           String currency, BigDecimal amount, BigDecimal outstanding, String status,
                           boolean disputed, LocalDate expectedPaymentDate) {

    public boolean open() {
        return ("OPEN".equals(status) || "PARTIALLY_PAID".equals(status)) && outstanding.signum() > 0;
    }

    /** Why no step may fire for the invoice now (R3.4), or null if steps may fire. */
    public String blockedBecause() {
        if (!open()) {
            return "the invoice is " + status.toLowerCase().replace('_', ' ');
        }
        return disputed ? "the invoice is in dispute" : null;
    }

    /** Calendar days past the due date on {@code today}, 0 if not yet due. */
    public long daysLate(LocalDate today) {
        return Math.max(0, java.time.temporal.ChronoUnit.DAYS.between(dueDate, today));
    }
}
