package org.dunning.invoice.domain;

import org.dunning.platform.domain.Conflict;
import org.dunning.platform.domain.Violations;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Currency;
import java.util.List;
import java.util.UUID;

/** The invoice decider: commands in, events out, no framework. Money keeps the currency's scale (ISO 4217). */
public final class Invoices {

    public record IssueInvoice(UUID invoiceId, UUID customerId, String number, LocalDate issueDate, LocalDate dueDate,
                               String currency, BigDecimal amount) {
    }

    public record State(long version, UUID invoiceId, BigDecimal amount, BigDecimal outstanding) {
        public static final State NONE = new State(0, null, null, null);
    }

    public static List<InvoiceEvent> decide(IssueInvoice c, State state) {
        if (state.version() > 0) {
            throw new Conflict("invoice " + c.invoiceId() + " exists already");
        }
        Currency currency = currency(c.currency());
        Violations v = new Violations()
                .check(c.customerId() != null, "customerId", "required")
                .check(c.number() != null && !c.number().isBlank(), "number", "required")
                .check(c.issueDate() != null, "issueDate", "required")
                .check(c.dueDate() != null, "dueDate", "required")
                .check(currency != null, "currency", "an ISO 4217 currency code such as EUR")
                .check(c.amount() != null && c.amount().signum() > 0, "amount", "must be greater than 0");
        if (c.issueDate() != null && c.dueDate() != null) {
            v.check(!c.dueDate().isBefore(c.issueDate()), "dueDate", "must not be before the issue date");
        }
        if (currency != null && c.amount() != null && currency.getDefaultFractionDigits() >= 0) {
            v.check(c.amount().stripTrailingZeros().scale() <= currency.getDefaultFractionDigits(), "amount",
                    "has more decimals than " + currency.getCurrencyCode() + " allows ("
                            + currency.getDefaultFractionDigits() + ")");
        }
        v.throwIfAny();
        BigDecimal amount = c.amount().setScale(Math.max(currency.getDefaultFractionDigits(), 0));
        return List.of(new InvoiceEvent.InvoiceIssued(c.invoiceId(), c.customerId(), c.number().trim(), c.issueDate(),
                c.dueDate(), currency.getCurrencyCode(), amount));
    }

    public static State evolve(State s, InvoiceEvent e) {
        if (e instanceof InvoiceEvent.InvoiceIssued i) {
            return new State(s.version() + 1, i.invoiceId(), i.amount(), i.amount());
        }
        throw new IllegalArgumentException("unknown event " + e);
    }

    private static Currency currency(String code) {
        try {
            return code == null ? null : Currency.getInstance(code);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private Invoices() {
    }
}
