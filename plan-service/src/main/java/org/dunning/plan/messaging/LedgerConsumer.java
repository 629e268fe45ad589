package org.dunning.plan.messaging;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.dunning.contract.InvoiceEvents;
import org.dunning.plan.persistence.ActivationRepository;
import org.dunning.platform.inbox.Inbox;
import org.dunning.platform.inbox.Received;
import org.dunning.platform.inbox.Retry;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Learns from the invoice topic what plan-service needs to resolve effective plans: each customer's segment and each
 * invoice's customer. Applied once per event (inbox in the same transaction); unreadable records go to the
 * dead-letter topic.
 */
@ApplicationScoped
public class LedgerConsumer {

    static final String CONSUMER = "plan-ledger";

    private final Inbox inbox;

    public LedgerConsumer(Inbox inbox) {
        this.inbox = inbox;
    }

    @Incoming("invoice-events")
    @ActivateRequestContext
    public Uni<Void> onInvoiceEvent(ConsumerRecord<String, String> record) {
        Received r = Received.from(record);
        return Retry.transientFailures(Panache.withTransaction(() -> Panache.getSession().chain(s ->
                inbox.firstDelivery(s, CONSUMER, r.envelope().id()).chain(first -> {
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
                }))));
    }
}
