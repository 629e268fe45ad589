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

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

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

    /**
     * A poll at a time, in one transaction ({@link Batch}): the inbox checked for the whole poll in one statement,
     * the customers seen (the last segment stated wins) and the invoices seen written in one statement each. A record
     * that cannot be read is dead-lettered.
     */
    @Incoming("invoice-events")
    @ActivateRequestContext
    public Uni<Void> onInvoiceEvents(ConsumerRecords<String, String> records) {
        return Batch.inSets(records, Received::from, this::applyAll)
                .chain(refused -> deadLetters.write("dunning.plan.dead-letter", refused));
    }

    private Uni<Map<Integer, Throwable>> applyAll(Mutiny.Session s, List<Received> batch) {
        return inbox.firstDeliveries(s, CONSUMER, batch.stream().map(r -> r.envelope().id()).toList())
                .chain(firstTime -> {
                    java.util.Set<UUID> fresh = new java.util.HashSet<>(firstTime);
                    Map<List<Object>, ActivationRepository.CustomerSeen> customers = new LinkedHashMap<>();
                    List<ActivationRepository.InvoiceSeen> invoices = new ArrayList<>();
                    for (Received r : batch) {
                        if (!fresh.remove(r.envelope().id())) {
                            continue; // applied before, or twice in this poll
                        }
                        String t = r.tenantId();
                        if (r.event() instanceof InvoiceEvents.CustomerRegistered e) {
                            customers.put(List.of(t, e.customerId()), customer(t, e.customerId(), e.segment()));
                        } else if (r.event() instanceof InvoiceEvents.CustomerUpdated e) {
                            customers.put(List.of(t, e.customerId()), customer(t, e.customerId(), e.segment()));
                        } else if (r.event() instanceof InvoiceEvents.InvoiceIssued e) {
                            invoices.add(new ActivationRepository.InvoiceSeen(t, e.invoiceId(), e.customerId()));
                        }
                    }
                    return ActivationRepository.customersSeen(s, List.copyOf(customers.values()))
                            .chain(() -> ActivationRepository.invoicesSeen(s, invoices));
                })
                .replaceWith(Map.of());
    }

    /** A customer as seen: its segment, none when blank. */
    private static ActivationRepository.CustomerSeen customer(String tenant, UUID id, String segment) {
        return new ActivationRepository.CustomerSeen(tenant, id,
                segment == null || segment.isBlank() ? null : segment.trim());
    }
}
