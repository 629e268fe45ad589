package org.dunning.invoice.domain;

import org.dunning.platform.domain.Conflict;
import org.dunning.platform.domain.ValidationFailed;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Given events, when a command, then events (or a refusal naming the field). */
class InvoicesTest {

    static final UUID INVOICE = UUID.randomUUID();
    static final UUID CUSTOMER = UUID.randomUUID();

    static Invoices.IssueInvoice issue(LocalDate issue, LocalDate due, String currency, String amount) {
        return new Invoices.IssueInvoice(INVOICE, CUSTOMER, "INV-1", issue, due, currency,
                amount == null ? null : new BigDecimal(amount));
    }

    @Test
    void issuingANewInvoiceRecordsItWithTheCurrencysScale() {
        List<InvoiceEvent> events = Invoices.decide(issue(LocalDate.of(2026, 11, 1), LocalDate.of(2026, 11, 15),
                "EUR", "1234.5"), Invoices.State.NONE);
        assertThat(events).containsExactly(new InvoiceEvent.InvoiceIssued(INVOICE, CUSTOMER, "INV-1",
                LocalDate.of(2026, 11, 1), LocalDate.of(2026, 11, 15), "EUR", new BigDecimal("1234.50")));
    }

    @Test
    void yenHasNoDecimals() {
        assertThatThrownBy(() -> Invoices.decide(issue(LocalDate.of(2026, 11, 1), LocalDate.of(2026, 11, 1),
                "JPY", "10.5"), Invoices.State.NONE))
                .isInstanceOfSatisfying(ValidationFailed.class, e -> assertThat(e.violations())
                        .extracting(ValidationFailed.Violation::field).containsExactly("amount"));
    }

    @Test
    void everyBrokenRuleIsNamed() {
        assertThatThrownBy(() -> Invoices.decide(issue(LocalDate.of(2026, 11, 10), LocalDate.of(2026, 11, 1),
                "EURO", "-1"), Invoices.State.NONE))
                .isInstanceOfSatisfying(ValidationFailed.class, e -> assertThat(e.violations())
                        .extracting(ValidationFailed.Violation::field)
                        .containsExactlyInAnyOrder("currency", "amount", "dueDate"));
    }

    @Test
    void anInvoiceIsIssuedOnce() {
        Invoices.State issued = Invoices.evolve(Invoices.State.NONE, Invoices.decide(issue(LocalDate.of(2026, 11, 1),
                LocalDate.of(2026, 11, 15), "EUR", "10"), Invoices.State.NONE).get(0));
        assertThatThrownBy(() -> Invoices.decide(issue(LocalDate.of(2026, 11, 1), LocalDate.of(2026, 11, 15),
                "EUR", "10"), issued)).isInstanceOf(Conflict.class);
    }

    @Test
    void aPaymentLinkIsAnHttpUrlKeptUntilChangedOrRemoved() {
        Invoices.IssueInvoice withLink = new Invoices.IssueInvoice(INVOICE, CUSTOMER, "INV-1", LocalDate.of(2026, 11, 1),
                LocalDate.of(2026, 11, 15), "EUR", BigDecimal.TEN, " https://pay.example.com/i/1 ");
        List<InvoiceEvent> issued = Invoices.decide(withLink, Invoices.State.NONE);
        assertThat(issued).hasSize(2).last().isEqualTo(new InvoiceEvent.PaymentLinkSet("https://pay.example.com/i/1"));
        Invoices.State state = Invoices.replay(issued);
        assertThat(state.paymentUrl()).isEqualTo("https://pay.example.com/i/1");
        assertThat(Invoices.decide(new Invoices.SetPaymentLink("https://pay.example.com/i/1"), state))
                .as("the same link again changes nothing").isEmpty();
        List<InvoiceEvent> removed = Invoices.decide(new Invoices.SetPaymentLink(" "), state);
        assertThat(removed).containsExactly(new InvoiceEvent.PaymentLinkSet(null));
        assertThat(Invoices.evolve(state, removed.get(0)).paymentUrl()).isNull();
        for (String bad : List.of("javascript:alert(1)", "ftp://pay.example.com", "https://" + "x".repeat(2000))) {
            assertThatThrownBy(() -> Invoices.decide(new Invoices.SetPaymentLink(bad), state))
                    .as(bad).isInstanceOfSatisfying(ValidationFailed.class, e -> assertThat(e.violations())
                            .extracting(ValidationFailed.Violation::field).containsOnly("url"));
        }
        assertThatThrownBy(() -> Invoices.decide(new Invoices.IssueInvoice(INVOICE, CUSTOMER, "INV-1",
                LocalDate.of(2026, 11, 1), LocalDate.of(2026, 11, 15), "EURO", BigDecimal.TEN, "data:text/html,x"),
                Invoices.State.NONE)).isInstanceOfSatisfying(ValidationFailed.class, e -> assertThat(e.violations())
                .extracting(ValidationFailed.Violation::field).containsExactlyInAnyOrder("currency", "paymentUrl"));
    }
}
