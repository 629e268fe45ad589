package org.dunning.invoice.messaging;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.dunning.contract.FollowupEvents;
import org.dunning.contract.NotificationEvents;
import org.dunning.invoice.domain.Customers;
import org.dunning.invoice.domain.Invoices;
import org.dunning.invoice.persistence.LedgerRepository;
import org.dunning.platform.domain.DomainException;
import org.dunning.platform.inbox.Batch;
import org.dunning.platform.inbox.DeadLetters;
import org.dunning.platform.inbox.Inbox;
import org.dunning.platform.inbox.Received;
import org.hibernate.reactive.mutiny.Mutiny;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.UUID;

/**
 * The ledger's side of what people and deliveries found out: a promise to pay becomes each invoice's expected
 * payment date (R2.3, R7.2), a reported dispute opens a dispute on each invoice, a bounced address marks the contact
 * (R7.5). A poll at a time in one transaction ({@link Batch}); each event is applied once (the inbox, in the same
 * transaction); the ledger's own rules decide, and an invoice they refuse (paid or cancelled meanwhile) is left as it
 * is and logged, without holding up the others. A record that cannot be read goes to the dead-letter topic.
 */
@ApplicationScoped
public class FollowupConsumer {

    private static final Logger LOG = Logger.getLogger(FollowupConsumer.class);

    private static final String DEAD_LETTERS = "dunning.invoice.dead-letter";
    /** The only types of the two topics the ledger acts on; the others are not even read. */
    private static final java.util.Set<String> FOLLOWUP_TYPES = java.util.Set.of(
            org.dunning.contract.EventTypes.typeOf(FollowupEvents.PromiseToPayRecorded.class),
            org.dunning.contract.EventTypes.typeOf(FollowupEvents.DisputeReported.class));
    private static final java.util.Set<String> NOTIFICATION_TYPES = java.util.Set.of(
            org.dunning.contract.EventTypes.typeOf(NotificationEvents.EmailBounced.class));

    private final LedgerRepository ledger;
    private final Inbox inbox;
    private final DeadLetters deadLetters;

    public FollowupConsumer(LedgerRepository ledger, Inbox inbox, DeadLetters deadLetters) {
        this.ledger = ledger;
        this.inbox = inbox;
        this.deadLetters = deadLetters;
    }

    @Incoming("followup-events")
    @ActivateRequestContext
    public Uni<Void> onFollowupEvents(ConsumerRecords<String, String> records) {
        return Batch.apply(Batch.ofTypes(records, FOLLOWUP_TYPES), Received::from, this::onFollowupEvent)
                .chain(refused -> deadLetters.write(DEAD_LETTERS, refused));
    }

    @Incoming("notification-events")
    @ActivateRequestContext
    public Uni<Void> onNotificationEvents(ConsumerRecords<String, String> records) {
        return Batch.apply(Batch.ofTypes(records, NOTIFICATION_TYPES), Received::from, this::onNotificationEvent)
                .chain(refused -> deadLetters.write(DEAD_LETTERS, refused));
    }

    private Uni<Void> onFollowupEvent(Mutiny.Session s, Received r) {
        if (r.event() instanceof FollowupEvents.PromiseToPayRecorded p) {
            return once(s, r, () -> each(r.tenantId(), p.invoiceIds(),
                    new Invoices.SetExpectedPaymentDate(p.promisedDate())));
        }
        if (r.event() instanceof FollowupEvents.DisputeReported d) {
            return once(s, r, () -> each(r.tenantId(), d.invoiceIds(), new Invoices.OpenDispute(d.reason())));
        }
        return Uni.createFrom().voidItem();
    }

    private Uni<Void> onNotificationEvent(Mutiny.Session s, Received r) {
        if (r.event() instanceof NotificationEvents.EmailBounced b) {
            return once(s, r, () -> ledger.changeCustomer(r.tenantId(), b.customerId(), null,
                            state -> Customers.decide(new Customers.MarkBounced(b.address()), state)).replaceWithVoid()
                    .onFailure(DomainException.class).recoverWithUni(e -> {
                        LOG.warnf("bounce of %s for customer %s not applied: %s", b.address(), b.customerId(),
                                e.getMessage());
                        return Uni.createFrom().voidItem();
                    }));
        }
        return Uni.createFrom().voidItem();
    }

    private Uni<Void> each(String tenant, List<UUID> invoices, Invoices.Command command) {
        return Batch.inOrder(invoices, invoice -> ledger.change(tenant, invoice, null, command).replaceWithVoid()
                .onFailure(DomainException.class).recoverWithUni(e -> {
                    LOG.warnf("%s on invoice %s not applied: %s", command.getClass().getSimpleName(), invoice,
                            e.getMessage());
                    return Uni.createFrom().voidItem();
                }));
    }

    private Uni<Void> once(Mutiny.Session s, Received r, java.util.function.Supplier<Uni<Void>> apply) {
        return inbox.firstDelivery(s, "ledger-" + r.envelope().type(), r.envelope().id())
                .chain(first -> first ? apply.get() : Uni.createFrom().voidItem());
    }
}
