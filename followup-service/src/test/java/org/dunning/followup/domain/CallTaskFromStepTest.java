package org.dunning.followup.domain;

import org.dunning.contract.PlanEvents;
import org.dunning.contract.ReminderEvents;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class CallTaskFromStepTest {

    static ReminderEvents.ReminderStepDue due(PlanEvents.Action action) {
        return ReminderEvents.ReminderStepDue.perInvoice("k", UUID.randomUUID(), 1, UUID.randomUUID(), "Call",
                action, "reminder", new ReminderEvents.CustomerRef(UUID.randomUUID(), "Berg GmbH", "de",
                List.of(ReminderEvents.Recipient.contact("Anna", null, "+49 30 1", null))),
                List.of(new ReminderEvents.InvoiceRef(UUID.randomUUID(), "A-1", LocalDate.of(2026, 11, 1),
                        LocalDate.of(2026, 11, 15), "EUR", BigDecimal.TEN, BigDecimal.TEN, 12),
                        new ReminderEvents.InvoiceRef(UUID.randomUUID(), "A-2", LocalDate.of(2026, 11, 2),
                                LocalDate.of(2026, 11, 16), "EUR", BigDecimal.ONE, BigDecimal.ONE, 11)),
                LocalDate.of(2026, 11, 27), Instant.parse("2026-11-27T08:00:00Z"));
    }

    @Test
    void aCallStepListsWhomToCallAndEveryInvoice() {
        CallTask task = CallTask.from(due(PlanEvents.Action.CALL)).orElseThrow();
        assertThat(task.title()).isEqualTo("Call: call Berg GmbH about A-1, A-2");
        assertThat(task.contacts()).extracting(CallTask.Contact::phone).containsExactly("+49 30 1");
        assertThat(task.invoices()).extracting(CallTask.Invoice::number).containsExactly("A-1", "A-2");
        assertThat(task.dueDate()).isEqualTo(LocalDate.of(2026, 11, 27));
    }

    @Test
    void otherActionsMakeNoCallTask() {
        assertThat(CallTask.from(due(PlanEvents.Action.AUTO_EMAIL))).isEmpty();
    }
}
