package org.dunning.plan.messaging;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.dunning.contract.InvoiceEvents;
import org.dunning.plan.persistence.ActivationRepository;
import org.dunning.platform.inbox.Batch;
import org.dunning.platform.inbox.DeadLetters;
import org.dunning.platform.inbox.Inbox;
import org.dunning.platform.inbox.Received;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Learns from the invoice topic what plan-service needs to resolve effective plans: each customer's segment and each
 * invoice's customer. Applied once per event (inbox in the same transaction); unreadable records go to the
 * dead-letter topic.
 */
@ApplicationScoped
public class LedgerConsumer {

    static final String CONSUMER = "plan-ledger";

    private final Inbox inbox;
    private final DeadLetters deadLetters;

    public LedgerConsumer(Inbox inbox, DeadLetters deadLetters) {
        this.inbox = inbox;
        this.deadLetters = deadLetters;
    }

    /** A poll at a time, in one transaction ({@link Batch}); a record that cannot be read is dead-lettered. */
    @Incoming("invoice-events")
    @ActivateRequestContext
    public Uni<Void> onInvoiceEvents(ConsumerRecords<String, String> records) {
        return Batch.apply(records, Received::from, this::apply)
                .chain(refused -> deadLetters.write("dunning.plan.dead-letter", refused));
    }

    private Uni<Void> apply(Mutiny.Session s, Received r) {
        return inbox.firstDelivery(s, CONSUMER, r.envelope().id()).chain(first -> {
            if (!first) {
                return Uni.createFrom().voidItem();
            }
            String t = r.tenantId();
            if (r.event() instanceof InvoiceEvents.CustomerRegistered e) {
                return ActivationRepository.customerSeen(s, t, e.customerId(), e.segment());
            }
            if (r.event() instanceof InvoiceEvents.CustomerUpdated e) {
                return ActivationRepository.customerSeen(s, t, e.customerId(), e.segment());
            }
            if (r.event() instanceof InvoiceEvents.InvoiceIssued e) {
                return ActivationRepository.invoiceSeen(s, t, e.invoiceId(), e.customerId());
            }
            return Uni.createFrom().voidItem();
        });
    }
}
