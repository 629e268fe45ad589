package org.dunning.notification.domain;

import org.dunning.contract.PlanEvents;
import org.dunning.contract.ReminderEvents;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class ReminderMessageTest {

    static ReminderEvents.ReminderStepDue due(String language, List<ReminderEvents.Recipient> to) {
        return new ReminderEvents.ReminderStepDue("k", UUID.randomUUID(), 1, UUID.randomUUID(), "1st",
                PlanEvents.Action.AUTO_EMAIL, "reminder",
                new ReminderEvents.CustomerRef(UUID.randomUUID(), "Berg GmbH", language, to),
                List.of(new ReminderEvents.InvoiceRef(UUID.randomUUID(), "INV-7", LocalDate.of(2026, 11, 7),
                        LocalDate.of(2026, 11, 21), "EUR", new BigDecimal("1234.56"), new BigDecimal("1234.56"), 3)),
                LocalDate.of(2026, 11, 24), Instant.parse("2026-11-24T08:00:00Z"));
    }

    @Test
    void germanCustomersReadGermanNumbersAndDates() {
        ReminderMessage m = ReminderMessage.of(due("de", List.of(new ReminderEvents.Recipient("Anna Berg",
                "anna@berg.example", null, "accounting"))));
        assertThat(m.subject()).isEqualTo("Zahlungserinnerung: Rechnung INV-7");
        assertThat(m.invoices()).singleElement().satisfies(l -> {
            assertThat(l.outstanding()).isEqualTo("1.234,56 €");
            assertThat(l.dueDate()).isEqualTo("21.11.2026");
        });
        assertThat(m.contactName()).isEqualTo("Anna Berg");
    }

    @Test
    void englishIsTheFallbackAndContactsWithoutAddressAreLeftOut() {
        ReminderMessage m = ReminderMessage.of(due("fi", List.of(new ReminderEvents.Recipient("No Mail", null, "+49", null),
                new ReminderEvents.Recipient("B", "b@berg.example", null, null))));
        assertThat(m.subject()).isEqualTo("Payment reminder: invoice INV-7");
        assertThat(m.total()).isEqualTo("€1,234.56");
        assertThat(m.recipients()).containsExactly("b@berg.example");
    }
}
