package org.dunning.followup.messaging;

import org.dunning.contract.Envelope;
import org.dunning.contract.IntegrationEvent;
import org.dunning.contract.InvoiceEvents;
import org.dunning.contract.NotificationEvents;
import org.dunning.contract.PlanEvents;
import org.dunning.followup.domain.TaskRules;
import org.dunning.followup.persistence.TaskStore;
import org.dunning.followup.persistence.Timeline;
import org.dunning.platform.inbox.Batch;
import org.dunning.platform.inbox.Received;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How follow-up cuts a poll: the records between a tenant's settings (timeline lines, customers and invoices to know,
 * tasks) are written together, a tenant's settings on their own and in order, since the day a task is due depends on
 * them.
 */
class PollRunsTest {

    static final UUID CUSTOMER = UUID.randomUUID();

    static Received received(IntegrationEvent e) {
        return new Received(new Envelope(UUID.randomUUID(), "test", e.type(), "s", Instant.EPOCH, "acme", 1, null), e);
    }

    static Received issued(String number) {
        return received(new InvoiceEvents.InvoiceIssued(UUID.randomUUID(), CUSTOMER, number, LocalDate.EPOCH,
                LocalDate.EPOCH, "EUR", BigDecimal.TEN));
    }

    static Received registered() {
        return received(new InvoiceEvents.CustomerRegistered(CUSTOMER, "Acme", "de", null, List.of(), null, List.of()));
    }

    static Received settings() {
        return received(new PlanEvents.TenantSettingsChanged(2, LocalTime.NOON, "Europe/Berlin", null, null, false,
                null, 0, null, null, null));
    }

    static Received bounced(String tenant) {
        return new Received(new Envelope(UUID.randomUUID(), "test", "EmailBounced", "s", Instant.EPOCH, tenant, 1,
                null), new NotificationEvents.EmailBounced(UUID.randomUUID(), CUSTOMER, "ap@acme.example", "550",
                Instant.EPOCH));
    }

    @Test
    void recordsAreWrittenTogetherAndSettingsOnTheirOwn() {
        List<Received> poll = List.of(registered(), issued("R-1"), bounced("acme"), issued("R-2"), settings(),
                issued("R-3"));

        List<List<Received>> runs = Batch.runs(poll, IncomingEvents::together);

        assertThat(runs).extracting(List::size).containsExactly(4, 1, 1);
        assertThat(IncomingEvents.together(poll.get(4))).isFalse();
    }

    @Test
    void aRunsTasksAreDueOnTheDayInTheirTenantsZone() {
        // 23:30 UTC is already the next day in Berlin
        Instant now = Instant.parse("2026-11-30T23:30:00Z");
        List<TaskStore.Made> made = IncomingEvents.tasks(List.of(bounced("acme"), bounced("globex")),
                Map.of("acme", ZoneId.of("Europe/Berlin"), "globex", ZoneId.of("America/New_York")), now);

        assertThat(made).extracting(TaskStore.Made::tenant).containsExactly("acme", "globex");
        assertThat(made).extracting(m -> m.task().dueDate())
                .containsExactly(LocalDate.of(2026, 12, 1), LocalDate.of(2026, 11, 30));
        assertThat(made).extracting(m -> m.task().type()).containsOnly(TaskRules.Type.FIX_CONTACT);
    }

    @Test
    void aRunsLinesKeepTheirOrderAndEachEventsId() {
        List<Received> run = List.of(registered(), issued("R-1"), issued("R-2"));

        List<Timeline.Line> lines = IncomingEvents.lines(run);

        // a registration shows nothing on the timeline; each invoice one line, the redelivery key its event id
        assertThat(lines).extracting(l -> l.entry().summary()).satisfiesExactly(
                s -> assertThat(s).startsWith("Invoice R-1 issued"), s -> assertThat(s).startsWith("Invoice R-2 issued"));
        assertThat(lines).extracting(l -> l.entry().source())
                .containsExactly(run.get(1).envelope().id().toString(), run.get(2).envelope().id().toString());
        assertThat(lines).extracting(Timeline.Line::tenant).containsOnly("acme");
    }
}
