package org.dunning.invoice.domain;

import org.dunning.platform.domain.Conflict;
import org.dunning.platform.domain.ValidationFailed;
import org.dunning.platform.domain.Violations;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Currency;
import java.util.List;
import java.util.UUID;

/**
 * The credit-note decider. A credit note lowers what a customer owes once (part of) it is allocated to invoices of
 * the same customer and currency; what is not allocated stays available. Stream: {@code credit-note-<id>}.
 */
public final class CreditNotes {

    public sealed interface Event {
    }

    public record CreditNoteIssued(UUID creditNoteId, UUID customerId, String number, LocalDate issueDate,
                                   String currency, BigDecimal amount) implements Event {
    }

    public record CreditNoteAllocated(UUID invoiceId, BigDecimal amount, BigDecimal unallocated) implements Event {
    }

    public record IssueCreditNote(UUID creditNoteId, UUID customerId, String number, LocalDate issueDate,
                                  String currency, BigDecimal amount) {
    }

    public record Allocate(UUID invoiceId, UUID invoiceCustomerId, String invoiceCurrency, BigDecimal amount) {
    }

    public record State(long version, UUID customerId, String currency, BigDecimal unallocated) {
        public static final State NONE = new State(0, null, null, null);
    }

    public static List<Event> decide(IssueCreditNote c, State s) {
        if (s.version() > 0) {
            throw new Conflict("credit note " + c.creditNoteId() + " exists already");
        }
        Currency currency = currency(c.currency());
        Violations v = new Violations()
                .check(c.customerId() != null, "customerId", "required")
                .requiredText("number", c.number(), Invoices.NUMBER)
                .check(c.issueDate() != null, "issueDate", "required").date("issueDate", c.issueDate())
                .check(currency != null, "currency", "an ISO 4217 currency code such as EUR")
                .check(c.amount() != null && c.amount().signum() > 0, "amount", "must be greater than 0")
                .check(Invoices.plausible(c.amount()), "amount", "at most " + Invoices.INTEGER_DIGITS
                        + " digits before the decimal point");
        if (currency != null && c.amount() != null) {
            v.check(c.amount().stripTrailingZeros().scale() <= currency.getDefaultFractionDigits(), "amount",
                    "has more decimals than " + currency.getCurrencyCode() + " allows");
        }
        v.throwIfAny();
        return List.of(new CreditNoteIssued(c.creditNoteId(), c.customerId(), c.number().trim(), c.issueDate(),
                currency.getCurrencyCode(), c.amount().setScale(Math.max(currency.getDefaultFractionDigits(), 0))));
    }

    public static List<Event> decide(Allocate c, State s) {
        new Violations().check(c.invoiceId() != null, "invoiceId", "required")
                .check(c.amount() != null && c.amount().signum() > 0, "amount", "must be greater than 0")
                .check(Invoices.plausible(c.amount()), "amount", "at most " + Invoices.INTEGER_DIGITS
                        + " digits before the decimal point").throwIfAny();
        if (!s.customerId().equals(c.invoiceCustomerId())) {
            throw ValidationFailed.of("invoiceId", "belongs to another customer than the credit note");
        }
        if (!s.currency().equals(c.invoiceCurrency())) {
            throw ValidationFailed.of("invoiceId", "is in " + c.invoiceCurrency() + ", the credit note in " + s.currency());
        }
        if (c.amount().compareTo(s.unallocated()) > 0) {
            throw ValidationFailed.of("amount", "is above what is left of the credit note (" + s.unallocated() + ")");
        }
        BigDecimal amount = c.amount().setScale(s.unallocated().scale());
        return List.of(new CreditNoteAllocated(c.invoiceId(), amount, s.unallocated().subtract(amount)));
    }

    public static State evolve(State s, Event e) {
        if (e instanceof CreditNoteIssued i) {
            return new State(1, i.customerId(), i.currency(), i.amount());
        }
        if (e instanceof CreditNoteAllocated a) {
            return new State(s.version() + 1, s.customerId(), s.currency(), a.unallocated());
        }
        throw new IllegalArgumentException("unknown event " + e);
    }

    public static State replay(List<Event> events) {
        State s = State.NONE;
        for (Event e : events) {
            s = evolve(s, e);
        }
        return s;
    }

    private static Currency currency(String code) {
        try {
            return code == null ? null : Currency.getInstance(code);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private CreditNotes() {
    }
}
