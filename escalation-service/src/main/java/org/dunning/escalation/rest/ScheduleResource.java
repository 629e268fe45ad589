package org.dunning.escalation.rest;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.dunning.platform.domain.NotFound;
import org.dunning.contract.PlanEvents;
import org.dunning.contract.ReminderEvents;
import org.dunning.escalation.domain.InvoiceFacts;
import org.dunning.escalation.domain.MinimumAmounts;
import org.dunning.escalation.domain.MinimumGap;
import org.dunning.escalation.domain.PlanFacts;
import org.dunning.escalation.projection.Projection;
import org.dunning.platform.persistence.Sql;
import org.dunning.platform.persistence.SqlValues;
import org.hibernate.reactive.mutiny.Mutiny;
import org.dunning.platform.tenant.Tenant;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

@Path("/invoices/{invoiceId}/schedule")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("user")
public class ScheduleResource {

    public record ScheduledStep(String reminderKey, UUID planId, UUID stepId, int stepOrder, LocalDate fireDate,
                                Instant fireAt, String status, String reason) {
    }

    private final Tenant tenant;
    private final Projection projection;

    public ScheduleResource(Tenant tenant, Projection projection) {
        this.tenant = tenant;
        this.projection = projection;
    }

    @GET
    @Operation(summary = "Every step of the invoice's plan: pending (with when it fires), fired or skipped (with why), "
            + "or blocked (with what stops it: paid, disputed, a switch, a pause); a pending step of an invoice below the "
            + "tenant's minimum amount says it will be skipped")
    public Uni<List<ScheduledStep>> schedule(@PathParam("invoiceId") UUID invoiceId) {
        String t = tenant.id();
        return Panache.withSession(() -> Panache.getSession().chain(s -> projection.invoice(s, t, invoiceId)
                .chain(invoice -> {
                    if (invoice.isEmpty()) {
                        throw new NotFound("invoice", invoiceId);
                    }
                    return Sql.of(s, "SELECT reminder_key, plan_id, step_id, step_order, fire_date, fire_at, "
                                    + "status, reason FROM schedule WHERE tenant_id = :t AND invoice_id = :i "
                                    + "ORDER BY step_order")
                            .setParameter("t", t).setParameter("i", invoiceId).getResultList()
                            .map(rows -> rows.stream().map(r -> new ScheduledStep((String) r[0], (UUID) r[1],
                                    (UUID) r[2], ((Number) r[3]).intValue(), SqlValues.date(r[4]),
                                    SqlValues.instant(r[5]), (String) r[6], (String) r[7])).toList())
                            .chain(rows -> projection.minimumAmounts(s, t)
                                    .map(minimums -> belowMinimum(rows, minimums, invoice.get())))
                            .chain(rows -> rows.isEmpty() ? Uni.createFrom().item(rows)
                                    : projection.plan(s, t, rows.get(0).planId())
                                    .map(plan -> plan.map(p -> beyondLimit(rows, p)).orElse(rows)))
                            .chain(rows -> blocked(s, t, invoice.get(), rows));
                })));
    }

    /** R8.3: while the invoice is below the tenant's minimum amount, its pending steps say they will be skipped. */
    static List<ScheduledStep> belowMinimum(List<ScheduledStep> rows, MinimumAmounts minimums, InvoiceFacts invoice) {
        return minimums.below(invoice).map(why -> rows.stream().map(r -> "PENDING".equals(r.status())
                && r.reason() == null ? new ScheduledStep(r.reminderKey(), r.planId(), r.stepId(), r.stepOrder(),
                r.fireDate(), r.fireAt(), r.status(), "skipped at firing unless more is open then: " + why) : r)
                .toList()).orElse(rows);
    }

    /** R8.3: the pending automatic steps the plan's maximum will skip, with the reason. */
    static List<ScheduledStep> beyondLimit(List<ScheduledStep> rows, PlanFacts plan) {
        if (plan.maxAutomaticReminders() == null) {
            return rows;
        }
        long sent = plan.automaticAmong(rows.stream().filter(r -> "FIRED".equals(r.status()))
                .map(ScheduledStep::stepId).toList());
        List<ScheduledStep> out = new ArrayList<>();
        for (ScheduledStep r : rows) {
            boolean automatic = plan.step(r.stepId()).map(st -> MinimumGap.counts(st.action())).orElse(false);
            if (!"PENDING".equals(r.status()) || !automatic || !plan.id().equals(r.planId())) {
                out.add(r);
                continue;
            }
            Optional<String> limit = plan.limitReached(sent++);
            out.add(limit.isEmpty() || r.reason() != null ? r : new ScheduledStep(r.reminderKey(), r.planId(),
                    r.stepId(), r.stepOrder(), r.fireDate(), r.fireAt(), r.status(), "skipped at firing: "
                    + limit.get()));
        }
        return out;
    }

    /** The steps a block keeps from being planned, listed as BLOCKED with the reason, beside the decided ones. */
    private Uni<List<ScheduledStep>> blocked(Mutiny.Session s, String t, InvoiceFacts invoice,
                                             List<ScheduledStep> rows) {
        return projection.activation(s, t, invoice.customerId(), invoice.invoiceId()).chain(on -> {
            String reason = invoice.blockedBecause() != null ? invoice.blockedBecause() : on.blockedBecause();
            if (reason == null) {
                return Uni.createFrom().item(rows);
            }
            return projection.assignedPlan(s, t, invoice.customerId()).chain(planId -> planId.isEmpty()
                    ? Uni.createFrom().item(rows)
                    : projection.plan(s, t, planId.get()).map(plan -> {
                        if (plan.isEmpty()) {
                            return rows;
                        }
                        List<ScheduledStep> out = new ArrayList<>(rows);
                        List<PlanEvents.Step> steps = plan.get().steps();
                        for (int i = 0; i < steps.size(); i++) {
                            UUID stepId = steps.get(i).stepId();
                            if (rows.stream().noneMatch(r -> r.stepId().equals(stepId))) {
                                LocalDate day = Projection.step(steps.get(i)).fireDate(invoice);
                                out.add(new ScheduledStep(ReminderEvents.reminderKey(t, plan.get().id(), stepId,
                                        invoice.invoiceId()), plan.get().id(), stepId, i, day, null, "BLOCKED",
                                        reason));
                            }
                        }
                        out.sort(java.util.Comparator.comparingInt(ScheduledStep::stepOrder));
                        return out;
                    }));
        });
    }
}
