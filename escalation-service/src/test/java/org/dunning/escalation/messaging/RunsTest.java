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

/**
 * How a poll is cut: customers registered and invoices issued one after the other make a run whose invoices are
 * planned as a set, the rest one by one, in order.
 */
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
        return registered(CUSTOMER);
    }

    static Received registered(UUID customer) {
        return received(new InvoiceEvents.CustomerRegistered(customer, "Acme", "de", null, List.of(), null, List.of()));
    }

    static Received updated() {
        return received(new InvoiceEvents.CustomerUpdated(CUSTOMER, "Acme AG", "de", null, List.of(), null, List.of()));
    }

    @Test
    void customersRegisteredAndInvoicesIssuedOneAfterTheOtherMakeOneRunAndEveryOtherRecordItsOwn() {
        List<Received> poll = List.of(registered(), issued(), issued(), updated(), issued(), registered(), issued());

        List<List<Received>> runs = ProjectionConsumer.runs(poll);

        assertThat(runs).extracting(List::size).containsExactly(3, 1, 3);
        assertThat(runs.stream().flatMap(List::stream).toList()).containsExactlyElementsOf(poll);
    }

    @Test
    void aRunRegistersItsCustomersFirstUnlessAnInvoiceCameBeforeItsOwnCustomer() {
        UUID other = UUID.randomUUID();
        assertThat(ProjectionConsumer.customersFirst(List.of(registered(), issued(), registered(other), issued())))
                .isTrue();
        assertThat(ProjectionConsumer.customersFirst(List.of(issued(), registered()))).isFalse();
    }
}
