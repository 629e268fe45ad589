package org.dunning.escalation.projection;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.dunning.escalation.domain.Forecast;
import org.dunning.escalation.domain.GroupRules;
import org.dunning.escalation.domain.MinimumAmounts;
import org.dunning.escalation.domain.SendSlots;
import org.dunning.platform.persistence.Sql;
import org.dunning.platform.persistence.SqlValues;
import org.hibernate.reactive.mutiny.Mutiny;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Loads what a forecast plays forward, for one tenant and optionally one customer: the pending steps due up to the
 * end of the window (through the fire-time index) and the pending checks, with the facts each needs.
 */
@ApplicationScoped
public class ForecastInputs {

    public record Inputs(List<Forecast.InvoicePlan> invoices, List<Forecast.CustomerCheck> checks, int gapDays,
                         Map<UUID, LocalDate> lastSent, SendSlots slots, MinimumAmounts minimums) {
    }

    private final Projection projection;
    private final Checks checks;

    public ForecastInputs(Projection projection, Checks checks) {
        this.projection = projection;
        this.checks = checks;
    }

    public Uni<Inputs> load(Mutiny.Session s, String tenant, UUID customerId, Instant to, SendSlots defaults) {
        return projection.slots(s, tenant, defaults).chain(slots -> projection.minimumGap(s, tenant)
                .chain(gap -> pendingSteps(s, tenant, customerId, to)
                        .chain(invoices -> pendingChecks(s, tenant, customerId, slots)
                                .chain(checkList -> lastSent(s, tenant, customerId)
                                        .chain(last -> projection.minimumAmounts(s, tenant).map(minimums ->
                                                new Inputs(invoices, checkList, gap, last, slots, minimums)))))));
    }

    private Uni<List<Forecast.InvoicePlan>> pendingSteps(Mutiny.Session s, String tenant, UUID customerId,
                                                         Instant to) {
        return Sql.of(s, "SELECT invoice_id, plan_id, step_id, step_order, fire_date, fire_at FROM schedule "
                        + "WHERE tenant_id = :t AND status = 'PENDING' AND fire_at <= :to "
                        + "AND (cast(:c as uuid) IS NULL OR customer_id = :c) ORDER BY fire_at")
                .setParameter("t", tenant).setParameter("to", to.atOffset(ZoneOffset.UTC))
                .setParameter("c", customerId).getResultList()
                .chain(rows -> {
                    Map<UUID, UUID> planOf = new LinkedHashMap<>();
                    Map<UUID, List<Forecast.PendingStep>> pending = new HashMap<>();
                    for (Object[] r : rows) {
                        UUID invoice = SqlValues.uuid(r[0]);
                        planOf.put(invoice, SqlValues.uuid(r[1]));
                        pending.computeIfAbsent(invoice, k -> new ArrayList<>()).add(new Forecast.PendingStep(
                                SqlValues.uuid(r[2]), ((Number) r[3]).intValue(), SqlValues.date(r[4]),
                                SqlValues.instant(r[5])));
                    }
                    List<Forecast.InvoicePlan> out = new ArrayList<>();
                    List<UUID> invoices = new ArrayList<>(planOf.keySet());
                    return Projection.firedSteps(s, invoices.stream().map(i -> tenant).toList(), invoices)
                            .chain(fired -> Projection.sequentially(invoices, invoice ->
                            projection.invoice(s, tenant, invoice).chain(facts ->
                                    projection.plan(s, tenant, planOf.get(invoice)).invoke(plan -> {
                                        if (facts.isPresent() && plan.isPresent()) {
                                            out.add(new Forecast.InvoicePlan(facts.get(), plan.get().id(),
                                                    plan.get().name(), plan.get().steps().stream()
                                                    .map(Projection::step).toList(), pending.get(invoice),
                                                    plan.get().maxAutomaticReminders(), (int) plan.get()
                                                    .automaticAmong(fired.getOrDefault(tenant + "/" + invoice,
                                                            List.of()))));
                                        }
                                    })).replaceWithVoid())).replaceWith(out);
                });
    }

    private Uni<List<Forecast.CustomerCheck>> pendingChecks(Mutiny.Session s, String tenant, UUID customerId,
                                                            SendSlots slots) {
        return Sql.of(s, "SELECT customer_id, plan_id, check_date, fire_at FROM customer_schedule WHERE "
                        + "tenant_id = :t AND status = 'PENDING' AND (cast(:c as uuid) IS NULL OR customer_id = :c)")
                .setParameter("t", tenant).setParameter("c", customerId).getResultList()
                .chain(rows -> {
                    List<Forecast.CustomerCheck> out = new ArrayList<>();
                    return Projection.sequentially(rows, r -> {
                        UUID customer = SqlValues.uuid(r[0]);
                        UUID planId = SqlValues.uuid(r[1]);
                        LocalDate day = SqlValues.date(r[2]);
                        return checks.plan(s, tenant, planId).chain(plan -> plan.isEmpty()
                                ? Uni.createFrom().voidItem()
                                : checks.candidates(s, tenant, customer).chain(candidates ->
                                        episodeFired(s, tenant, plan.get(), customer, candidates, slots)
                                                .invoke(fired -> out.add(new Forecast.CustomerCheck(customer, planId,
                                                        plan.get().name(), plan.get().type(), plan.get().group(),
                                                        plan.get().overview(), plan.get().start(),
                                                        plan.get().every(), day, SqlValues.instant(r[3]), candidates,
                                                        fired))).replaceWithVoid()));
                    }).replaceWith(out);
                });
    }

    /** The call and letter levels already made in the customer's current episode (none outside one). */
    private Uni<java.util.Set<UUID>> episodeFired(Mutiny.Session s, String tenant, Checks.CheckPlan plan,
                                                  UUID customer, List<GroupRules.Candidate> candidates,
                                                  SendSlots slots) {
        if (plan.group() == null) {
            return Uni.createFrom().item(java.util.Set.of());
        }
        return checks.overdueSince(s, tenant, customer).chain(since -> since.isEmpty()
                ? Uni.createFrom().item(java.util.Set.<UUID>of())
                : checks.firedSince(s, tenant, plan.id(), customer, since.get()));
    }

    private static Uni<Map<UUID, LocalDate>> lastSent(Mutiny.Session s, String tenant, UUID customerId) {
        return Sql.of(s, "SELECT customer_id, last_sent FROM customer_messages WHERE tenant_id = :t "
                        + "AND (cast(:c as uuid) IS NULL OR customer_id = :c)")
                .setParameter("t", tenant).setParameter("c", customerId).getResultList()
                .map(rows -> {
                    Map<UUID, LocalDate> m = new HashMap<>();
                    rows.forEach(r -> m.put(SqlValues.uuid(r[0]), SqlValues.date(r[1])));
                    return m;
                });
    }
}
