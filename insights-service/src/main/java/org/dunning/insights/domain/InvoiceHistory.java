package org.dunning.insights.domain;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * What the insights know of one invoice, from the ledger's events: issued (amount as last corrected), each movement
 * of its outstanding amount, and when it was closed without being paid (cancelled, written off).
 */
public record InvoiceHistory(UUID invoiceId, UUID customerId, String currency, LocalDate issueDate, LocalDate dueDate,
                             BigDecimal amount, List<Movement> movements, LocalDate closedOn) {

    public enum Kind { PAYMENT, CREDIT, CORRECTION }

    /** A change of the outstanding amount on a day: a payment of {@code amount}, a credit note, a correction. */
    public record Movement(LocalDate on, Kind kind, BigDecimal amount, BigDecimal outstandingAfter) {
    }

    public InvoiceHistory {
        movements = movements.stream().sorted(Comparator.comparing(Movement::on)).toList();
    }

    /** What was owed at the end of {@code day}: nothing before the issue date or once closed. */
    public BigDecimal outstandingOn(LocalDate day) {
        if (issueDate.isAfter(day) || (closedOn != null && !closedOn.isAfter(day))) {
            return BigDecimal.ZERO;
        }
        BigDecimal owed = amount;
        for (Movement m : movements) {
            if (m.on().isAfter(day)) {
                break;
            }
            owed = m.outstandingAfter();
        }
        return owed;
    }

    /** The day it was settled in full (by payments and credits), if it was. */
    public Optional<LocalDate> settledOn() {
        return movements.stream().filter(m -> m.outstandingAfter().signum() == 0).map(Movement::on).findFirst()
                .filter(day -> closedOn == null || day.isBefore(closedOn) || day.equals(closedOn));
    }

    /** The payments received from {@code from} to {@code to}, both included. */
    public BigDecimal paidBetween(LocalDate from, LocalDate to) {
        return movements.stream().filter(m -> m.kind() == Kind.PAYMENT && !m.on().isBefore(from)
                && !m.on().isAfter(to)).map(Movement::amount).reduce(BigDecimal.ZERO, BigDecimal::add);
    }
}
