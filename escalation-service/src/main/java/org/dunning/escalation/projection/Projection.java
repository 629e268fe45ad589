package org.dunning.escalation.projection;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.dunning.contract.EventCodec;
import org.dunning.contract.InvoiceEvents;
import org.dunning.contract.PlanEvents;
import org.dunning.escalation.domain.Activation;
import org.dunning.escalation.domain.CustomerFacts;
import org.dunning.escalation.domain.Firing;
import org.dunning.escalation.domain.MinimumAmounts;
import org.dunning.escalation.domain.PlanFacts;
import org.dunning.escalation.domain.InvoiceFacts;
import org.dunning.escalation.domain.PlanStep;
import org.dunning.escalation.domain.Schedule;
import org.dunning.escalation.domain.SendSlots;
import org.dunning.contract.ReminderEvents;
import org.dunning.platform.persistence.Sql;
import org.dunning.platform.persistence.SqlValues;
import org.hibernate.reactive.mutiny.Mutiny;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The escalation service's view of invoices, customers, plans and assignments, and the schedule derived from them.
 * Every method runs in the caller's session and transaction.
 */
@ApplicationScoped
public class Projection {

    private static final TypeReference<List<InvoiceEvents.Contact>> CONTACTS = new TypeReference<>() {
    };
    private static final TypeReference<List<PlanEvents.Step>> STEPS = new TypeReference<>() {
    };
    private static final TypeReference<List<InvoiceEvents.InternalUser>> USERS = new TypeReference<>() {
    };
    private static final TypeReference<PlanEvents.TenantSettingsChanged> SETTINGS = new TypeReference<>() {
    };

    // ---- applying integration events

    public Uni<Void> apply(Mutiny.Session s, String tenant, InvoiceEvents.CustomerRegistered e) {
        return Sql.of(s, "INSERT INTO customers (tenant_id, id, name, language, contacts, segment, "
                        + "internal_users) VALUES (:t, :id, :name, :lang, :contacts, :segment, :users) "
                        + "ON CONFLICT (tenant_id, id) DO UPDATE SET name = excluded.name, language = "
                        + "excluded.language, contacts = excluded.contacts, segment = excluded.segment, "
                        + "internal_users = excluded.internal_users")
                .setParameter("t", tenant).setParameter("id", e.customerId()).setParameter("name", e.name())
                .setParameter("lang", e.language()).setParameter("contacts", json(e.contacts()))
                .setParameter("segment", segment(e.segment()))
                .setParameter("users", json(e.internalUsers() == null ? List.of() : e.internalUsers()))
                .executeUpdate().replaceWithVoid();
    }

    /** A customer registered in a tenant, as a batch brings it. */
    public record Registered(String tenant, InvoiceEvents.CustomerRegistered event) {
    }

    /** A customer of a tenant. */
    public record CustomerKey(String tenant, UUID customerId) {
    }

    /**
     * Customers registered one after the other in a batch, as {@link #apply(Mutiny.Session, String,
     * InvoiceEvents.CustomerRegistered)} would write them one by one (of one customer the last), in one statement.
     */
    public Uni<Void> applyRegistered(Mutiny.Session s, List<Registered> registered) {
        List<Registered> rows = org.dunning.platform.inbox.Batch.lastOfEach(registered,
                r -> new CustomerKey(r.tenant(), r.event().customerId()));
        if (rows.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Sql.of(s, "INSERT INTO customers (tenant_id, id, name, language, contacts, segment, "
                        + "internal_users) SELECT * FROM unnest(cast(:t as text[]), cast(:id as uuid[]), "
                        + "cast(:name as text[]), cast(:lang as text[]), cast(:contacts as text[]), "
                        + "cast(:segment as text[]), cast(:users as text[])) "
                        + "ON CONFLICT (tenant_id, id) DO UPDATE SET name = excluded.name, language = "
                        + "excluded.language, contacts = excluded.contacts, segment = excluded.segment, "
                        + "internal_users = excluded.internal_users")
                .setParameter("t", SqlValues.texts(rows, Registered::tenant))
                .setParameter("id", SqlValues.uuids(rows, r -> r.event().customerId()))
                .setParameter("name", SqlValues.texts(rows, r -> r.event().name()))
                .setParameter("lang", SqlValues.texts(rows, r -> r.event().language()))
                .setParameter("contacts", SqlValues.texts(rows, r -> json(r.event().contacts())))
                .setParameter("segment", SqlValues.texts(rows, r -> segment(r.event().segment())))
                .setParameter("users", SqlValues.texts(rows, r -> json(r.event().internalUsers() == null ? List.of()
                        : r.event().internalUsers())))
                .executeUpdate().replaceWithVoid();
    }

    /**
     * Of these customers, those whose re-planning ({@link #replanCustomer} and {@code Checks.replan}) may write
     * anything: with an invoice, a pending check, an overview plan, or an escalation plan of another type than per
     * invoice (its own or its segment's). For every other customer both find nothing to plan and nothing to clear, so
     * a batch of new customers skips them without a query each.
     */
    public Uni<Set<CustomerKey>> replannable(Mutiny.Session s, List<CustomerKey> customers) {
        if (customers.isEmpty()) {
            return Uni.createFrom().item(Set.of());
        }
        return Sql.of(s, "SELECT k.t, k.c FROM unnest(cast(:t as text[]), cast(:c as uuid[])) AS k(t, c) "
                        + "WHERE EXISTS (SELECT 1 FROM invoices i WHERE i.tenant_id = k.t AND i.customer_id = k.c) "
                        + "OR EXISTS (SELECT 1 FROM customer_schedule x WHERE x.tenant_id = k.t AND x.customer_id = k.c "
                        + "AND x.status = 'PENDING') "
                        + "OR EXISTS (SELECT 1 FROM overview_assignments o WHERE o.tenant_id = k.t AND o.customer_id = k.c) "
                        + "OR EXISTS (SELECT 1 FROM customers c JOIN overview_defaults d ON d.tenant_id = c.tenant_id "
                        + "AND d.segment = c.segment WHERE c.tenant_id = k.t AND c.id = k.c) "
                        + "OR EXISTS (SELECT 1 FROM assignments a JOIN plans p ON p.tenant_id = a.tenant_id AND p.id = "
                        + "a.plan_id WHERE a.tenant_id = k.t AND a.customer_id = k.c AND p.plan_type <> "
                        + "'ESCALATION_PER_INVOICE') "
                        + "OR EXISTS (SELECT 1 FROM customers c JOIN segment_defaults d ON d.tenant_id = c.tenant_id AND "
                        + "d.segment = c.segment JOIN plans p ON p.tenant_id = d.tenant_id AND p.id = d.plan_id WHERE "
                        + "c.tenant_id = k.t AND c.id = k.c AND p.plan_type <> 'ESCALATION_PER_INVOICE')")
                .setParameter("t", SqlValues.texts(customers, CustomerKey::tenant))
                .setParameter("c", SqlValues.uuids(customers, CustomerKey::customerId))
                .getResultList()
                .map(rows -> {
                    Set<CustomerKey> found = new HashSet<>();
                    rows.forEach(r -> found.add(new CustomerKey((String) r[0], SqlValues.uuid(r[1]))));
                    return found;
                });
    }

    private static String segment(String segment) {
        return segment == null || segment.isBlank() ? null : segment.trim();
    }

    /** A bounced address is no longer e-mailed. */
    public Uni<Void> apply(Mutiny.Session s, String tenant, InvoiceEvents.ContactBounced e) {
        return customer(s, tenant, e.customerId()).chain(found -> found.isEmpty() ? Uni.createFrom().voidItem()
                : Sql.of(s, "UPDATE customers SET contacts = :contacts WHERE tenant_id = :t AND id = :id")
                .setParameter("contacts", json(found.get().contacts().stream()
                        .map(c -> c.email() != null && c.email().equalsIgnoreCase(e.email())
                                ? new InvoiceEvents.Contact(c.name(), c.email(), c.phone(), c.role(), true) : c)
                        .toList()))
                .setParameter("t", tenant).setParameter("id", e.customerId()).executeUpdate().replaceWithVoid());
    }

    public Uni<Void> apply(Mutiny.Session s, String tenant, InvoiceEvents.InvoiceIssued e) {
        return Sql.of(s, "INSERT INTO invoices (tenant_id, id, customer_id, number, issue_date, due_date, "
                        + "currency, amount, outstanding, status) VALUES (:t, :id, :c, :n, :issue, :due, :cur, :amt, "
                        + ":amt, 'OPEN') ON CONFLICT (tenant_id, id) DO UPDATE SET number = excluded.number, "
                        + "issue_date = excluded.issue_date, due_date = excluded.due_date, currency = excluded.currency, "
                        + "amount = excluded.amount")
                .setParameter("t", tenant).setParameter("id", e.invoiceId()).setParameter("c", e.customerId())
                .setParameter("n", e.number()).setParameter("issue", e.issueDate()).setParameter("due", e.dueDate())
                .setParameter("cur", e.currency()).setParameter("amt", e.amount())
                .executeUpdate().replaceWithVoid();
    }

    /** A change of an issued invoice: the projection takes the facts as the ledger states them. */
    public Uni<Void> apply(Mutiny.Session s, String tenant, InvoiceEvents.InvoiceChange change) {
        String set;
        java.util.Map<String, Object> params = new java.util.HashMap<>();
        if (change instanceof InvoiceEvents.PaymentRecorded p) {
            set = "outstanding = :outstanding, status = :status";
            params.put("outstanding", p.outstanding());
            params.put("status", p.status().name());
        } else if (change instanceof InvoiceEvents.InvoiceCreditApplied c) {
            set = "outstanding = :outstanding, status = :status";
            params.put("outstanding", c.outstanding());
            params.put("status", c.status().name());
        } else if (change instanceof InvoiceEvents.InvoiceDocumentAttached
                || change instanceof InvoiceEvents.InvoicePaymentLinkChanged) {
            return Uni.createFrom().voidItem();
        } else if (change instanceof InvoiceEvents.InvoiceAmountChanged a) {
            set = "amount = :amount, outstanding = :outstanding, status = :status";
            params.put("amount", a.amount());
            params.put("outstanding", a.outstanding());
            params.put("status", a.status().name());
        } else if (change instanceof InvoiceEvents.InvoiceDueDateChanged d) {
            set = "due_date = :due";
            params.put("due", d.dueDate());
        } else if (change instanceof InvoiceEvents.InvoiceCancelled) {
            set = "status = 'CANCELLED'";
        } else if (change instanceof InvoiceEvents.InvoiceWrittenOff) {
            set = "status = 'WRITTEN_OFF'";
        } else if (change instanceof InvoiceEvents.InvoiceDisputed) {
            set = "disputed = true";
        } else if (change instanceof InvoiceEvents.InvoiceDisputeResolved) {
            set = "disputed = false";
        } else if (change instanceof InvoiceEvents.ExpectedPaymentDateChanged d) {
            set = "expected_payment_date = cast(:expected as date)";
            params.put("expected", d.date());
        } else {
            throw new IllegalArgumentException("unknown invoice change " + change.type());
        }
        var q = Sql.of(s, "UPDATE invoices SET " + set + " WHERE tenant_id = :t AND id = :id")
                .setParameter("t", tenant).setParameter("id", change.invoiceId());
        params.forEach(q::setParameter);
        return q.executeUpdate().replaceWithVoid();
    }

    public Uni<Void> apply(Mutiny.Session s, String tenant, PlanEvents.PlanCreated e) {
        return upsertPlan(s, tenant, e.planId(), e.planVersion(), e.name(), e.planType(), e.steps(), e.group(),
                e.overview(), e.maxAutomaticReminders());
    }

    /** An edit: the whole new definition; steps keep their ids, so what fired stays fired (R1.4, R4.4). */
    public Uni<Void> apply(Mutiny.Session s, String tenant, PlanEvents.PlanRevised e) {
        return upsertPlan(s, tenant, e.planId(), e.planVersion(), e.name(), e.planType(), e.steps(), e.group(),
                e.overview(), e.maxAutomaticReminders());
    }

    private Uni<Void> upsertPlan(Mutiny.Session s, String tenant, UUID planId, long version, String name,
                                 PlanEvents.PlanType type, List<PlanEvents.Step> steps,
                                 PlanEvents.GroupSettings group, PlanEvents.OverviewSettings overview,
                                 Integer maxAutomaticReminders) {
        return Sql.of(s, "INSERT INTO plans (tenant_id, id, version, name, steps, plan_type, "
                        + "group_settings, overview_settings, max_automatic_reminders) VALUES (:t, :id, :v, :name, "
                        + ":steps, :type, :group, :overview, cast(:max as integer)) ON CONFLICT (tenant_id, id) DO "
                        + "UPDATE SET version = excluded.version, name = excluded.name, steps = excluded.steps, "
                        + "plan_type = excluded.plan_type, group_settings = excluded.group_settings, "
                        + "overview_settings = excluded.overview_settings, max_automatic_reminders = "
                        + "excluded.max_automatic_reminders WHERE plans.version < excluded.version")
                .setParameter("max", maxAutomaticReminders)
                .setParameter("t", tenant).setParameter("id", planId).setParameter("v", version)
                .setParameter("name", name).setParameter("steps", json(steps == null ? List.of() : steps))
                .setParameter("type", type.name())
                .setParameter("group", group == null ? null : json(group))
                .setParameter("overview", overview == null ? null : json(overview))
                .executeUpdate().replaceWithVoid();
    }

    public Uni<Void> apply(Mutiny.Session s, String tenant, PlanEvents.PlanArchived e) {
        return Sql.of(s, "UPDATE plans SET archived = true, version = :v WHERE tenant_id = :t AND id = :id "
                        + "AND version < :v")
                .setParameter("t", tenant).setParameter("id", e.planId()).setParameter("v", e.planVersion())
                .executeUpdate().replaceWithVoid();
    }

    /** Only the escalation slot is scheduled per invoice; a missing slot (older events) means escalation. */
    public Uni<Void> apply(Mutiny.Session s, String tenant, PlanEvents.PlanAssigned e) {
        if (e.slot() == PlanEvents.Slot.OVERVIEW) {
            return Sql.of(s, "INSERT INTO overview_assignments (tenant_id, customer_id, plan_id) VALUES "
                            + "(:t, :c, :p) ON CONFLICT (tenant_id, customer_id) DO UPDATE SET plan_id = excluded.plan_id")
                    .setParameter("t", tenant).setParameter("c", e.customerId()).setParameter("p", e.planId())
                    .executeUpdate().replaceWithVoid();
        }
        return Sql.of(s, "INSERT INTO assignments (tenant_id, customer_id, plan_id) VALUES (:t, :c, :p) "
                        + "ON CONFLICT (tenant_id, customer_id) DO UPDATE SET plan_id = excluded.plan_id")
                .setParameter("t", tenant).setParameter("c", e.customerId()).setParameter("p", e.planId())
                .executeUpdate().replaceWithVoid();
    }

    public Uni<Void> apply(Mutiny.Session s, String tenant, PlanEvents.PlanUnassigned e) {
        if (e.slot() == PlanEvents.Slot.OVERVIEW) {
            return Sql.of(s, "DELETE FROM overview_assignments WHERE tenant_id = :t AND customer_id = :c "
                            + "AND plan_id = :p")
                    .setParameter("t", tenant).setParameter("c", e.customerId()).setParameter("p", e.planId())
                    .executeUpdate().replaceWithVoid();
        }
        return Sql.of(s, "DELETE FROM assignments WHERE tenant_id = :t AND customer_id = :c AND plan_id = :p")
                .setParameter("t", tenant).setParameter("c", e.customerId()).setParameter("p", e.planId())
                .executeUpdate().replaceWithVoid();
    }

    // ---- reading

    public Uni<Optional<InvoiceFacts>> invoice(Mutiny.Session s, String tenant, UUID invoiceId) {
        return Sql.of(s, "SELECT id, customer_id, number, issue_date, due_date, currency, amount, "
                        + "outstanding, status, disputed, expected_payment_date FROM invoices WHERE tenant_id = :t "
                        + "AND id = :id")
                .setParameter("t", tenant).setParameter("id", invoiceId).getResultList()
                .map(rows -> rows.stream().findFirst().map(r -> invoiceFacts(r, 0)));
    }

    /** An invoice row read from {@code from} on: id, customer_id, number … expected_payment_date. */
    private static InvoiceFacts invoiceFacts(Object[] r, int from) {
        return new InvoiceFacts(SqlValues.uuid(r[from]), SqlValues.uuid(r[from + 1]), (String) r[from + 2],
                SqlValues.date(r[from + 3]), SqlValues.date(r[from + 4]), ((String) r[from + 5]).trim(),
                SqlValues.decimal(r[from + 6]), SqlValues.decimal(r[from + 7]), (String) r[from + 8],
                (Boolean) r[from + 9], r[from + 10] == null ? null : SqlValues.date(r[from + 10]));
    }

    /** Invoices of tenants (tenant and invoice id at the same index), as far as the projection has them. */
    public Uni<List<Owned>> invoices(Mutiny.Session s, List<String> tenants, List<UUID> ids) {
        return Sql.of(s, "SELECT i.tenant_id, i.id, i.customer_id, i.number, i.issue_date, i.due_date, "
                        + "i.currency, i.amount, i.outstanding, i.status, i.disputed, i.expected_payment_date FROM "
                        + "invoices i JOIN (SELECT DISTINCT t, id FROM unnest(cast(:t as text[]), cast(:ids as uuid[])) "
                        + "AS u(t, id)) AS k ON i.tenant_id = k.t AND i.id = k.id")
                .setParameter("t", tenants.toArray(String[]::new)).setParameter("ids", ids.toArray(UUID[]::new))
                .getResultList()
                .map(rows -> rows.stream().map(r -> new Owned((String) r[0], invoiceFacts(r, 1))).toList());
    }

    /** Customers of tenants (tenant and customer id at the same index), by tenant and id. */
    public Uni<java.util.Map<Firing.CustomerKey, CustomerFacts>> customers(Mutiny.Session s, List<String> tenants,
                                                                          List<UUID> ids) {
        return Sql.of(s, "SELECT c.tenant_id, c.id, c.name, c.language, c.contacts, c.internal_users FROM "
                        + "customers c JOIN (SELECT DISTINCT t, id FROM unnest(cast(:t as text[]), cast(:ids as uuid[])) "
                        + "AS u(t, id)) AS k ON c.tenant_id = k.t AND c.id = k.id")
                .setParameter("t", tenants.toArray(String[]::new)).setParameter("ids", ids.toArray(UUID[]::new))
                .getResultList()
                .map(rows -> {
                    java.util.Map<Firing.CustomerKey, CustomerFacts> found = new java.util.HashMap<>();
                    for (Object[] r : rows) {
                        found.put(new Firing.CustomerKey((String) r[0], SqlValues.uuid(r[1])), new CustomerFacts(
                                SqlValues.uuid(r[1]), (String) r[2], (String) r[3], read((String) r[4], CONTACTS),
                                read((String) r[5], USERS)));
                    }
                    return found;
                });
    }

    public Uni<Optional<CustomerFacts>> customer(Mutiny.Session s, String tenant, UUID customerId) {
        return Sql.of(s, "SELECT id, name, language, contacts, internal_users FROM customers "
                        + "WHERE tenant_id = :t AND id = :id")
                .setParameter("t", tenant).setParameter("id", customerId).getResultList()
                .map(rows -> rows.stream().findFirst().map(r -> new CustomerFacts(SqlValues.uuid(r[0]), (String) r[1],
                        (String) r[2], read((String) r[3], CONTACTS), read((String) r[4], USERS))));
    }

    public Uni<Optional<PlanFacts>> plan(Mutiny.Session s, String tenant, UUID planId) {
        return Sql.of(s, "SELECT id, version, name, steps, max_automatic_reminders FROM plans WHERE "
                        + "tenant_id = :t AND id = :id "
                        + "AND plan_type = 'ESCALATION_PER_INVOICE' AND NOT archived")
                .setParameter("t", tenant).setParameter("id", planId).getResultList()
                .map(rows -> rows.stream().findFirst().map(Projection::planFacts));
    }

    private static PlanFacts planFacts(Object[] r) {
        return new PlanFacts(SqlValues.uuid(r[0]), ((Number) r[1]).longValue(), (String) r[2],
                read((String) r[3], STEPS), r[4] == null ? null : ((Number) r[4]).intValue());
    }

    public Uni<Optional<UUID>> assignedPlan(Mutiny.Session s, String tenant, UUID customerId) {
        return Sql.of(s, "SELECT plan_id FROM (SELECT plan_id, 1 AS prio FROM assignments WHERE tenant_id "
                        + "= :t AND customer_id = :c UNION ALL SELECT d.plan_id, 2 FROM customers c JOIN "
                        + "segment_defaults d ON d.tenant_id = c.tenant_id AND d.segment = c.segment WHERE "
                        + "c.tenant_id = :t AND c.id = :c) p ORDER BY prio LIMIT 1")
                .setParameter("t", tenant).setParameter("c", customerId).column()
                .map(rows -> rows.stream().findFirst().map(SqlValues::uuid));
    }

    // ---- re-planning (R4.4): what has not fired is planned again from the current facts

    public Uni<Void> replanInvoice(Mutiny.Session s, String tenant, UUID invoiceId, SendSlots slots, Instant now) {
        return invoice(s, tenant, invoiceId).chain(found -> {
            if (found.isEmpty()) {
                return Uni.createFrom().voidItem();
            }
            InvoiceFacts invoice = found.get();
            return clearPending(s, tenant, invoiceId)
                    .chain(() -> activation(s, tenant, invoice.customerId(), invoiceId))
                    .chain(activation -> activation.blockedBecause() != null ? Uni.createFrom().voidItem()
                            : replanOpen(s, tenant, invoice, slots, now));
        });
    }

    private Uni<Void> replanOpen(Mutiny.Session s, String tenant, InvoiceFacts invoice, SendSlots slots, Instant now) {
        UUID invoiceId = invoice.invoiceId();
        return assignedPlan(s, tenant, invoice.customerId())
                .chain(planId -> planId.isEmpty() ? Uni.createFrom().voidItem()
                        : plan(s, tenant, planId.get()).chain(plan -> plan.isEmpty() ? Uni.createFrom().voidItem()
                                : decidedSteps(s, tenant, invoiceId, plan.get().id())
                                .chain(decided -> insertPlanned(s, tenant, invoice, plan.get(), decided, slots, now))));
    }

    /** An issued invoice of a tenant, as a batch carries it. */
    public record Issued(String tenant, InvoiceEvents.InvoiceIssued event) {
    }

    /**
     * Invoices issued one after the other in a batch, projected and planned as a set (R4.4), with the same rules as
     * {@link #apply(Mutiny.Session, String, InvoiceEvents.InvoiceIssued)} and {@link #replanInvoice} one by one:
     * written and read back in one statement, their pending steps cleared in one, their switches, plans and decided
     * steps loaded in three, planned in pure code ({@link Schedule#plan}), the steps inserted in one.
     */
    public Uni<Void> applyIssued(Mutiny.Session s, List<Issued> issued, java.util.Map<String, SendSlots> slots,
                                 Instant now) {
        return upsertIssued(s, issued).chain(invoices -> clearPending(s, invoices)
                .chain(() -> activations(s, invoices))
                .chain(activation -> {
                    List<Owned> open = invoices.stream().filter(i -> activation.get(i.invoice().invoiceId())
                            .blockedBecause() == null).toList();
                    return assignedPlans(s, open).chain(assigned -> plans(s, open, assigned)
                            .chain(plans -> decidedSteps(s, open).map(decided -> plan(open, assigned, plans, decided,
                                    slots, now))));
                })
                .chain(planned -> insertPlanned(s, planned)));
    }

    /** An invoice of a tenant, as the projection holds it. */
    public record Owned(String tenant, InvoiceFacts invoice) {
    }

    /** A step to insert in the schedule. */
    private record Step(String tenant, InvoiceFacts invoice, UUID planId, Schedule.Planned planned) {
    }

    private static List<Step> plan(List<Owned> open, java.util.Map<UUID, UUID> assigned,
                                   java.util.Map<UUID, PlanFacts> plans, java.util.Map<UUID, Set<UUID>> decided,
                                   java.util.Map<String, SendSlots> slots, Instant now) {
        List<Step> out = new java.util.ArrayList<>();
        for (Owned o : open) {
            UUID planId = assigned.get(o.invoice().customerId());
            PlanFacts plan = planId == null ? null : plans.get(planId);
            if (plan == null) {
                continue;
            }
            List<PlanStep> steps = plan.steps().stream().map(Projection::step).toList();
            Set<UUID> done = decided.getOrDefault(o.invoice().invoiceId(), Set.of());
            for (Schedule.Planned p : Schedule.plan(o.invoice(), steps, done, slots.get(o.tenant()), now)) {
                out.add(new Step(o.tenant(), o.invoice(), plan.id(), p));
            }
        }
        return out;
    }

    private static Uni<List<Owned>> upsertIssued(Mutiny.Session s, List<Issued> issued) {
        return Sql.of(s, "INSERT INTO invoices (tenant_id, id, customer_id, number, issue_date, due_date, "
                        + "currency, amount, outstanding, status) SELECT i.t, i.id, i.c, i.n, i.issue, i.due, i.cur, "
                        + "i.amt, i.amt, 'OPEN' FROM unnest(cast(:t as text[]), cast(:id as uuid[]), "
                        + "cast(:c as uuid[]), cast(:n as text[]), cast(cast(:issue as text[]) as date[]), "
                        + "cast(cast(:due as text[]) as date[]), cast(:cur as text[]), "
                        + "cast(cast(:amt as text[]) as numeric[])) WITH ORDINALITY AS i(t, id, c, n, issue, due, cur, "
                        + "amt, k) ORDER BY i.k ON CONFLICT (tenant_id, id) DO UPDATE SET number = excluded.number, "
                        + "issue_date = excluded.issue_date, due_date = excluded.due_date, currency = excluded.currency, "
                        + "amount = excluded.amount RETURNING tenant_id, id, customer_id, number, issue_date, due_date, "
                        + "currency, amount, outstanding, status, disputed, expected_payment_date")
                .setParameter("t", SqlValues.texts(issued, Issued::tenant))
                .setParameter("id", SqlValues.uuids(issued, i -> i.event().invoiceId()))
                .setParameter("c", SqlValues.uuids(issued, i -> i.event().customerId()))
                .setParameter("n", SqlValues.texts(issued, i -> i.event().number()))
                .setParameter("issue", SqlValues.texts(issued, i -> i.event().issueDate()))
                .setParameter("due", SqlValues.texts(issued, i -> i.event().dueDate()))
                .setParameter("cur", SqlValues.texts(issued, i -> i.event().currency()))
                .setParameter("amt", SqlValues.texts(issued, i -> i.event().amount().toPlainString()))
                .getResultList()
                .map(rows -> rows.stream().map(r -> new Owned((String) r[0], invoiceFacts(r, 1))).toList());
    }

    private static Uni<Void> clearPending(Mutiny.Session s, List<Owned> invoices) {
        return Sql.of(s, "DELETE FROM schedule USING unnest(cast(:t as text[]), cast(:i as uuid[])) AS "
                        + "k(t, i) WHERE schedule.tenant_id = k.t AND schedule.invoice_id = k.i AND status = 'PENDING'")
                .setParameter("t", SqlValues.texts(invoices, Owned::tenant))
                .setParameter("i", SqlValues.uuids(invoices, o -> o.invoice().invoiceId()))
                .executeUpdate().replaceWithVoid();
    }

    /** The three switches of each invoice, by invoice id. */
    public static Uni<java.util.Map<UUID, Activation>> activations(Mutiny.Session s, List<Owned> invoices) {
        return Sql.of(s, "SELECT k.i, (SELECT automation_enabled FROM tenants WHERE tenant_id = k.t), "
                        + "(SELECT paused FROM customer_switches WHERE tenant_id = k.t AND customer_id = k.c), "
                        + "(SELECT enabled FROM invoice_switches WHERE tenant_id = k.t AND invoice_id = k.i) FROM "
                        + "unnest(cast(:t as text[]), cast(:c as uuid[]), cast(:i as uuid[])) AS k(t, c, i)")
                .setParameter("t", SqlValues.texts(invoices, Owned::tenant))
                .setParameter("c", SqlValues.uuids(invoices, o -> o.invoice().customerId()))
                .setParameter("i", SqlValues.uuids(invoices, o -> o.invoice().invoiceId()))
                .getResultList()
                .map(rows -> {
                    java.util.Map<UUID, Activation> byInvoice = new java.util.HashMap<>();
                    for (Object[] r : rows) {
                        byInvoice.put(SqlValues.uuid(r[0]), new Activation(r[1] == null || (Boolean) r[1],
                                r[2] != null && (Boolean) r[2], r[3] == null || (Boolean) r[3]));
                    }
                    return byInvoice;
                });
    }

    /** The plan each customer uses (its own, else its segment's default), by customer id. */
    public static Uni<java.util.Map<UUID, UUID>> assignedPlans(Mutiny.Session s, List<Owned> invoices) {
        if (invoices.isEmpty()) {
            return Uni.createFrom().item(java.util.Map.of());
        }
        return Sql.of(s, "SELECT k.c, (SELECT plan_id FROM (SELECT plan_id, 1 AS prio FROM assignments "
                        + "WHERE tenant_id = k.t AND customer_id = k.c UNION ALL SELECT d.plan_id, 2 FROM customers c "
                        + "JOIN segment_defaults d ON d.tenant_id = c.tenant_id AND d.segment = c.segment WHERE "
                        + "c.tenant_id = k.t AND c.id = k.c) p ORDER BY prio LIMIT 1) FROM (SELECT DISTINCT t, c FROM "
                        + "unnest(cast(:t as text[]), cast(:c as uuid[])) AS u(t, c)) AS k")
                .setParameter("t", SqlValues.texts(invoices, Owned::tenant))
                .setParameter("c", SqlValues.uuids(invoices, o -> o.invoice().customerId()))
                .getResultList()
                .map(rows -> {
                    java.util.Map<UUID, UUID> byCustomer = new java.util.HashMap<>();
                    for (Object[] r : rows) {
                        if (r[1] != null) {
                            byCustomer.put(SqlValues.uuid(r[0]), SqlValues.uuid(r[1]));
                        }
                    }
                    return byCustomer;
                });
    }

    /** The per-invoice plans named, by plan id (an archived or other kind of plan plans nothing). */
    public static Uni<java.util.Map<UUID, PlanFacts>> plans(Mutiny.Session s, List<Owned> invoices,
                                                        java.util.Map<UUID, UUID> assigned) {
        List<Owned> named = invoices.stream().filter(o -> assigned.containsKey(o.invoice().customerId())).toList();
        if (named.isEmpty()) {
            return Uni.createFrom().item(java.util.Map.of());
        }
        return Sql.of(s, "SELECT p.id, p.version, p.name, p.steps, p.max_automatic_reminders FROM plans p JOIN (SELECT DISTINCT t, id "
                        + "FROM unnest(cast(:t as text[]), cast(:ids as uuid[])) AS u(t, id)) AS k ON p.tenant_id = "
                        + "k.t AND p.id = k.id WHERE p.plan_type = 'ESCALATION_PER_INVOICE' AND NOT p.archived")
                .setParameter("t", SqlValues.texts(named, Owned::tenant))
                .setParameter("ids", SqlValues.uuids(named, o -> assigned.get(o.invoice().customerId())))
                .getResultList()
                .map(rows -> {
                    java.util.Map<UUID, PlanFacts> byId = new java.util.HashMap<>();
                    for (Object[] r : rows) {
                        byId.put(SqlValues.uuid(r[0]), planFacts(r));
                    }
                    return byId;
                });
    }

    /** R8.3: the steps each of these invoices has fired (in any plan), by tenant and invoice; in one query. */
    public static Uni<java.util.Map<String, List<UUID>>> firedSteps(Mutiny.Session s, List<String> tenants,
                                                                   List<UUID> invoices) {
        if (invoices.isEmpty()) {
            return Uni.createFrom().item(java.util.Map.of());
        }
        return Sql.of(s, "SELECT sc.tenant_id, sc.invoice_id, sc.step_id FROM schedule sc JOIN (SELECT "
                        + "DISTINCT t, i FROM unnest(cast(:t as text[]), cast(:i as uuid[])) AS u(t, i)) AS k ON "
                        + "sc.tenant_id = k.t AND sc.invoice_id = k.i WHERE sc.status = 'FIRED'")
                .setParameter("t", tenants.toArray(String[]::new)).setParameter("i", invoices.toArray(UUID[]::new))
                .getResultList()
                .map(rows -> {
                    java.util.Map<String, List<UUID>> byInvoice = new java.util.HashMap<>();
                    for (Object[] r : rows) {
                        byInvoice.computeIfAbsent(r[0] + "/" + SqlValues.uuid(r[1]), k -> new java.util.ArrayList<>())
                                .add(SqlValues.uuid(r[2]));
                    }
                    return byInvoice;
                });
    }

    /** The steps each invoice has fired or had skipped already, by invoice id. */
    private static Uni<java.util.Map<UUID, Set<UUID>>> decidedSteps(Mutiny.Session s, List<Owned> invoices) {
        if (invoices.isEmpty()) {
            return Uni.createFrom().item(java.util.Map.of());
        }
        return Sql.of(s, "SELECT sc.invoice_id, sc.plan_id, sc.step_id FROM schedule sc JOIN "
                        + "unnest(cast(:t as text[]), cast(:i as uuid[])) AS k(t, i) ON sc.tenant_id = k.t AND "
                        + "sc.invoice_id = k.i WHERE sc.status <> 'PENDING'")
                .setParameter("t", SqlValues.texts(invoices, Owned::tenant))
                .setParameter("i", SqlValues.uuids(invoices, o -> o.invoice().invoiceId()))
                .getResultList()
                .map(rows -> {
                    java.util.Map<UUID, Set<UUID>> byInvoice = new java.util.HashMap<>();
                    for (Object[] r : rows) {
                        byInvoice.computeIfAbsent(SqlValues.uuid(r[0]), k -> new HashSet<>()).add(SqlValues.uuid(r[2]));
                    }
                    return byInvoice;
                });
    }

    private static Uni<Void> insertPlanned(Mutiny.Session s, List<Step> steps) {
        if (steps.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Sql.of(s, "INSERT INTO schedule (reminder_key, tenant_id, invoice_id, customer_id, plan_id, "
                        + "step_id, step_order, fire_date, fire_at, status) SELECT k, t, i, c, p, st, o, d, a, 'PENDING' "
                        + "FROM unnest(cast(:k as text[]), cast(:t as text[]), cast(:i as uuid[]), cast(:c as uuid[]), "
                        + "cast(:p as uuid[]), cast(:st as uuid[]), cast(cast(:o as text[]) as int[]), "
                        + "cast(cast(:d as text[]) as date[]), cast(cast(:a as text[]) as timestamptz[])) "
                        + "AS x(k, t, i, c, p, st, o, d, a) ON CONFLICT (reminder_key) DO NOTHING")
                .setParameter("k", SqlValues.texts(steps, x -> ReminderEvents.reminderKey(x.tenant(), x.planId(),
                        x.planned().stepId(), x.invoice().invoiceId())))
                .setParameter("t", SqlValues.texts(steps, Step::tenant))
                .setParameter("i", SqlValues.uuids(steps, x -> x.invoice().invoiceId()))
                .setParameter("c", SqlValues.uuids(steps, x -> x.invoice().customerId()))
                .setParameter("p", SqlValues.uuids(steps, Step::planId))
                .setParameter("st", SqlValues.uuids(steps, x -> x.planned().stepId()))
                .setParameter("o", SqlValues.texts(steps, x -> x.planned().order()))
                .setParameter("d", SqlValues.texts(steps, x -> x.planned().fireDate()))
                .setParameter("a", SqlValues.texts(steps, x -> x.planned().fireAt()))
                .executeUpdate().replaceWithVoid();
    }

    /** Every customer of the tenant that has invoices or checks (the tenant switch changed). */
    public Uni<List<UUID>> customersOfTenant(Mutiny.Session s, String tenant) {
        return ids(Sql.of(s, "SELECT id FROM customers WHERE tenant_id = :t UNION SELECT customer_id FROM "
                + "invoices WHERE tenant_id = :t").setParameter("t", tenant));
    }

    /** The customers of a segment (its defaults changed; those with their own plan are re-planned too, harmlessly). */
    public Uni<List<UUID>> customersOfSegment(Mutiny.Session s, String tenant, String segment) {
        return ids(Sql.of(s, "SELECT id FROM customers WHERE tenant_id = :t AND segment = :g")
                .setParameter("t", tenant).setParameter("g", segment));
    }

    /** Every customer a plan applies to, in either slot: its own assignment, or its segment's default. */
    public Uni<List<UUID>> customersOfPlan(Mutiny.Session s, String tenant, UUID planId) {
        return ids(Sql.of(s, "SELECT customer_id FROM assignments WHERE tenant_id = :t AND plan_id = :p "
                        + "UNION SELECT customer_id FROM overview_assignments WHERE tenant_id = :t AND plan_id = :p "
                        + "UNION SELECT c.id FROM customers c JOIN segment_defaults d ON d.tenant_id = c.tenant_id "
                        + "AND d.segment = c.segment WHERE c.tenant_id = :t AND d.plan_id = :p "
                        + "UNION SELECT c.id FROM customers c JOIN overview_defaults d ON d.tenant_id = c.tenant_id "
                        + "AND d.segment = c.segment WHERE c.tenant_id = :t AND d.plan_id = :p")
                .setParameter("t", tenant).setParameter("p", planId));
    }

    private static Uni<List<UUID>> ids(Sql.Statement q) {
        return q.column().map(rows -> rows.stream().map(SqlValues::uuid).toList());
    }

    /**
     * The tenant's settings moved the send slots: every pending step gets the slot of its day under the new
     * settings (a past day catches up at the next slot).
     */
    public Uni<Void> reslotTenant(Mutiny.Session s, String tenant, SendSlots slots, Instant now) {
        return Sql.of(s, "SELECT reminder_key, fire_date FROM schedule WHERE tenant_id = :t AND status = "
                        + "'PENDING'")
                .setParameter("t", tenant).getResultList()
                .chain(rows -> sequentially(rows, r -> Sql.of(s, "UPDATE schedule SET fire_at = :at "
                                + "WHERE reminder_key = :k AND status = 'PENDING'")
                        .setParameter("k", r[0])
                        .setParameter("at", slots.slotFor(SqlValues.date(r[1]), now).atOffset(ZoneOffset.UTC))
                        .executeUpdate().replaceWithVoid()));
    }

    // ---- settings and switches

    /** The tenant's send slots: its settings, or {@code defaults} until it has any. */
    public Uni<SendSlots> slots(Mutiny.Session s, String tenant, SendSlots defaults) {
        return settings(s, tenant).map(found -> found.map(Projection::slotsOf).orElse(defaults));
    }

    /** The tenant's minimum gap in days between two automatic messages to one customer (0: none). */
    public Uni<Integer> minimumGap(Mutiny.Session s, String tenant) {
        return settings(s, tenant).map(found -> found.map(PlanEvents.TenantSettingsChanged::minimumGapDays).orElse(0));
    }

    /** The tenant's minimum amounts per currency (R8.3; none until set). */
    public Uni<MinimumAmounts> minimumAmounts(Mutiny.Session s, String tenant) {
        return settings(s, tenant).map(found -> found.map(e -> new MinimumAmounts(e.minimumAmounts()))
                .orElse(MinimumAmounts.NONE));
    }

    /** The tenant's settings as the plan topic last stated them; empty until it changed any. */
    private Uni<java.util.Optional<PlanEvents.TenantSettingsChanged>> settings(Mutiny.Session s, String tenant) {
        return Sql.of(s, "SELECT settings FROM tenants WHERE tenant_id = :t AND settings IS NOT NULL")
                .setParameter("t", tenant).column()
                .map(rows -> rows.stream().findFirst().map(r -> read((String) r, SETTINGS)));
    }

    /** The settings of tenants as the plan topic last stated them, by tenant; a tenant without any is absent. */
    public Uni<java.util.Map<String, PlanEvents.TenantSettingsChanged>> settings(Mutiny.Session s,
                                                                               java.util.Collection<String> tenants) {
        return Sql.of(s, "SELECT tenant_id, settings FROM tenants WHERE tenant_id = ANY(cast(:t as text[])) "
                        + "AND settings IS NOT NULL")
                .setParameter("t", tenants.toArray(String[]::new)).getResultList()
                .map(rows -> {
                    java.util.Map<String, PlanEvents.TenantSettingsChanged> byTenant = new java.util.HashMap<>();
                    rows.forEach(r -> byTenant.put((String) r[0], read((String) r[1], SETTINGS)));
                    return byTenant;
                });
    }

    /** The day of each customer's last automatic message, where it had one. */
    public Uni<java.util.Map<Firing.CustomerKey, LocalDate>> lastMessages(Mutiny.Session s,
                                                                         List<Firing.CustomerKey> customers) {
        return Sql.of(s, "SELECT m.tenant_id, m.customer_id, m.last_sent FROM customer_messages m JOIN "
                        + "unnest(cast(:t as text[]), cast(:c as uuid[])) AS k(t, c) ON m.tenant_id = k.t AND "
                        + "m.customer_id = k.c")
                .setParameter("t", SqlValues.texts(customers, Firing.CustomerKey::tenant))
                .setParameter("c", SqlValues.uuids(customers, Firing.CustomerKey::customerId))
                .getResultList()
                .map(rows -> {
                    java.util.Map<Firing.CustomerKey, LocalDate> last = new java.util.HashMap<>();
                    rows.forEach(r -> last.put(new Firing.CustomerKey((String) r[0], SqlValues.uuid(r[1])),
                            SqlValues.date(r[2])));
                    return last;
                });
    }

    /** Automatic messages went out to customers on the days given (a later day is kept). */
    public Uni<Void> messagesSent(Mutiny.Session s, java.util.Map<Firing.CustomerKey, LocalDate> sent) {
        if (sent.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<java.util.Map.Entry<Firing.CustomerKey, LocalDate>> rows = List.copyOf(sent.entrySet());
        return Sql.of(s, "INSERT INTO customer_messages (tenant_id, customer_id, last_sent) SELECT t, c, d "
                        + "FROM unnest(cast(:t as text[]), cast(:c as uuid[]), cast(cast(:d as text[]) as date[])) "
                        + "AS x(t, c, d) ON CONFLICT (tenant_id, customer_id) DO UPDATE SET last_sent = GREATEST("
                        + "customer_messages.last_sent, excluded.last_sent)")
                .setParameter("t", SqlValues.texts(rows, e -> e.getKey().tenant()))
                .setParameter("c", SqlValues.uuids(rows, e -> e.getKey().customerId()))
                .setParameter("d", SqlValues.texts(rows, java.util.Map.Entry::getValue))
                .executeUpdate().replaceWithVoid();
    }

    public Uni<java.util.Optional<LocalDate>> lastMessage(Mutiny.Session s, String tenant, UUID customerId) {
        return Sql.of(s, "SELECT last_sent FROM customer_messages WHERE tenant_id = :t AND customer_id = :c")
                .setParameter("t", tenant).setParameter("c", customerId).column()
                .map(rows -> rows.stream().findFirst().map(SqlValues::date));
    }

    public Uni<Void> messageSent(Mutiny.Session s, String tenant, UUID customerId, LocalDate day) {
        return messagesSent(s, java.util.Map.of(new Firing.CustomerKey(tenant, customerId), day));
    }

    /**
     * When an automatic message to the customer may go out: null if now, else the slot it waits for (the minimum gap
     * after the last automatic message, R7.6).
     */
    public Uni<Instant> heldByGap(Mutiny.Session s, String tenant, UUID customerId, SendSlots slots, Instant now) {
        return minimumGap(s, tenant).chain(gap -> gap <= 0 ? Uni.createFrom().nullItem()
                : lastMessage(s, tenant, customerId).map(last -> {
                    LocalDate until = org.dunning.escalation.domain.MinimumGap.heldUntil(last.orElse(null), gap,
                            slots.today(now));
                    return until == null ? null : slots.slotFor(until, now);
                }));
    }

    public static SendSlots slotsOf(PlanEvents.TenantSettingsChanged e) {
        return new SendSlots(java.time.ZoneId.of(e.timeZone()), e.weekdaySendTime(),
                java.time.ZoneId.of(e.weekendTimeZone()), e.weekendSendTime(),
                e.holidayCalendar() ? e.holidayCountry() : null);
    }

    /** The tenant's and the customer's switches (the invoice's counts as on). */
    public Uni<Activation> activation(Mutiny.Session s, String tenant, UUID customerId) {
        return Sql.of(s, "SELECT (SELECT automation_enabled FROM tenants WHERE tenant_id = :t), "
                        + "(SELECT paused FROM customer_switches WHERE tenant_id = :t AND customer_id = :c)")
                .setParameter("t", tenant).setParameter("c", customerId).row()
                .map(r -> new Activation(r[0] == null || (Boolean) r[0], r[1] != null && (Boolean) r[1], true));
    }

    public Uni<Activation> activation(Mutiny.Session s, String tenant, UUID customerId, UUID invoiceId) {
        return Sql.of(s, "SELECT (SELECT automation_enabled FROM tenants WHERE tenant_id = :t), "
                        + "(SELECT paused FROM customer_switches WHERE tenant_id = :t AND customer_id = :c), "
                        + "(SELECT enabled FROM invoice_switches WHERE tenant_id = :t AND invoice_id = :i)")
                .setParameter("t", tenant).setParameter("c", customerId).setParameter("i", invoiceId)
                .row()
                .map(r -> new Activation(r[0] == null || (Boolean) r[0], r[1] != null && (Boolean) r[1],
                        r[2] == null || (Boolean) r[2]));
    }

    /** Applied in version order only: an older or repeated settings event changes nothing. */
    public Uni<Void> apply(Mutiny.Session s, String tenant, PlanEvents.TenantSettingsChanged e) {
        return Sql.of(s, "INSERT INTO tenants (tenant_id, settings, settings_version) VALUES (:t, :s, :v) "
                        + "ON CONFLICT (tenant_id) DO UPDATE SET settings = excluded.settings, settings_version = "
                        + "excluded.settings_version WHERE tenants.settings_version < excluded.settings_version")
                .setParameter("t", tenant).setParameter("s", json(e)).setParameter("v", e.settingsVersion())
                .executeUpdate().replaceWithVoid();
    }

    public Uni<Void> apply(Mutiny.Session s, String tenant, PlanEvents.TenantAutomationChanged e) {
        return Sql.of(s, "INSERT INTO tenants (tenant_id, automation_enabled) VALUES (:t, :on) "
                        + "ON CONFLICT (tenant_id) DO UPDATE SET automation_enabled = excluded.automation_enabled")
                .setParameter("t", tenant).setParameter("on", e.enabled()).executeUpdate().replaceWithVoid();
    }

    public Uni<Void> apply(Mutiny.Session s, String tenant, PlanEvents.CustomerAutomationChanged e) {
        return Sql.of(s, "INSERT INTO customer_switches (tenant_id, customer_id, paused) VALUES (:t, :c, "
                        + ":p) ON CONFLICT (tenant_id, customer_id) DO UPDATE SET paused = excluded.paused")
                .setParameter("t", tenant).setParameter("c", e.customerId()).setParameter("p", e.paused())
                .executeUpdate().replaceWithVoid();
    }

    public Uni<Void> apply(Mutiny.Session s, String tenant, PlanEvents.InvoiceAutomationChanged e) {
        return Sql.of(s, "INSERT INTO invoice_switches (tenant_id, invoice_id, enabled) VALUES (:t, :i, "
                        + ":on) ON CONFLICT (tenant_id, invoice_id) DO UPDATE SET enabled = excluded.enabled")
                .setParameter("t", tenant).setParameter("i", e.invoiceId()).setParameter("on", e.enabled())
                .executeUpdate().replaceWithVoid();
    }

    public Uni<Void> apply(Mutiny.Session s, String tenant, PlanEvents.SegmentDefaultChanged e) {
        String table = e.slot() == PlanEvents.Slot.OVERVIEW ? "overview_defaults" : "segment_defaults";
        if (e.planId() == null) {
            return Sql.of(s, "DELETE FROM " + table + " WHERE tenant_id = :t AND segment = :g")
                    .setParameter("t", tenant).setParameter("g", e.segment()).executeUpdate().replaceWithVoid();
        }
        return Sql.of(s, "INSERT INTO " + table + " (tenant_id, segment, plan_id) VALUES (:t, :g, :p) "
                        + "ON CONFLICT (tenant_id, segment) DO UPDATE SET plan_id = excluded.plan_id")
                .setParameter("t", tenant).setParameter("g", e.segment()).setParameter("p", e.planId())
                .executeUpdate().replaceWithVoid();
    }

    public Uni<Void> replanCustomer(Mutiny.Session s, String tenant, UUID customerId, SendSlots slots, Instant now) {
        return Sql.of(s, "SELECT id FROM invoices WHERE tenant_id = :t AND customer_id = :c")
                .setParameter("t", tenant).setParameter("c", customerId).column()
                .chain(ids -> sequentially(ids.stream().map(SqlValues::uuid).toList(),
                        id -> replanInvoice(s, tenant, id, slots, now)));
    }

    private Uni<Void> clearPending(Mutiny.Session s, String tenant, UUID invoiceId) {
        return Sql.of(s, "DELETE FROM schedule WHERE tenant_id = :t AND invoice_id = :i AND status = 'PENDING'")
                .setParameter("t", tenant).setParameter("i", invoiceId).executeUpdate().replaceWithVoid();
    }

    private Uni<Set<UUID>> decidedSteps(Mutiny.Session s, String tenant, UUID invoiceId, UUID planId) {
        return Sql.of(s, "SELECT step_id FROM schedule WHERE tenant_id = :t AND invoice_id = :i "
                        + "AND plan_id = :p AND status <> 'PENDING'")
                .setParameter("t", tenant).setParameter("i", invoiceId).setParameter("p", planId).column()
                .map(rows -> {
                    Set<UUID> ids = new HashSet<>();
                    rows.forEach(r -> ids.add(SqlValues.uuid(r)));
                    return ids;
                });
    }

    private Uni<Void> insertPlanned(Mutiny.Session s, String tenant, InvoiceFacts invoice, PlanFacts plan, Set<UUID> decided,
                                    SendSlots slots, Instant now) {
        List<PlanStep> steps = plan.steps().stream().map(Projection::step).toList();
        List<Schedule.Planned> planned = Schedule.plan(invoice, steps, decided, slots, now);
        return sequentially(planned, p -> Sql.of(s, "INSERT INTO schedule (reminder_key, tenant_id, "
                        + "invoice_id, customer_id, plan_id, step_id, step_order, fire_date, fire_at, status) VALUES "
                        + "(:k, :t, :i, :c, :p, :step, :o, :day, :at, 'PENDING') ON CONFLICT (reminder_key) DO NOTHING")
                .setParameter("k", ReminderEvents.reminderKey(tenant, plan.id(), p.stepId(), invoice.invoiceId()))
                .setParameter("t", tenant).setParameter("i", invoice.invoiceId())
                .setParameter("c", invoice.customerId()).setParameter("p", plan.id()).setParameter("step", p.stepId())
                .setParameter("o", p.order()).setParameter("day", p.fireDate())
                .setParameter("at", p.fireAt().atOffset(ZoneOffset.UTC))
                .executeUpdate().replaceWithVoid());
    }

    public static PlanStep step(PlanEvents.Step s) {
        return new PlanStep(s.stepId(), s.name(), s.trigger().reference().name(), s.trigger().direction().name(),
                s.trigger().days(), s.action().name(), s.templateKey());
    }

    /** See {@link org.dunning.platform.inbox.Batch#inOrder}. */
    public static <T> Uni<Void> sequentially(List<T> items, java.util.function.Function<T, Uni<Void>> each) {
        return org.dunning.platform.inbox.Batch.inOrder(items, each);
    }

    private static String json(Object o) {
        try {
            return EventCodec.mapper().writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static <T> T read(String json, TypeReference<T> type) {
        try {
            return EventCodec.mapper().readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
