package org.dunning.escalation.messaging;

import org.dunning.contract.Envelope;
import org.dunning.contract.IntegrationEvent;
import org.dunning.contract.InvoiceEvents;
import org.dunning.platform.inbox.Received;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** How a poll is cut: invoices issued one after the other are planned as a set, the rest one by one, in order. */
class RunsTest {

    static final UUID CUSTOMER = UUID.randomUUID();

    static Received received(IntegrationEvent e) {
        return new Received(new Envelope(UUID.randomUUID(), "test", e.type(), "s", Instant.EPOCH, "acme", 1, null), e);
    }

    static Received issued() {
        return received(new InvoiceEvents.InvoiceIssued(UUID.randomUUID(), CUSTOMER, "R-1", LocalDate.EPOCH,
                LocalDate.EPOCH, "EUR", BigDecimal.TEN));
    }

    static Received registered() {
        return received(new InvoiceEvents.CustomerRegistered(CUSTOMER, "Acme", "de", null, List.of(), null, List.of()));
    }

    @Test
    void consecutiveIssuedInvoicesMakeOneRunAndEveryOtherRecordItsOwn() {
        List<Received> poll = List.of(registered(), issued(), issued(), issued(), registered(), registered(), issued());

        List<List<Received>> runs = ProjectionConsumer.runs(poll);

        assertThat(runs).extracting(List::size).containsExactly(1, 3, 1, 1, 1);
        assertThat(runs.stream().flatMap(List::stream).toList()).containsExactlyElementsOf(poll);
    }
}
