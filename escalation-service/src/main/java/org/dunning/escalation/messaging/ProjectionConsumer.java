package org.dunning.escalation.messaging;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.dunning.contract.FollowupEvents;
import org.dunning.contract.InvoiceEvents;
import org.dunning.contract.PlanEvents;
import org.dunning.escalation.domain.SendSlots;
import org.dunning.escalation.projection.Checks;
import org.dunning.escalation.projection.Lateness;
import org.dunning.escalation.projection.Projection;
import org.dunning.escalation.projection.RebuildState;
import org.dunning.escalation.scheduling.Engine;
import org.dunning.platform.inbox.Batch;
import org.dunning.platform.inbox.DeadLetters;
import org.dunning.platform.inbox.Inbox;
import org.dunning.platform.inbox.Received;
import org.dunning.platform.persistence.Sql;
import org.dunning.platform.projection.TopicReplay;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.hibernate.reactive.mutiny.Mutiny;


import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Projects the invoice and plan topics and re-plans what they touch, in one transaction with the inbox entry: a
 * redelivered event changes nothing. A record that cannot be read goes to the dead-letter topic.
 */
@ApplicationScoped
public class ProjectionConsumer {

    public static final String CONSUMER = "escalation-projection";

    private final Projection projection;
    private final Checks checks;
    private final Lateness lateness;
    private final Engine engine;
    private final Inbox inbox;
    private final DeadLetters deadLetters;
    private final Clock clock;

    public ProjectionConsumer(Projection projection, Checks checks, Lateness lateness, Engine engine, Inbox inbox,
                              DeadLetters deadLetters, Clock clock) {
        this.deadLetters = deadLetters;
        this.projection = projection;
        this.checks = checks;
        this.lateness = lateness;
        this.engine = engine;
        this.inbox = inbox;
        this.clock = clock;
    }

    @Incoming("invoice-events")
    @ActivateRequestContext
    public Uni<Void> onInvoiceEvents(ConsumerRecords<String, String> records) {
        return handle(records);
    }

    @Incoming("plan-events")
    @ActivateRequestContext
    public Uni<Void> onPlanEvents(ConsumerRecords<String, String> records) {
        return handle(records);
    }

    @Incoming("followup-events")
    @ActivateRequestContext
    public Uni<Void> onFollowupEvents(ConsumerRecords<String, String> records) {
        return handle(records);
    }

    /**
     * A poll at a time, in one transaction ({@link Batch}) that first waits while a rebuild runs (on any instance:
     * {@link RebuildState#LOCK}, shared), then takes the lock of every tenant it touches, in one order, so that the
     * three topics' batches never wait for each other in a circle, and checks the inbox for the whole poll in one
     * statement; customers registered and invoices issued one after the other are then taken as a run (the customers
     * one by one, their invoices projected and planned as one set), every other record on its own, in the order they
     * came. A record that cannot be read is dead-lettered.
     */
    Uni<Void> handle(ConsumerRecords<String, String> records) {
        return Batch.inSets(records, Received::from, (s, batch) -> RebuildState.waitForRebuild(s)
                        .chain(() -> applyAll(s, batch)))
                .chain(refused -> deadLetters.write("dunning.escalation.dead-letter", refused));
    }

    /**
     * A poll of a topic replayed by the rebuild: the same batches as live, without waiting for the rebuild itself;
     * a record refused for good was dead-lettered when it first came and is only logged.
     */
    public Uni<Void> replay(List<ConsumerRecord<String, String>> records) {
        return TopicReplay.applyPoll(records, Received::from, this::applyAll);
    }

    private Uni<java.util.Map<Integer, Throwable>> applyAll(Mutiny.Session s, List<Received> batch) {
        return lockTenants(s, batch)
                .chain(() -> inbox.firstDeliveries(s, CONSUMER, batch.stream().map(r -> r.envelope().id()).toList()))
                .chain(fresh -> {
                    Set<UUID> seen = new HashSet<>();
                    List<Received> todo = batch.stream().filter(r -> fresh.contains(r.envelope().id())
                            && seen.add(r.envelope().id())).toList();
                    return Projection.sequentially(runs(todo), run -> isNew(run.get(0)) ? arrived(s, run)
                            : apply(s, run.get(0)));
                })
                .replaceWith(java.util.Map.of());
    }

    /**
     * The records cut into runs: customers registered and invoices issued one after the other make one run (a poll
     * of an import is a customer, its invoices, the next customer ...), every other record its own.
     */
    static List<List<Received>> runs(List<Received> records) {
        return Batch.runs(records, ProjectionConsumer::isNew);
    }

    static boolean isNew(Received r) {
        return r.event() instanceof InvoiceEvents.CustomerRegistered || r.event() instanceof InvoiceEvents.InvoiceIssued;
    }

    /**
     * Whether a run may register its customers first and then plan all its invoices as one set: so when no invoice
     * of a customer comes before that customer's registration in it (the ledger registers a customer before any of
     * its invoices, so this holds unless the order was broken upstream; then the run is taken in its order).
     */
    static boolean customersFirst(List<Received> run) {
        Set<UUID> invoiced = new HashSet<>();
        for (Received r : run) {
            if (r.event() instanceof InvoiceEvents.InvoiceIssued e) {
                invoiced.add(e.customerId());
            } else if (r.event() instanceof InvoiceEvents.CustomerRegistered e && invoiced.contains(e.customerId())) {
                return false;
            }
        }
        return true;
    }

    /**
     * A run of customers registered and invoices issued: the customers projected as one set and planned (those a
     * re-plan can change, in their order), then the invoices as one set; a customer registered after one of its own
     * invoices keeps the run in its order.
     */
    private Uni<Void> arrived(Mutiny.Session s, List<Received> run) {
        if (!customersFirst(run)) {
            return Projection.sequentially(Batch.runs(run, r -> r.event() instanceof InvoiceEvents.InvoiceIssued),
                    part -> part.get(0).event() instanceof InvoiceEvents.InvoiceIssued ? issued(s, part)
                            : apply(s, part.get(0)));
        }
        List<Received> invoices = run.stream().filter(r -> r.event() instanceof InvoiceEvents.InvoiceIssued).toList();
        return registered(s, run.stream().filter(r -> r.event() instanceof InvoiceEvents.CustomerRegistered)
                        .map(r -> new Projection.Registered(r.tenantId(), (InvoiceEvents.CustomerRegistered) r.event()))
                        .toList())
                .chain(() -> invoices.isEmpty() ? Uni.createFrom().voidItem() : issued(s, invoices));
    }

    /**
     * Customers registered: written in one statement, then each one a re-plan can change planned again as
     * {@link #apply} would (a new customer has nothing to plan yet unless its invoices or its plans came first).
     */
    private Uni<Void> registered(Mutiny.Session s, List<Projection.Registered> customers) {
        if (customers.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Instant now = clock.instant();
        List<Projection.CustomerKey> keys = customers.stream().map(r -> new Projection.CustomerKey(r.tenant(),
                r.event().customerId())).distinct().toList();
        Map<String, SendSlots> slots = new HashMap<>();
        return projection.applyRegistered(s, customers)
                .chain(() -> projection.replannable(s, keys))
                .map(replan -> keys.stream().filter(replan::contains).toList())
                .chain(replan -> Projection.sequentially(replan.stream().map(Projection.CustomerKey::tenant).distinct()
                                .toList(), t -> projection.slots(s, t, engine.defaultSlots())
                                .invoke(found -> slots.put(t, found)).replaceWithVoid())
                        .chain(() -> Projection.sequentially(replan, k -> replanCustomer(s, k.tenant(),
                                k.customerId(), slots.get(k.tenant()), now))));
    }

    /**
     * A run of issued invoices: projected and planned as a set, then each customer's lateness evaluated once (an
     * issued invoice can only make a customer overdue, so once after the run says what once after each would).
     */
    private Uni<Void> issued(Mutiny.Session s, List<Received> run) {
        Instant now = clock.instant();
        List<String> tenants = run.stream().map(Received::tenantId).distinct().toList();
        Map<String, SendSlots> slots = new HashMap<>();
        return Projection.sequentially(tenants, t -> projection.slots(s, t, engine.defaultSlots())
                        .invoke(found -> slots.put(t, found)).replaceWithVoid())
                .chain(() -> projection.applyIssued(s, run.stream().map(r -> new Projection.Issued(r.tenantId(),
                        (InvoiceEvents.InvoiceIssued) r.event())).toList(), slots, now))
                .chain(() -> Projection.sequentially(tenants, t -> lateness.evaluateAll(s, t, run.stream()
                        .filter(r -> r.tenantId().equals(t))
                        .map(r -> ((InvoiceEvents.InvoiceIssued) r.event()).customerId()).distinct().toList(),
                        slots.get(t), now)));
    }

    private static Uni<Void> lockTenants(Mutiny.Session s, List<Received> batch) {
        return Batch.inOrder(List.copyOf(new java.util.TreeSet<>(batch.stream().map(Received::tenantId).toList())),
                tenant -> lockTenant(s, tenant));
    }

    /**
     * The invoice and plan topics are consumed concurrently. Without this lock an invoice issued while its
     * customer's plan is being assigned could be planned by neither transaction (each not seeing the other's
     * uncommitted row). One tenant's projection changes therefore run one after the other.
     */
    private static Uni<Void> lockTenant(Mutiny.Session s, String tenant) {
        return Sql.of(s, "SELECT pg_advisory_xact_lock(hashtext(:t))")
                .setParameter("t", "escalation-projection/" + tenant).single().replaceWithVoid();
    }

    private Uni<Void> apply(Mutiny.Session s, Received r) {
        String t = r.tenantId();
        return projection.slots(s, t, engine.defaultSlots()).chain(slots -> apply(s, r, t, slots, clock.instant()));
    }

    private Uni<Void> apply(Mutiny.Session s, Received r, String t, SendSlots slots, Instant now) {
        if (r.event() instanceof InvoiceEvents.CustomerRegistered e) {
            return projection.apply(s, t, e).chain(() -> replanCustomer(s, t, e.customerId(), slots, now));
        }
        if (r.event() instanceof InvoiceEvents.CustomerUpdated e) {
            // the segment may have changed, and with it the segment's default plans
            return projection.apply(s, t, new InvoiceEvents.CustomerRegistered(e.customerId(), e.name(), e.language(),
                            e.segment(), e.contacts(), e.externalReference(), e.internalUsers()))
                    .chain(() -> replanCustomer(s, t, e.customerId(), slots, now));
        }
        if (r.event() instanceof InvoiceEvents.ContactBounced e) {
            return projection.apply(s, t, e);
        }
        if (r.event() instanceof InvoiceEvents.InvoiceIssued e) {
            return projection.apply(s, t, e).chain(() -> projection.replanInvoice(s, t, e.invoiceId(), slots, now))
                    .chain(() -> lateness.evaluate(s, t, e.customerId(), slots, now));
        }
        if (r.event() instanceof InvoiceEvents.InvoiceChange e) {
            return projection.apply(s, t, e).chain(() -> projection.replanInvoice(s, t, e.invoiceId(), slots, now))
                    .chain(() -> lateness.evaluate(s, t, e.customerId(), slots, now));
        }
        if (r.event() instanceof InvoiceEvents.CreditNoteIssued e) {
            return checks.apply(s, t, e);
        }
        if (r.event() instanceof InvoiceEvents.CreditNoteAllocated e) {
            return checks.apply(s, t, e);
        }
        if (r.event() instanceof PlanEvents.PlanCreated e) {
            return projection.apply(s, t, e).chain(() -> replanPlan(s, t, e.planId(), slots, now));
        }
        if (r.event() instanceof PlanEvents.PlanRevised e) {
            return projection.apply(s, t, e).chain(() -> replanPlan(s, t, e.planId(), slots, now));
        }
        if (r.event() instanceof PlanEvents.PlanArchived e) {
            return projection.apply(s, t, e).chain(() -> replanPlan(s, t, e.planId(), slots, now));
        }
        if (r.event() instanceof PlanEvents.PlanAssigned e) {
            return projection.apply(s, t, e).chain(() -> replanCustomer(s, t, e.customerId(), slots, now));
        }
        if (r.event() instanceof PlanEvents.PlanUnassigned e) {
            return projection.apply(s, t, e).chain(() -> replanCustomer(s, t, e.customerId(), slots, now));
        }
        if (r.event() instanceof PlanEvents.SegmentDefaultChanged e) {
            return projection.apply(s, t, e).chain(() -> projection.customersOfSegment(s, t, e.segment()))
                    .chain(ids -> replanCustomers(s, t, ids, slots, now));
        }
        if (r.event() instanceof PlanEvents.TenantAutomationChanged e) {
            return projection.apply(s, t, e).chain(() -> projection.customersOfTenant(s, t))
                    .chain(ids -> replanCustomers(s, t, ids, slots, now));
        }
        if (r.event() instanceof PlanEvents.CustomerAutomationChanged e) {
            return projection.apply(s, t, e).chain(() -> replanCustomer(s, t, e.customerId(), slots, now));
        }
        if (r.event() instanceof PlanEvents.InvoiceAutomationChanged e) {
            return projection.apply(s, t, e).chain(() -> projection.replanInvoice(s, t, e.invoiceId(), slots, now));
        }
        if (r.event() instanceof FollowupEvents.ContactLogged e) {
            // R7.7: a contact by hand counts like an automatic message for the minimum gap
            return projection.messageSent(s, t, e.customerId(), e.contactedOn());
        }
        if (r.event() instanceof PlanEvents.TenantSettingsChanged e) {
            return projection.apply(s, t, e)
                    .chain(() -> projection.slots(s, t, engine.defaultSlots()))
                    .chain(current -> projection.reslotTenant(s, t, current, now)
                            .chain(() -> projection.customersOfTenant(s, t))
                            .chain(ids -> Projection.sequentially(ids, id -> checks.replan(s, t, id, current, now))));
        }
        return Uni.createFrom().voidItem();
    }

    /** A customer's per-invoice steps and its checks (group plan, overview), planned again. */
    private Uni<Void> replanCustomer(Mutiny.Session s, String t, java.util.UUID customerId, SendSlots slots,
                                     Instant now) {
        return projection.replanCustomer(s, t, customerId, slots, now)
                .chain(() -> checks.replan(s, t, customerId, slots, now));
    }

    private Uni<Void> replanCustomers(Mutiny.Session s, String t, java.util.List<java.util.UUID> ids,
                                      SendSlots slots, Instant now) {
        return Projection.sequentially(ids, id -> replanCustomer(s, t, id, slots, now));
    }

    private Uni<Void> replanPlan(Mutiny.Session s, String t, java.util.UUID planId, SendSlots slots, Instant now) {
        return projection.customersOfPlan(s, t, planId).chain(ids -> replanCustomers(s, t, ids, slots, now));
    }
}
