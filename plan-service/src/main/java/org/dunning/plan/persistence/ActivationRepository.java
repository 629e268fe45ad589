package org.dunning.plan.persistence;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.dunning.contract.PlanEvents.PlanType;
import org.dunning.contract.PlanEvents.Slot;
import org.dunning.plan.domain.Automation;
import org.dunning.plan.domain.PlanEvent;
import org.dunning.plan.domain.Plans;
import org.dunning.plan.domain.Settings;
import org.dunning.plan.domain.Switches;
import org.dunning.platform.domain.ValidationFailed;
import org.dunning.platform.eventstore.EventStore;
import org.dunning.platform.eventstore.Evolver;
import org.dunning.platform.persistence.Sql;
import org.dunning.platform.persistence.SqlValues;
import org.hibernate.reactive.mutiny.Mutiny;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * Runs the activation commands (R1.6, R3) and the tenant settings: a customer's plans and pause, segment defaults,
 * the tenant and invoice switches. Small streams are replayed on each read; assignments and segment defaults also
 * have tables, to find who uses a plan.
 */
@ApplicationScoped
public class ActivationRepository {

    static final Evolver<Switches.Customer, PlanEvent> CUSTOMER = Evolver.of(Switches.Customer.NONE,
            Switches::evolve, Switches.Customer::version);
    static final Evolver<Switches.Segment, PlanEvent> SEGMENT = Evolver.of(Switches.Segment.NONE, Switches::evolve,
            Switches.Segment::version);
    static final Evolver<Switches.Switch, PlanEvent> SWITCH = Evolver.of(Switches.Switch.NONE, Switches::evolve,
            Switches.Switch::version);
    static final Evolver<Settings.State, PlanEvent> SETTINGS = Evolver.of(Settings.State.NONE, Settings::evolve,
            Settings.State::version);
    static final String AUTOMATION = "automation";
    static final String SETTINGS_STREAM = "settings";

    private final EventStore store;

    public ActivationRepository(EventStore store) {
        this.store = store;
    }

    public static String customerStream(UUID id) {
        return "customer-" + id;
    }

    public static String invoiceStream(UUID id) {
        return "invoice-" + id;
    }

    public static String segmentStream(String segment) {
        return "segment-" + segment;
    }

    // --- customers ---------------------------------------------------------------------------------------------

    @WithTransaction
    public Uni<Switches.Customer> assign(String tenant, UUID customerId, Slot slot, UUID planId, Long ifMatch) {
        return Panache.getSession().chain(s -> usablePlan(tenant, slot, planId)
                .chain(() -> customer(s, tenant, customerId, ifMatch,
                        state -> Switches.assign(state, customerId, slot, planId)))
                .call(d -> d.events().isEmpty() ? Uni.createFrom().voidItem()
                        : Sql.of(s, "INSERT INTO assignments (tenant_id, customer_id, slot, plan_id) "
                                        + "VALUES (:t, :c, :s, :p) ON CONFLICT (tenant_id, customer_id, slot) "
                                        + "DO UPDATE SET plan_id = excluded.plan_id")
                        .setParameter("t", tenant).setParameter("c", customerId).setParameter("s", slot.name())
                        .setParameter("p", planId).executeUpdate())
                .map(EventStore.Decided::after));
    }

    @WithTransaction
    public Uni<Switches.Customer> unassign(String tenant, UUID customerId, Slot slot, Long ifMatch) {
        return Panache.getSession().chain(s -> customer(s, tenant, customerId, ifMatch,
                        state -> Switches.unassign(state, customerId, slot))
                .call(() -> Sql.of(s, "DELETE FROM assignments WHERE tenant_id = :t AND customer_id = :c "
                                + "AND slot = :s").setParameter("t", tenant).setParameter("c", customerId)
                        .setParameter("s", slot.name()).executeUpdate())
                .map(EventStore.Decided::after));
    }

    @WithTransaction
    public Uni<Switches.Customer> pause(String tenant, UUID customerId, boolean paused, String reason, Long ifMatch) {
        return Panache.getSession().chain(s -> customer(s, tenant, customerId, ifMatch,
                        state -> paused ? Switches.pause(state, customerId, reason) : Switches.resume(state, customerId))
                .map(EventStore.Decided::after));
    }

    private Uni<EventStore.Decided<Switches.Customer, PlanEvent>> customer(
            Mutiny.Session s, String tenant, UUID customerId, Long ifMatch,
            Function<Switches.Customer, List<PlanEvent>> decide) {
        return store.execute(s, tenant, customerStream(customerId), tenant, PlanRepository.EVENTS, CUSTOMER, ifMatch,
                decide);
    }

    /** A plan can be assigned (or be a default) when it is the tenant's, active, and of a type for the slot. */
    private static Uni<Void> usablePlan(String tenant, Slot slot, UUID planId) {
        if (planId == null) {
            throw ValidationFailed.of("planId", "required");
        }
        return PlanRow.<PlanRow>find("tenantId = ?1 and id = ?2", tenant, planId).firstResult().invoke(plan -> {
            if (plan == null || plan.archived) {
                throw ValidationFailed.of("planId", plan == null ? "no such plan" : "the plan is archived");
            }
            if (Plans.slotOf(PlanType.valueOf(plan.planType)) != slot) {
                throw ValidationFailed.of("planId", "a " + plan.planType + " plan cannot fill the " + slot + " slot");
            }
        }).replaceWithVoid();
    }

    @WithSession
    public Uni<Switches.Customer> customer(String tenant, UUID customerId) {
        return Panache.getSession().chain(s -> replay(s, tenant, customerStream(customerId), CUSTOMER));
    }

    // --- segments ----------------------------------------------------------------------------------------------

    @WithTransaction
    public Uni<Switches.Segment> setDefault(String tenant, String segment, Slot slot, UUID planId) {
        String name = Switches.segment(segment);
        return Panache.getSession().chain(s -> usablePlan(tenant, slot, planId)
                .chain(() -> store.execute(s, tenant, segmentStream(name), tenant, PlanRepository.EVENTS, SEGMENT, null,
                        state -> Switches.setDefault(state, name, slot, planId)))
                .call(d -> d.events().isEmpty() ? Uni.createFrom().voidItem()
                        : Sql.of(s, "INSERT INTO segment_defaults (tenant_id, segment, slot, plan_id) "
                                        + "VALUES (:t, :g, :s, :p) ON CONFLICT (tenant_id, segment, slot) "
                                        + "DO UPDATE SET plan_id = excluded.plan_id")
                        .setParameter("t", tenant).setParameter("g", name).setParameter("s", slot.name())
                        .setParameter("p", planId).executeUpdate())
                .map(EventStore.Decided::after));
    }

    @WithTransaction
    public Uni<Switches.Segment> clearDefault(String tenant, String segment, Slot slot) {
        String name = Switches.segment(segment);
        return Panache.getSession().chain(s -> store.execute(s, tenant, segmentStream(name), tenant,
                        PlanRepository.EVENTS, SEGMENT, null, state -> Switches.clearDefault(state, name, slot))
                .call(() -> Sql.of(s, "DELETE FROM segment_defaults WHERE tenant_id = :t AND segment = :g "
                                + "AND slot = :s").setParameter("t", tenant).setParameter("g", name)
                        .setParameter("s", slot.name()).executeUpdate())
                .map(EventStore.Decided::after));
    }

    /** One segment default: which plan a segment's customers use in a slot unless they have their own. */
    public record SegmentDefault(String segment, Slot slot, UUID planId) {
    }

    @WithSession
    public Uni<List<SegmentDefault>> segmentDefaults(String tenant) {
        return Panache.getSession().chain(s -> Sql.of(s, "SELECT segment, slot, plan_id FROM segment_defaults "
                        + "WHERE tenant_id = :t ORDER BY segment, slot")
                .setParameter("t", tenant).getResultList()
                .map(rows -> rows.stream().map(r -> new SegmentDefault((String) r[0], Slot.valueOf((String) r[1]),
                        (UUID) r[2])).toList()));
    }

    // --- switches and settings ---------------------------------------------------------------------------------

    @WithTransaction
    public Uni<Switches.Switch> switchTenant(String tenant, boolean enabled, String reason, Long ifMatch) {
        return Panache.getSession().chain(s -> store.execute(s, tenant, AUTOMATION, tenant, PlanRepository.EVENTS,
                SWITCH, ifMatch, state -> Switches.switchTenant(state, enabled, reason))).map(EventStore.Decided::after);
    }

    @WithSession
    public Uni<Switches.Switch> tenantSwitch(String tenant) {
        return Panache.getSession().chain(s -> replay(s, tenant, AUTOMATION, SWITCH));
    }

    @WithTransaction
    public Uni<Switches.Switch> switchInvoice(String tenant, UUID invoiceId, boolean enabled, String reason,
                                             Long ifMatch) {
        return Panache.getSession().chain(s -> store.execute(s, tenant, invoiceStream(invoiceId), tenant,
                        PlanRepository.EVENTS, SWITCH, ifMatch,
                        state -> Switches.switchInvoice(state, invoiceId, enabled, reason)))
                .map(EventStore.Decided::after);
    }

    @WithSession
    public Uni<Switches.Switch> invoiceSwitch(String tenant, UUID invoiceId) {
        return Panache.getSession().chain(s -> replay(s, tenant, invoiceStream(invoiceId), SWITCH));
    }

    @WithTransaction
    public Uni<Settings.State> changeSettings(String tenant, Long ifMatch, Settings.Change change) {
        return changeSettings(tenant, ifMatch, state -> Settings.decide(change, state));
    }

    /** Runs a settings command at the version {@code ifMatch} names (null: any). */
    @WithTransaction
    public Uni<Settings.State> changeSettings(String tenant, Long ifMatch,
                                              java.util.function.Function<Settings.State, List<PlanEvent>> decide) {
        return Panache.getSession().chain(s -> store.execute(s, tenant, SETTINGS_STREAM, tenant, PlanRepository.EVENTS,
                SETTINGS, ifMatch, decide::apply)).map(EventStore.Decided::after);
    }

    @WithSession
    public Uni<Settings.State> settings(String tenant) {
        return Panache.getSession().chain(s -> replay(s, tenant, SETTINGS_STREAM, SETTINGS));
    }

    private <S> Uni<S> replay(Mutiny.Session s, String tenant, String stream, Evolver<S, PlanEvent> evolver) {
        return store.load(s, tenant, stream).map(stored -> {
            S state = evolver.initial();
            for (PlanEvent e : PlanRepository.EVENTS.readAll(stored)) {
                state = evolver.evolve(state, e);
            }
            return state;
        });
    }

    // --- effective plans ---------------------------------------------------------------------------------------

    /** A customer's activation as plan-service sees it; {@code segment} is null until the invoice topic named it. */
    public record CustomerAutomation(UUID customerId, String segment, boolean known, Switches.Customer own,
                                     Map<Slot, Optional<Automation.Effective>> effective, boolean tenantEnabled) {
    }

    @WithSession
    public Uni<CustomerAutomation> automation(String tenant, UUID customerId) {
        return Panache.getSession().chain(s -> Sql.of(s, "SELECT segment FROM known_customers "
                        + "WHERE tenant_id = :t AND id = :c")
                .setParameter("t", tenant).setParameter("c", customerId).getResultList()
                .chain(rows -> {
                    boolean known = !rows.isEmpty();
                    String segment = known ? (String) firstColumn(rows.get(0)) : null;
                    return replay(s, tenant, customerStream(customerId), CUSTOMER)
                            .chain(own -> defaults(s, tenant, segment)
                                    .chain(defaults -> replay(s, tenant, AUTOMATION, SWITCH).map(sw -> {
                                        Map<Slot, Optional<Automation.Effective>> effective = new EnumMap<>(Slot.class);
                                        for (Slot slot : Slot.values()) {
                                            effective.put(slot, Automation.plan(slot, own.plans(), defaults));
                                        }
                                        return new CustomerAutomation(customerId, segment, known, own, effective,
                                                sw.enabled());
                                    })));
                }));
    }

    private static Object firstColumn(Object row) {
        return row instanceof Object[] a ? a[0] : row;
    }

    private static Uni<Map<Slot, UUID>> defaults(Mutiny.Session s, String tenant, String segment) {
        if (segment == null) {
            return Uni.createFrom().item(Map.of());
        }
        return Sql.of(s, "SELECT slot, plan_id FROM segment_defaults WHERE tenant_id = :t AND segment = :g")
                .setParameter("t", tenant).setParameter("g", segment).getResultList()
                .map(rows -> {
                    Map<Slot, UUID> m = new EnumMap<>(Slot.class);
                    rows.forEach(r -> m.put(Slot.valueOf((String) r[0]), (UUID) r[1]));
                    return m;
                });
    }

    /** The customer of an invoice, as the invoice topic told plan-service; empty when it has not (yet). */
    @WithSession
    public Uni<Optional<UUID>> customerOf(String tenant, UUID invoiceId) {
        return Panache.getSession().chain(s -> Sql.of(s, "SELECT customer_id FROM known_invoices "
                        + "WHERE tenant_id = :t AND id = :i")
                .setParameter("t", tenant).setParameter("i", invoiceId).column()
                .map(rows -> rows.isEmpty() ? Optional.empty() : Optional.of((UUID) rows.get(0))));
    }

    // --- what the invoice topic tells ----------------------------------------------------------------------------

    /** A customer as the invoice topic last stated it. */
    public record CustomerSeen(String tenant, UUID id, String segment) {
    }

    /** An invoice and its customer, as the invoice topic stated them. */
    public record InvoiceSeen(String tenant, UUID id, UUID customerId) {
    }

    /** Customers seen, one row each (at most one per customer), in one statement. */
    public static Uni<Void> customersSeen(Mutiny.Session s, List<CustomerSeen> seen) {
        if (seen.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Sql.of(s, "INSERT INTO known_customers (tenant_id, id, segment) SELECT * FROM "
                        + "unnest(cast(:t as text[]), cast(:c as uuid[]), cast(:g as text[])) ON CONFLICT (tenant_id, id) "
                        + "DO UPDATE SET segment = excluded.segment")
                .setParameter("t", SqlValues.texts(seen, CustomerSeen::tenant))
                .setParameter("c", SqlValues.uuids(seen, CustomerSeen::id))
                .setParameter("g", SqlValues.texts(seen, CustomerSeen::segment))
                .executeUpdate().replaceWithVoid();
    }

    /** Invoices seen, in one statement; one seen before stays as it was. */
    public static Uni<Void> invoicesSeen(Mutiny.Session s, List<InvoiceSeen> seen) {
        if (seen.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Sql.of(s, "INSERT INTO known_invoices (tenant_id, id, customer_id) SELECT * FROM "
                        + "unnest(cast(:t as text[]), cast(:i as uuid[]), cast(:c as uuid[])) ON CONFLICT (tenant_id, id) "
                        + "DO NOTHING")
                .setParameter("t", SqlValues.texts(seen, InvoiceSeen::tenant))
                .setParameter("i", SqlValues.uuids(seen, InvoiceSeen::id))
                .setParameter("c", SqlValues.uuids(seen, InvoiceSeen::customerId))
                .executeUpdate().replaceWithVoid();
    }
}
