package org.dunning.invoice.domain;

import org.dunning.platform.domain.Conflict;
import org.dunning.platform.domain.ValidationFailed;
import org.dunning.platform.domain.Violations;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Currency;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The invoice decider: {@code decide(command, state) -> events} and {@code evolve(state, event) -> state}, no
 * framework. Money keeps the currency's scale (ISO 4217); outstanding amount and status follow from the events.
 */
public final class Invoices {

    public enum Status { OPEN, PARTIALLY_PAID, PAID, CANCELLED, WRITTEN_OFF }

    public sealed interface Command {
    }

    /** {@code paymentUrl}: where the customer pays it online (R8.1), optional. */
    public record IssueInvoice(UUID invoiceId, UUID customerId, String number, LocalDate issueDate, LocalDate dueDate,
                               String currency, BigDecimal amount, String paymentUrl) implements Command {
        public IssueInvoice(UUID invoiceId, UUID customerId, String number, LocalDate issueDate, LocalDate dueDate,
                            String currency, BigDecimal amount) {
            this(invoiceId, customerId, number, issueDate, dueDate, currency, amount, null);
        }
    }

    public record RecordPayment(String reference, BigDecimal amount, LocalDate paidOn) implements Command {
    }

    public record ChangeDueDate(LocalDate dueDate) implements Command {
    }

    /** Allocates part of a credit note (in the invoice's currency, checked by the caller) to the invoice. */
    public record ApplyCredit(UUID creditNoteId, BigDecimal amount) implements Command {
    }

    public record AttachDocument(String url) implements Command {
    }

    /** Sets where the customer pays the invoice online (R8.1); a null or blank {@code url} removes the link. */
    public record SetPaymentLink(String url) implements Command {
    }

    public record ChangeAmount(BigDecimal amount) implements Command {
    }

    public record Cancel(String reason) implements Command {
    }

    public record WriteOff(String reason) implements Command {
    }

    public record OpenDispute(String reason) implements Command {
    }

    public record ResolveDispute(String note) implements Command {
    }

    /** {@code date} null clears it. */
    public record SetExpectedPaymentDate(LocalDate date) implements Command {
    }

    /** An invoice as its events leave it; {@code version} 0 = it does not exist. */
    public record State(long version, UUID invoiceId, UUID customerId, LocalDate issueDate, LocalDate dueDate,
                        String currency, BigDecimal amount, BigDecimal paid, Status status, boolean disputed,
                        LocalDate expectedPaymentDate, Map<String, BigDecimal> payments, String paymentUrl) {

        public static final State NONE = new State(0, null, null, null, null, null, null, null, null, false, null,
                Map.of(), null);

        public BigDecimal outstanding() {
            return status == Status.CANCELLED || status == Status.WRITTEN_OFF ? BigDecimal.ZERO.setScale(amount.scale())
                    : amount.subtract(paid).max(BigDecimal.ZERO);
        }

        boolean closed() {
            return status == Status.PAID || status == Status.CANCELLED || status == Status.WRITTEN_OFF;
        }
    }

    public static List<InvoiceEvent> decide(Command command, State s) {
        if (command instanceof IssueInvoice c) {
            return issue(c, s);
        }
        if (s.version() == 0) {
            throw new IllegalStateException("no invoice to change");
        }
        if (command instanceof RecordPayment c) {
            return pay(c, s);
        }
        if (command instanceof ApplyCredit c) {
            Violations v = money(new Violations(), "amount", c.amount(), s.currency());
            v.throwIfAny();
            requireOpen(s, "credit");
            BigDecimal amount = scaled(c.amount(), s.currency());
            if (amount.compareTo(s.outstanding()) > 0) {
                throw ValidationFailed.of("amount", "is above the outstanding amount " + s.outstanding());
            }
            BigDecimal settled = s.paid().add(amount);
            return List.of(new InvoiceEvent.CreditApplied(c.creditNoteId(), amount, s.amount().subtract(settled),
                    paymentStatus(s.amount(), settled)));
        }
        if (command instanceof AttachDocument c) {
            new Violations().check(c.url() != null && isHttpUrl(c.url()), "url", "an http(s) URL")
                    .text("url", c.url(), 2000).throwIfAny();
            return List.of(new InvoiceEvent.DocumentAttached(c.url().trim()));
        }
        if (command instanceof SetPaymentLink c) {
            String url = paymentUrl(new Violations(), "url", c.url());
            return java.util.Objects.equals(url, s.paymentUrl()) ? List.of()
                    : List.of(new InvoiceEvent.PaymentLinkSet(url));
        }
        if (command instanceof ChangeDueDate c) {
            if (s.dueDate().equals(c.dueDate())) {
                return List.of();
            }
            requireOpen(s, "change the due date of");
            new Violations().check(c.dueDate() != null, "dueDate", "required").date("dueDate", c.dueDate())
                    .check(c.dueDate() == null || !c.dueDate().isBefore(s.issueDate()), "dueDate",
                            "must not be before the issue date " + s.issueDate()).throwIfAny();
            return List.of(new InvoiceEvent.DueDateChanged(c.dueDate()));
        }
        if (command instanceof ChangeAmount c) {
            if (c.amount() != null && c.amount().compareTo(s.amount()) == 0) {
                return List.of();
            }
            requireOpen(s, "change the amount of");
            Violations v = money(new Violations(), "amount", c.amount(), s.currency());
            v.check(c.amount() == null || c.amount().compareTo(s.paid()) >= 0, "amount",
                    "must not be below what was paid already (" + s.paid() + ")").throwIfAny();
            BigDecimal amount = scaled(c.amount(), s.currency());
            return List.of(new InvoiceEvent.AmountChanged(amount, amount.subtract(s.paid()),
                    paymentStatus(amount, s.paid())));
        }
        if (command instanceof Cancel c) {
            new Violations().note("reason", c.reason(), Violations.NOTE).throwIfAny();
            if (s.status() == Status.CANCELLED) {
                return List.of();
            }
            requireOpen(s, "cancel");
            return List.of(new InvoiceEvent.InvoiceCancelled(c.reason()));
        }
        if (command instanceof WriteOff c) {
            new Violations().note("reason", c.reason(), Violations.NOTE).throwIfAny();
            if (s.status() == Status.WRITTEN_OFF) {
                return List.of();
            }
            requireOpen(s, "write off");
            return List.of(new InvoiceEvent.InvoiceWrittenOff(c.reason()));
        }
        if (command instanceof OpenDispute c) {
            new Violations().note("reason", c.reason(), Violations.NOTE).throwIfAny();
            if (s.disputed()) {
                return List.of();
            }
            requireOpen(s, "dispute");
            return List.of(new InvoiceEvent.DisputeOpened(c.reason()));
        }
        if (command instanceof ResolveDispute c) {
            new Violations().note("note", c.note(), Violations.NOTE).throwIfAny();
            return s.disputed() ? List.of(new InvoiceEvent.DisputeResolved(c.note())) : List.of();
        }
        if (command instanceof SetExpectedPaymentDate c) {
            if (c.date() == null) {
                return s.expectedPaymentDate() == null ? List.of() : List.of(new InvoiceEvent.ExpectedPaymentDateCleared());
            }
            requireOpen(s, "expect a payment for");
            new Violations().date("date", c.date()).check(!c.date().isBefore(s.issueDate()), "date",
                    "must not be before the issue date " + s.issueDate()).throwIfAny();
            return c.date().equals(s.expectedPaymentDate()) ? List.of()
                    : List.of(new InvoiceEvent.ExpectedPaymentDateSet(c.date()));
        }
        throw new IllegalArgumentException("unknown command " + command);
    }

    private static List<InvoiceEvent> issue(IssueInvoice c, State s) {
        if (s.version() > 0) {
            throw new Conflict("invoice " + c.invoiceId() + " exists already");
        }
        Violations v = new Violations()
                .check(c.customerId() != null, "customerId", "required")
                .requiredText("number", c.number(), NUMBER)
                .check(c.issueDate() != null, "issueDate", "required").date("issueDate", c.issueDate())
                .check(c.dueDate() != null, "dueDate", "required").date("dueDate", c.dueDate());
        money(v, "amount", c.amount(), c.currency());
        if (c.issueDate() != null && c.dueDate() != null) {
            v.check(!c.dueDate().isBefore(c.issueDate()), "dueDate", "must not be before the issue date");
        }
        String url = paymentUrl(v, "paymentUrl", c.paymentUrl());
        InvoiceEvent issued = new InvoiceEvent.InvoiceIssued(c.invoiceId(), c.customerId(), c.number().trim(),
                c.issueDate(), c.dueDate(), c.currency(), scaled(c.amount(), c.currency()));
        return url == null ? List.of(issued) : List.of(issued, new InvoiceEvent.PaymentLinkSet(url));
    }

    /** A payment link as kept: an http(s) URL of at most 2,000 characters, trimmed; blank is none. Throws what is
     * wrong, with what {@code v} holds already. */
    private static String paymentUrl(Violations v, String field, String given) {
        String url = given == null || given.isBlank() ? null : given.trim();
        v.check(url == null || isHttpUrl(url), field, "an http(s) URL").text(field, url, 2000).throwIfAny();
        return url;
    }

    private static List<InvoiceEvent> pay(RecordPayment c, State s) {
        Violations v = new Violations()
                .requiredText("reference", c.reference(), Violations.LINE)
                .check(c.paidOn() != null, "paidOn", "required").date("paidOn", c.paidOn());
        money(v, "amount", c.amount(), s.currency());
        v.throwIfAny();
        BigDecimal amount = scaled(c.amount(), s.currency());
        BigDecimal before = s.payments().get(c.reference());
        if (before != null) {
            if (before.compareTo(amount) == 0) {
                return List.of();
            }
            throw new Conflict("payment " + c.reference() + " was recorded with amount " + before);
        }
        requireOpen(s, "record a payment on");
        if (amount.compareTo(s.outstanding()) > 0) {
            throw ValidationFailed.of("amount", "is above the outstanding amount " + s.outstanding());
        }
        BigDecimal paid = s.paid().add(amount);
        return List.of(new InvoiceEvent.PaymentRecorded(c.reference().trim(), amount, c.paidOn(),
                s.amount().subtract(paid), paymentStatus(s.amount(), paid)));
    }

    public static State evolve(State s, InvoiceEvent e) {
        long v = s.version() + 1;
        if (e instanceof InvoiceEvent.InvoiceIssued i) {
            return new State(v, i.invoiceId(), i.customerId(), i.issueDate(), i.dueDate(), i.currency(), i.amount(),
                    BigDecimal.ZERO.setScale(i.amount().scale()), Status.OPEN, false, null, Map.of(), null);
        }
        if (e instanceof InvoiceEvent.PaymentRecorded p) {
            Map<String, BigDecimal> payments = new HashMap<>(s.payments());
            payments.put(p.reference(), p.amount());
            return with(s, v, s.dueDate(), s.amount(), s.paid().add(p.amount()), p.status(), s.disputed(),
                    s.expectedPaymentDate(), payments);
        }
        if (e instanceof InvoiceEvent.CreditApplied c) {
            return with(s, v, s.dueDate(), s.amount(), s.paid().add(c.amount()), c.status(), s.disputed(),
                    s.expectedPaymentDate(), s.payments());
        }
        if (e instanceof InvoiceEvent.PaymentLinkSet l) {
            return new State(v, s.invoiceId(), s.customerId(), s.issueDate(), s.dueDate(), s.currency(), s.amount(),
                    s.paid(), s.status(), s.disputed(), s.expectedPaymentDate(), s.payments(), l.url());
        }
        if (e instanceof InvoiceEvent.DocumentAttached) {
            return with(s, v, s.dueDate(), s.amount(), s.paid(), s.status(), s.disputed(), s.expectedPaymentDate(),
                    s.payments());
        }
        if (e instanceof InvoiceEvent.DueDateChanged d) {
            return with(s, v, d.dueDate(), s.amount(), s.paid(), s.status(), s.disputed(), s.expectedPaymentDate(),
                    s.payments());
        }
        if (e instanceof InvoiceEvent.AmountChanged a) {
            return with(s, v, s.dueDate(), a.amount(), s.paid(), a.status(), s.disputed(), s.expectedPaymentDate(),
                    s.payments());
        }
        if (e instanceof InvoiceEvent.InvoiceCancelled) {
            return with(s, v, s.dueDate(), s.amount(), s.paid(), Status.CANCELLED, s.disputed(), s.expectedPaymentDate(),
                    s.payments());
        }
        if (e instanceof InvoiceEvent.InvoiceWrittenOff) {
            return with(s, v, s.dueDate(), s.amount(), s.paid(), Status.WRITTEN_OFF, s.disputed(),
                    s.expectedPaymentDate(), s.payments());
        }
        if (e instanceof InvoiceEvent.DisputeOpened || e instanceof InvoiceEvent.DisputeResolved) {
            return with(s, v, s.dueDate(), s.amount(), s.paid(), s.status(), e instanceof InvoiceEvent.DisputeOpened,
                    s.expectedPaymentDate(), s.payments());
        }
        if (e instanceof InvoiceEvent.ExpectedPaymentDateSet d) {
            return with(s, v, s.dueDate(), s.amount(), s.paid(), s.status(), s.disputed(), d.date(), s.payments());
        }
        if (e instanceof InvoiceEvent.ExpectedPaymentDateCleared) {
            return with(s, v, s.dueDate(), s.amount(), s.paid(), s.status(), s.disputed(), null, s.payments());
        }
        throw new IllegalArgumentException("unknown event " + e);
    }

    public static State replay(List<InvoiceEvent> events) {
        State s = State.NONE;
        for (InvoiceEvent e : events) {
            s = evolve(s, e);
        }
        return s;
    }

    private static State with(State s, long v, LocalDate due, BigDecimal amount, BigDecimal paid, Status status,
                              boolean disputed, LocalDate expected, Map<String, BigDecimal> payments) {
        return new State(v, s.invoiceId(), s.customerId(), s.issueDate(), due, s.currency(), amount, paid, status,
                disputed, expected, payments, s.paymentUrl());
    }

    private static boolean isHttpUrl(String url) {
        try {
            java.net.URI u = new java.net.URI(url.trim());
            return ("http".equals(u.getScheme()) || "https".equals(u.getScheme())) && u.getHost() != null;
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }

    private static Status paymentStatus(BigDecimal amount, BigDecimal paid) {
        return paid.signum() == 0 ? Status.OPEN : paid.compareTo(amount) >= 0 ? Status.PAID : Status.PARTIALLY_PAID;
    }

    private static void requireOpen(State s, String what) {
        if (s.closed()) {
            throw new Conflict("cannot " + what + " an invoice that is " + s.status());
        }
    }

    /** The longest invoice or credit note number. */
    public static final int NUMBER = 64;
    /** The most digits before the decimal point of an amount (below 10^15, what the ledger keeps). */
    public static final int INTEGER_DIGITS = 15;

    /** At most {@value #INTEGER_DIGITS} digits before the decimal point (checked before anything is scaled). */
    public static boolean plausible(BigDecimal amount) {
        return amount == null || amount.precision() - amount.scale() <= INTEGER_DIGITS;
    }

    /** Positive, in a known currency, with no more decimals than the currency has. */
    static Violations money(Violations v, String field, BigDecimal amount, String currencyCode) {
        Currency currency = currency(currencyCode);
        v.check(currency != null, "currency", "an ISO 4217 currency code such as EUR")
                .check(amount != null && amount.signum() > 0, field, "must be greater than 0")
                .check(plausible(amount), field, "at most " + INTEGER_DIGITS + " digits before the decimal point");
        if (currency != null && amount != null && currency.getDefaultFractionDigits() >= 0) {
            v.check(amount.stripTrailingZeros().scale() <= currency.getDefaultFractionDigits(), field,
                    "has more decimals than " + currency.getCurrencyCode() + " allows ("
                            + currency.getDefaultFractionDigits() + ")");
        }
        return v;
    }

    private static BigDecimal scaled(BigDecimal amount, String currencyCode) {
        return amount.setScale(Math.max(currency(currencyCode).getDefaultFractionDigits(), 0));
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
