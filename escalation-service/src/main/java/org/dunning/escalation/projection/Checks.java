package org.dunning.escalation.projection;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.dunning.contract.EventCodec;
import org.dunning.contract.InvoiceEvents;
import org.dunning.contract.PlanEvents;
import org.dunning.contract.ReminderEvents;
import org.dunning.escalation.domain.CheckDates;
import org.dunning.escalation.domain.GroupRules;
import org.dunning.escalation.domain.InvoiceFacts;
import org.dunning.escalation.domain.SendSlots;
import org.dunning.platform.persistence.Sql;
import org.dunning.platform.persistence.SqlValues;
import org.hibernate.reactive.mutiny.Mutiny;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The customer-level side of the projection (R1.1, R1.3, R7.9): group plans and overviews, checked per customer at
 * their check dates. At most one check per plan and customer waits (PENDING) at a time; when it is decided the next
 * one is planned. Also the customers' open credit notes and their lateness episodes.
 */
@ApplicationScoped
public class Checks {

    /** A plan checked per customer: a group plan (group set) or an overview (overview set). */
    public record CheckPlan(UUID id, long version, String name, PlanEvents.PlanType type,
                            PlanEvents.GroupSettings group, PlanEvents.OverviewSettings overview) {
        LocalDate start() {
            return group != null ? group.startDate() : overview.startDate();
        }

        PlanEvents.Interval every() {
            return group != null ? group.checkEvery() : overview.every();
        }
    }

    private final Projection projection;

    public Checks(Projection projection) {
        this.projection = projection;
    }

    // ---- credit notes and episodes

    public Uni<Void> apply(Mutiny.Session s, String tenant, InvoiceEvents.CreditNoteIssued e) {
        return Sql.of(s, "INSERT INTO credit_notes (tenant_id, id, customer_id, number, issue_date, currency, "
                        + "amount, unallocated) VALUES (:t, :id, :c, :n, :d, :cur, :a, :a) ON CONFLICT DO NOTHING")
                .setParameter("t", tenant).setParameter("id", e.creditNoteId()).setParameter("c", e.customerId())
                .setParameter("n", e.number()).setParameter("d", e.issueDate()).setParameter("cur", e.currency())
                .setParameter("a", e.amount()).executeUpdate().replaceWithVoid();
    }

    public Uni<Void> apply(Mutiny.Session s, String tenant, InvoiceEvents.CreditNoteAllocated e) {
        return Sql.of(s, "UPDATE credit_notes SET unallocated = :u WHERE tenant_id = :t AND id = :id")
                .setParameter("t", tenant).setParameter("id", e.creditNoteId()).setParameter("u", e.unallocated())
                .executeUpdate().replaceWithVoid();
    }

    /**
     * The first day of the customer's current lateness episode (R7.9), as its lateness stream states it: the episode
     * ends when the customer has nothing overdue. Empty while it is current.
     */
    public Uni<Optional<LocalDate>> overdueSince(Mutiny.Session s, String tenant, UUID customerId) {
        return Sql.of(s, "SELECT since FROM lateness WHERE tenant_id = :t AND customer_id = :c AND overdue")
                .setParameter("t", tenant).setParameter("c", customerId).column()
                .map(rows -> rows.stream().filter(java.util.Objects::nonNull).findFirst().map(SqlValues::date));
    }

    /** The steps of a group plan that fired for the customer since {@code since}. */
    public Uni<Set<UUID>> firedSince(Mutiny.Session s, String tenant, UUID planId, UUID customerId, LocalDate since) {
        return Sql.of(s, "SELECT step_id FROM customer_schedule WHERE tenant_id = :t AND plan_id = :p AND "
                        + "customer_id = :c AND status = 'FIRED' AND check_date >= :since AND step_id IS NOT NULL")
                .setParameter("t", tenant).setParameter("p", planId).setParameter("c", customerId)
                .setParameter("since", since).column()
                .map(rows -> {
                    Set<UUID> ids = new HashSet<>();
                    rows.forEach(r -> ids.add(SqlValues.uuid(r)));
                    return ids;
                });
    }

    // ---- reading

    public Uni<Optional<CheckPlan>> plan(Mutiny.Session s, String tenant, UUID planId) {
        return Sql.of(s, "SELECT id, version, name, plan_type, group_settings, overview_settings FROM plans "
                        + "WHERE tenant_id = :t AND id = :id AND NOT archived AND plan_type IN "
                        + "('ESCALATION_PER_GROUP', 'RECURRING_OVERVIEW')")
                .setParameter("t", tenant).setParameter("id", planId).getResultList()
                .map(rows -> rows.stream().findFirst().map(r -> new CheckPlan(SqlValues.uuid(r[0]),
                        ((Number) r[1]).longValue(), (String) r[2], PlanEvents.PlanType.valueOf((String) r[3]),
                        r[4] == null ? null : read((String) r[4], new TypeReference<PlanEvents.GroupSettings>() {
                        }),
                        r[5] == null ? null : read((String) r[5], new TypeReference<PlanEvents.OverviewSettings>() {
                        }))));
    }

    /** The customer's overview plan: its own, else its segment's default. */
    public Uni<Optional<UUID>> overviewPlan(Mutiny.Session s, String tenant, UUID customerId) {
        return Sql.of(s, "SELECT plan_id FROM (SELECT plan_id, 1 AS prio FROM overview_assignments WHERE "
                        + "tenant_id = :t AND customer_id = :c UNION ALL SELECT d.plan_id, 2 FROM customers c JOIN "
                        + "overview_defaults d ON d.tenant_id = c.tenant_id AND d.segment = c.segment WHERE "
                        + "c.tenant_id = :t AND c.id = :c) p ORDER BY prio LIMIT 1")
                .setParameter("t", tenant).setParameter("c", customerId).column()
                .map(rows -> rows.stream().findFirst().map(SqlValues::uuid));
    }

    /** The plans checked for the customer now: its escalation plan if it is a group plan, and its overview plan. */
    public Uni<List<CheckPlan>> plansOf(Mutiny.Session s, String tenant, UUID customerId) {
        return projection.assignedPlan(s, tenant, customerId)
                .chain(escalation -> overviewPlan(s, tenant, customerId).chain(overview -> {
                    List<UUID> ids = new ArrayList<>();
                    escalation.ifPresent(ids::add);
                    overview.ifPresent(ids::add);
                    List<CheckPlan> out = new ArrayList<>();
                    return Projection.sequentially(ids, id -> plan(s, tenant, id).invoke(p -> p.ifPresent(out::add))
                            .replaceWithVoid()).replaceWith(out);
                }));
    }

    /** The customer's invoices as a check sees them, each with its R3.3 switch. */
    public Uni<List<GroupRules.Candidate>> candidates(Mutiny.Session s, String tenant, UUID customerId) {
        return Sql.of(s, "SELECT i.id, i.customer_id, i.number, i.issue_date, i.due_date, i.currency, "
                        + "i.amount, i.outstanding, i.status, i.disputed, i.expected_payment_date, "
                        + "COALESCE(w.enabled, true) FROM invoices i LEFT JOIN invoice_switches w ON w.tenant_id = "
                        + "i.tenant_id AND w.invoice_id = i.id WHERE i.tenant_id = :t AND i.customer_id = :c AND "
                        + "i.status IN ('OPEN', 'PARTIALLY_PAID')")
                .setParameter("t", tenant).setParameter("c", customerId).getResultList()
                .map(rows -> rows.stream().map(r -> new GroupRules.Candidate(new InvoiceFacts(SqlValues.uuid(r[0]),
                        SqlValues.uuid(r[1]), (String) r[2], SqlValues.date(r[3]), SqlValues.date(r[4]),
                        ((String) r[5]).trim(), SqlValues.decimal(r[6]), SqlValues.decimal(r[7]), (String) r[8],
                        (Boolean) r[9], r[10] == null ? null : SqlValues.date(r[10])), (Boolean) r[11])).toList());
    }

    public Uni<List<ReminderEvents.CreditNoteRef>> openCreditNotes(Mutiny.Session s, String tenant, UUID customerId) {
        return Sql.of(s, "SELECT id, number, issue_date, currency, amount, unallocated FROM credit_notes "
                        + "WHERE tenant_id = :t AND customer_id = :c AND unallocated > 0 ORDER BY issue_date, number")
                .setParameter("t", tenant).setParameter("c", customerId).getResultList()
                .map(rows -> rows.stream().map(r -> new ReminderEvents.CreditNoteRef(SqlValues.uuid(r[0]),
                        (String) r[1], SqlValues.date(r[2]), ((String) r[3]).trim(), SqlValues.decimal(r[4]),
                        SqlValues.decimal(r[5]))).toList());
    }

    // ---- planning

    /**
     * Plans the customer's next check of each plan checked for it, from scratch: pending checks are dropped, and
     * none is planned while the tenant's automation is off or the customer is paused. A check whose day is today
     * or later comes next; a check already decided is not planned again.
     */
    public Uni<Void> replan(Mutiny.Session s, String tenant, UUID customerId, SendSlots slots, Instant now) {
        return Sql.of(s, "DELETE FROM customer_schedule WHERE tenant_id = :t AND customer_id = :c "
                        + "AND status = 'PENDING'")
                .setParameter("t", tenant).setParameter("c", customerId).executeUpdate()
                .chain(() -> projection.activation(s, tenant, customerId))
                .chain(on -> !on.tenantEnabled() || on.customerPaused() ? Uni.createFrom().voidItem()
                        : plansOf(s, tenant, customerId).chain(plans -> Projection.sequentially(plans,
                        p -> lastDecided(s, tenant, p.id(), customerId).chain(last -> {
                            LocalDate from = slots.today(now);
                            if (last.isPresent() && !last.get().isBefore(from)) {
                                from = last.get().plusDays(1);
                            }
                            return planCheck(s, tenant, customerId, p,
                                    CheckDates.firstOnOrAfter(p.start(), p.every(), from), slots, now);
                        }))));
    }

    /** After a check was decided: the next check date of the plan. */
    public Uni<Void> planNext(Mutiny.Session s, String tenant, UUID customerId, CheckPlan p, LocalDate decided,
                              SendSlots slots, Instant now) {
        return planCheck(s, tenant, customerId, p, CheckDates.firstOnOrAfter(p.start(), p.every(),
                decided.plusDays(1)), slots, now);
    }

    private Uni<Void> planCheck(Mutiny.Session s, String tenant, UUID customerId, CheckPlan p, LocalDate day,
                                SendSlots slots, Instant now) {
        return Sql.of(s, "INSERT INTO customer_schedule (reminder_key, tenant_id, customer_id, plan_id, "
                        + "plan_type, check_date, fire_at, status) VALUES (:k, :t, :c, :p, :type, :day, :at, "
                        + "'PENDING') ON CONFLICT (reminder_key) DO NOTHING")
                .setParameter("k", ReminderEvents.checkKey(tenant, p.id(), customerId, day))
                .setParameter("t", tenant).setParameter("c", customerId).setParameter("p", p.id())
                .setParameter("type", p.type().name()).setParameter("day", day)
                .setParameter("at", slots.slotFor(day, now).atOffset(ZoneOffset.UTC))
                .executeUpdate().replaceWithVoid();
    }

    private static Uni<Optional<LocalDate>> lastDecided(Mutiny.Session s, String tenant, UUID planId,
                                                        UUID customerId) {
        return Sql.of(s, "SELECT max(check_date) FROM customer_schedule WHERE tenant_id = :t AND plan_id = :p "
                        + "AND customer_id = :c AND status <> 'PENDING'")
                .setParameter("t", tenant).setParameter("p", planId).setParameter("c", customerId).column()
                .map(rows -> rows.isEmpty() || rows.get(0) == null ? Optional.empty()
                        : Optional.of(SqlValues.date(rows.get(0))));
    }

    private static <T> T read(String json, TypeReference<T> type) {
        try {
            return EventCodec.mapper().readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
