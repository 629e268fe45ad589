package org.dunning.escalation.messaging;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.dunning.contract.InvoiceEvents;
import org.dunning.contract.PlanEvents;
import org.dunning.escalation.domain.SendSlots;
import org.dunning.escalation.projection.Projection;
import org.dunning.escalation.scheduling.Engine;
import org.dunning.platform.inbox.Inbox;
import org.dunning.platform.inbox.Received;
import org.dunning.platform.inbox.Retry;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.hibernate.reactive.mutiny.Mutiny;

import java.time.Clock;
import java.time.Instant;

/**
 * Projects the invoice and plan topics and re-plans what they touch, in one transaction with the inbox entry: a
 * redelivered event changes nothing. A record that cannot be read goes to the dead-letter topic.
 */
@ApplicationScoped
public class ProjectionConsumer {

    static final String CONSUMER = "escalation-projection";

    private final Projection projection;
    private final Engine engine;
    private final Inbox inbox;
    private final Clock clock;

    public ProjectionConsumer(Projection projection, Engine engine, Inbox inbox, Clock clock) {
        this.projection = projection;
        this.engine = engine;
        this.inbox = inbox;
        this.clock = clock;
    }

    @Incoming("invoice-events")
    @ActivateRequestContext
    public Uni<Void> onInvoiceEvent(ConsumerRecord<String, String> record) {
        return handle(Received.from(record));
    }

    @Incoming("plan-events")
    @ActivateRequestContext
    public Uni<Void> onPlanEvent(ConsumerRecord<String, String> record) {
        return handle(Received.from(record));
    }

    Uni<Void> handle(Received r) {
        return Retry.transientFailures(Panache.withTransaction(() -> Panache.getSession().chain(s ->
                lockTenant(s, r.tenantId())
                        .chain(() -> inbox.firstDelivery(s, CONSUMER, r.envelope().id()))
                        .chain(first -> first ? apply(s, r) : Uni.createFrom().voidItem()))));
    }

    /**
     * The invoice and plan topics are consumed concurrently. Without this lock an invoice issued while its
     * customer's plan is being assigned could be planned by neither transaction (each not seeing the other's
     * uncommitted row). One tenant's projection changes therefore run one after the other.
     */
    private static Uni<Void> lockTenant(Mutiny.Session s, String tenant) {
        return s.createNativeQuery("SELECT pg_advisory_xact_lock(hashtext(:t))", Object.class)
                .setParameter("t", "escalation-projection/" + tenant).getSingleResult().replaceWithVoid();
    }

    private Uni<Void> apply(Mutiny.Session s, Received r) {
        String t = r.tenantId();
        return projection.slots(s, t, engine.defaultSlots()).chain(slots -> apply(s, r, t, slots, clock.instant()));
    }

    private Uni<Void> apply(Mutiny.Session s, Received r, String t, SendSlots slots, Instant now) {
        if (r.event() instanceof InvoiceEvents.CustomerRegistered e) {
            return projection.apply(s, t, e).chain(() -> projection.replanCustomer(s, t, e.customerId(), slots, now));
        }
        if (r.event() instanceof InvoiceEvents.CustomerUpdated e) {
            // the segment may have changed, and with it the segment's default plan
            return projection.apply(s, t, new InvoiceEvents.CustomerRegistered(e.customerId(), e.name(), e.language(),
                            e.segment(), e.contacts(), e.externalReference(), e.internalUsers()))
                    .chain(() -> projection.replanCustomer(s, t, e.customerId(), slots, now));
        }
        if (r.event() instanceof InvoiceEvents.ContactBounced e) {
            return projection.apply(s, t, e);
        }
        if (r.event() instanceof InvoiceEvents.InvoiceIssued e) {
            return projection.apply(s, t, e).chain(() -> projection.replanInvoice(s, t, e.invoiceId(), slots, now));
        }
        if (r.event() instanceof InvoiceEvents.InvoiceChange e) {
            return projection.apply(s, t, e).chain(() -> projection.replanInvoice(s, t, e.invoiceId(), slots, now));
        }
        if (r.event() instanceof PlanEvents.PlanCreated e) {
            return projection.apply(s, t, e).chain(() -> projection.replanPlan(s, t, e.planId(), slots, now));
        }
        if (r.event() instanceof PlanEvents.PlanRevised e) {
            return projection.apply(s, t, e).chain(() -> projection.replanPlan(s, t, e.planId(), slots, now));
        }
        if (r.event() instanceof PlanEvents.PlanArchived e) {
            return projection.apply(s, t, e).chain(() -> projection.replanPlan(s, t, e.planId(), slots, now));
        }
        if (r.event() instanceof PlanEvents.PlanAssigned e) {
            return projection.apply(s, t, e).chain(() -> projection.replanCustomer(s, t, e.customerId(), slots, now));
        }
        if (r.event() instanceof PlanEvents.PlanUnassigned e) {
            return projection.apply(s, t, e).chain(() -> projection.replanCustomer(s, t, e.customerId(), slots, now));
        }
        if (r.event() instanceof PlanEvents.SegmentDefaultChanged e) {
            return projection.apply(s, t, e).chain(() -> projection.replanSegment(s, t, e.segment(), slots, now));
        }
        if (r.event() instanceof PlanEvents.TenantAutomationChanged e) {
            return projection.apply(s, t, e).chain(() -> projection.replanTenant(s, t, slots, now));
        }
        if (r.event() instanceof PlanEvents.CustomerAutomationChanged e) {
            return projection.apply(s, t, e).chain(() -> projection.replanCustomer(s, t, e.customerId(), slots, now));
        }
        if (r.event() instanceof PlanEvents.InvoiceAutomationChanged e) {
            return projection.apply(s, t, e).chain(() -> projection.replanInvoice(s, t, e.invoiceId(), slots, now));
        }
        if (r.event() instanceof PlanEvents.TenantSettingsChanged e) {
            return projection.apply(s, t, e)
                    .chain(() -> projection.slots(s, t, engine.defaultSlots()))
                    .chain(current -> projection.reslotTenant(s, t, current, now));
        }
        return Uni.createFrom().voidItem();
    }
}
