package org.dunning.insights.domain;

import org.dunning.contract.InvoiceEvents;
import org.dunning.contract.NotificationEvents;
import org.dunning.contract.PlanEvents;
import org.dunning.contract.ReminderEvents;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** R8.4: what the insights keep of each event; a message counts as sent when it went out, not when it fired. */
class FactsTest {

    static final Instant AT = Instant.parse("2026-12-04T23:30:00Z");
    final UUID invoice = UUID.randomUUID();
    final UUID customer = UUID.randomUUID();

    ReminderEvents.ReminderStepDue due(PlanEvents.Action action, String variant) {
        return new ReminderEvents.ReminderStepDue("k", UUID.randomUUID(), 1, UUID.randomUUID(), "Friendly", action,
                "friendly-b", new ReminderEvents.CustomerRef(customer, "Berg", "de", List.of()),
                List.of(new ReminderEvents.InvoiceRef(invoice, "A-1", LocalDate.of(2026, 11, 1),
                        LocalDate.of(2026, 11, 15), "EUR", BigDecimal.TEN, BigDecimal.TEN, 19)),
                LocalDate.of(2026, 12, 4), AT, PlanEvents.PlanType.ESCALATION_PER_INVOICE, List.of(), false, variant);
    }

    @Test
    void anEmailStepIsSentWhenTheCustomersCopyWasAcceptedACallWhenItFires() {
        assertThat(Facts.of(due(PlanEvents.Action.AUTO_EMAIL, "B"), AT)).get()
                .isInstanceOfSatisfying(Facts.Fired.class, f -> {
                    assertThat(f.sentOn()).isNull();
                    assertThat(f.variant()).isEqualTo("B");
                    assertThat(f.templateKey()).isEqualTo("friendly-b");
                    assertThat(f.invoiceIds()).containsExactly(invoice);
                });
        assertThat(Facts.of(due(PlanEvents.Action.CALL, null), AT)).get()
                .isInstanceOfSatisfying(Facts.Fired.class, f -> assertThat(f.sentOn())
                        .isEqualTo(LocalDate.of(2026, 12, 4)));
        assertThat(Facts.of(new NotificationEvents.EmailSent(UUID.randomUUID(), "k", customer, List.of(invoice),
                NotificationEvents.Audience.CUSTOMER, List.of("a@b.example"), "s", "t", "<m>",
                Instant.parse("2026-12-05T07:00:00Z")), AT))
                .contains(new Facts.Sent("k", LocalDate.of(2026, 12, 5), List.of(invoice)));
        // the colleagues' copy is not the reminder
        assertThat(Facts.of(new NotificationEvents.EmailSent(UUID.randomUUID(), "k", customer, List.of(invoice),
                NotificationEvents.Audience.INTERNAL, List.of("c@d.example"), "s", "t", "<m>", AT), AT)).isEmpty();
    }

    @Test
    void theLedgerMovesTheOutstandingAmountAndClosesInvoices() {
        assertThat(Facts.of(new InvoiceEvents.PaymentRecorded(invoice, customer, "BANK-1", new BigDecimal("4.00"),
                LocalDate.of(2026, 12, 1), new BigDecimal("6.00"), InvoiceEvents.InvoiceStatus.PARTIALLY_PAID), AT))
                .contains(new Facts.Moved(invoice, new InvoiceHistory.Movement(LocalDate.of(2026, 12, 1),
                        InvoiceHistory.Kind.PAYMENT, new BigDecimal("4.00"), new BigDecimal("6.00")), null));
        assertThat(Facts.of(new InvoiceEvents.InvoiceAmountChanged(invoice, customer, new BigDecimal("8.00"),
                new BigDecimal("4.00"), InvoiceEvents.InvoiceStatus.PARTIALLY_PAID), AT)).get()
                .isInstanceOfSatisfying(Facts.Moved.class, m -> {
                    assertThat(m.correctedAmount()).isEqualByComparingTo("8.00");
                    assertThat(m.movement().on()).isEqualTo(LocalDate.of(2026, 12, 4)); // the event's day in UTC
                });
        assertThat(Facts.of(new InvoiceEvents.InvoiceWrittenOff(invoice, customer, "insolvent"), AT))
                .contains(new Facts.Closed(invoice, LocalDate.of(2026, 12, 4)));
        assertThat(Facts.of(new InvoiceEvents.InvoiceDisputed(invoice, customer, "x"), AT)).isEmpty();
    }
}
