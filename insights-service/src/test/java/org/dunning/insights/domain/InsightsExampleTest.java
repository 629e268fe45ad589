package org.dunning.insights.domain;

import org.dunning.insights.domain.InvoiceHistory.Kind;
import org.dunning.insights.domain.InvoiceHistory.Movement;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * R8.4 against an example computed by hand (the numbers in the comments): six invoices of two customers in EUR and
 * CHF, payments, a write-off, and reminders of two steps, one of them an A/B test.
 */
class InsightsExampleTest {

    static final LocalDate AS_OF = LocalDate.of(2026, 12, 31);
    static final UUID C1 = UUID.randomUUID();
    static final UUID C2 = UUID.randomUUID();
    static final UUID PLAN = UUID.randomUUID();
    static final UUID FRIENDLY = UUID.randomUUID();
    static final UUID FIRM = UUID.randomUUID();

    static LocalDate d(String s) {
        return LocalDate.parse(s);
    }

    static BigDecimal m(String s) {
        return new BigDecimal(s);
    }

    // I1: 1000 EUR due 15 Oct, paid in full 5 Nov
    final InvoiceHistory i1 = new InvoiceHistory(UUID.randomUUID(), C1, "EUR", d("2026-10-01"), d("2026-10-15"),
            m("1000.00"), List.of(new Movement(d("2026-11-05"), Kind.PAYMENT, m("1000.00"), m("0.00"))), null);
    // I2: 500 EUR due 24 Oct, 200 on 20 Nov, the rest on 20 Dec
    final InvoiceHistory i2 = new InvoiceHistory(UUID.randomUUID(), C1, "EUR", d("2026-10-10"), d("2026-10-24"),
            m("500.00"), List.of(new Movement(d("2026-12-20"), Kind.PAYMENT, m("300.00"), m("0.00")),
            new Movement(d("2026-11-20"), Kind.PAYMENT, m("200.00"), m("300.00"))), null);
    // I3: 800 EUR due 15 Nov, open (46 days past due at the end of the year)
    final InvoiceHistory i3 = new InvoiceHistory(UUID.randomUUID(), C2, "EUR", d("2026-11-01"), d("2026-11-15"),
            m("800.00"), List.of(), null);
    // I4: 300 EUR due 31 Dec, open and current
    final InvoiceHistory i4 = new InvoiceHistory(UUID.randomUUID(), C2, "EUR", d("2026-12-01"), d("2026-12-31"),
            m("300.00"), List.of(), null);
    // I5: 2000 CHF due 31 Aug, open (122 days past due)
    final InvoiceHistory i5 = new InvoiceHistory(UUID.randomUUID(), C2, "CHF", d("2026-08-01"), d("2026-08-31"),
            m("2000.00"), List.of(), null);
    // I6: 100 EUR due 15 Sep, written off 30 Nov
    final InvoiceHistory i6 = new InvoiceHistory(UUID.randomUUID(), C2, "EUR", d("2026-09-01"), d("2026-09-15"),
            m("100.00"), List.of(), d("2026-11-30"));
    final List<InvoiceHistory> all = List.of(i1, i2, i3, i4, i5, i6);

    Effectiveness.Reminder friendly(String variant, String sentOn, InvoiceHistory... invoices) {
        return new Effectiveness.Reminder(PLAN, "Standard", FRIENDLY, "Friendly", variant,
                variant.equals("B") ? "friendly-b" : "friendly", d(sentOn),
                java.util.Arrays.stream(invoices).map(InvoiceHistory::invoiceId).toList());
    }

    @Test
    void whatWorksPerStepAndVariant() {
        List<Effectiveness.Reminder> reminders = List.of(
                friendly("A", "2026-09-20", i6), // before the period
                friendly("A", "2026-10-18", i1), // settled 18 days later
                friendly("B", "2026-10-27", i2), // settled 54 days later; 200 within 30 days
                friendly("A", "2026-11-18", i3), // not settled
                friendly("A", "2026-12-28", i4), // too recent for any window
                new Effectiveness.Reminder(PLAN, "Standard", FIRM, "Firm", null, "firm", d("2026-11-01"),
                        List.of(i1.invoiceId(), i2.invoiceId()))); // I1 settled 4 days later, I2 49 days later
        Map<UUID, InvoiceHistory> byId = all.stream().collect(Collectors.toMap(InvoiceHistory::invoiceId,
                Function.identity()));

        List<Effectiveness.Row> rows = Effectiveness.of(reminders, byId, d("2026-10-01"), d("2026-12-31"), AS_OF);

        assertThat(rows).extracting(r -> r.stepName() + "/" + r.variant())
                .containsExactly("Firm/null", "Friendly/A", "Friendly/B");
        Effectiveness.Row firm = rows.get(0);
        assertThat(firm.reminders()).isEqualTo(1);
        assertThat(firm.invoices()).isEqualTo(2);
        assertThat(firm.settledWithin()).containsExactly(
                Map.entry(7, new Effectiveness.Share(1, 2, m("50.0"))),
                Map.entry(14, new Effectiveness.Share(1, 2, m("50.0"))),
                Map.entry(30, new Effectiveness.Share(1, 2, m("50.0"))));
        assertThat(firm.recovered()).containsExactly(Map.entry("EUR", m("1200.00"))); // 1000 on 5 Nov, 200 on 20 Nov
        assertThat(firm.medianDaysToSettle()).isEqualByComparingTo("26.5"); // (4 + 49) / 2
        assertThat(firm.settled()).isEqualTo(2);

        Effectiveness.Row a = rows.get(1);
        assertThat(a.reminders()).isEqualTo(3);
        assertThat(a.invoices()).isEqualTo(3);
        assertThat(a.templateKey()).isEqualTo("friendly");
        assertThat(a.settledWithin()).containsExactly(
                Map.entry(7, new Effectiveness.Share(0, 2, m("0.0"))),
                Map.entry(14, new Effectiveness.Share(0, 2, m("0.0"))),
                Map.entry(30, new Effectiveness.Share(1, 2, m("50.0"))));
        assertThat(a.recovered()).containsExactly(Map.entry("EUR", m("1000.00")));
        assertThat(a.medianDaysToSettle()).isEqualByComparingTo("18");
        assertThat(a.settled()).isEqualTo(1);

        Effectiveness.Row b = rows.get(2);
        assertThat(b.reminders()).isEqualTo(1);
        assertThat(b.templateKey()).isEqualTo("friendly-b");
        assertThat(b.settledWithin().values()).containsOnly(new Effectiveness.Share(0, 1, m("0.0")));
        assertThat(b.recovered()).containsExactly(Map.entry("EUR", m("200.00")));
        assertThat(b.medianDaysToSettle()).isEqualByComparingTo("54");
    }

    @Test
    void theAgeingPerCurrency() {
        List<Ageing.Row> rows = Ageing.of(all, AS_OF);
        assertThat(rows).extracting(Ageing.Row::currency).containsExactly("CHF", "EUR");
        assertThat(rows.get(0).buckets().get("over-90")).isEqualTo(new Ageing.Cell(m("2000.00"), 1));
        assertThat(rows.get(0).total()).isEqualTo(new Ageing.Cell(m("2000.00"), 1));
        Map<String, Ageing.Cell> eur = rows.get(1).buckets();
        assertThat(eur.keySet()).containsExactlyElementsOf(Ageing.BUCKETS);
        assertThat(eur.get("current")).isEqualTo(new Ageing.Cell(m("300.00"), 1));
        assertThat(eur.get("1-30")).isEqualTo(new Ageing.Cell(BigDecimal.ZERO, 0));
        assertThat(eur.get("31-60")).isEqualTo(new Ageing.Cell(m("800.00"), 1));
        assertThat(rows.get(1).total()).isEqualTo(new Ageing.Cell(m("1100.00"), 2));
        // in the middle of November: I1 paid, I2 300 left (23 days late), I3 not yet due, I6 not yet written off
        List<Ageing.Row> november = Ageing.of(all, d("2026-11-15"));
        assertThat(november.get(1).buckets().get("1-30")).isEqualTo(new Ageing.Cell(m("500.00"), 1));
        assertThat(november.get(1).buckets().get("current")).isEqualTo(new Ageing.Cell(m("800.00"), 1));
        assertThat(november.get(1).buckets().get("61-90")).isEqualTo(new Ageing.Cell(m("100.00"), 1));
    }

    @Test
    void daysSalesOutstandingMonthByMonthAndPerCustomer() {
        List<Dso.Figure> months = Dso.monthly(all, YearMonth.of(2026, 10), YearMonth.of(2026, 12));
        assertThat(months).extracting(f -> f.to() + " " + f.currency() + " " + f.receivables() + "/" + f.sales()
                + " " + f.days()).containsExactly(
                "2026-10-31 CHF 2000.00/0 null",
                "2026-10-31 EUR 1600.00/1500.00 33.1", // 1600 × 31 / 1500
                "2026-11-30 CHF 2000.00/0 null",
                "2026-11-30 EUR 1100.00/800.00 41.3", // (300 + 800) × 30 / 800; I6 written off that day
                "2026-12-31 CHF 2000.00/0 null",
                "2026-12-31 EUR 1100.00/300.00 113.7"); // (800 + 300) × 31 / 300
        List<Dso.Figure> c1 = Dso.of(List.of(i1, i2), d("2026-10-01"), d("2026-10-31"));
        assertThat(c1).singleElement().satisfies(f -> assertThat(f.days()).isEqualByComparingTo("31.0"));
        // a customer with nothing owed and nothing invoiced in the period has no figure
        assertThat(Dso.of(List.of(i1), d("2026-12-01"), d("2026-12-31"))).isEmpty();
    }
}
