package org.dunning.escalation.scheduling;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.dunning.contract.Envelope;
import org.dunning.contract.LatenessEvents;
import org.dunning.contract.PlanEvents;
import org.dunning.contract.ReminderEvents;
import org.dunning.escalation.domain.AbTests;
import org.dunning.escalation.domain.Firing;
import org.dunning.escalation.domain.GroupRules;
import org.dunning.escalation.domain.InvoiceFacts;
import org.dunning.escalation.domain.MinimumGap;
import org.dunning.escalation.domain.Recipients;
import org.dunning.escalation.domain.SendSlots;
import org.dunning.escalation.projection.Checks;
import org.dunning.escalation.projection.Lateness;
import org.dunning.escalation.projection.Projection;
import org.dunning.platform.eventstore.EventStore;
import org.dunning.platform.eventstore.NewEvent;
import org.dunning.platform.persistence.Sql;
import org.dunning.platform.persistence.SqlValues;
import org.hibernate.reactive.mutiny.Mutiny;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

/**
 * Fires the due checks of group plans and overviews (R1.1, R1.3, R7.9), in the engine's batch transaction, for the
 * customers it holds.
 * Each check is decided once (its key: tenant, plan, customer, check date): it fires one grouped action listing the
 * invoices in scope, or is recorded as skipped with the reason; then the plan's next check is planned.
 */
@ApplicationScoped
public class CheckEngine {

    private final Projection projection;
    private final Checks checks;
    private final EventStore store;
    private final Lateness lateness;

    public CheckEngine(Projection projection, Checks checks, EventStore store, Lateness lateness) {
        this.lateness = lateness;
        this.projection = projection;
        this.checks = checks;
        this.store = store;
    }

    private record DueCheck(String key, String tenant, UUID customerId, UUID planId, LocalDate checkDate) {
    }

    /** Decides the due checks of the customers the caller holds (see {@link Engine}); returns how many fired. */
    public Uni<Integer> fireDue(Mutiny.Session s, List<Firing.CustomerKey> held, Instant now, SendSlots defaults) {
        return Sql.of(s, "SELECT cs.reminder_key, cs.tenant_id, cs.customer_id, cs.plan_id, cs.check_date "
                        + "FROM customer_schedule cs JOIN unnest(cast(:t as text[]), cast(:c as uuid[])) AS k(t, c) "
                        + "ON cs.tenant_id = k.t AND cs.customer_id = k.c WHERE cs.status = 'PENDING' AND "
                        + "cs.fire_at <= :now ORDER BY cs.fire_at, cs.reminder_key FOR UPDATE OF cs")
                .setParameter("t", SqlValues.texts(held, Firing.CustomerKey::tenant))
                .setParameter("c", SqlValues.uuids(held, Firing.CustomerKey::customerId))
                .setParameter("now", now.atOffset(ZoneOffset.UTC)).getResultList()
                .chain(rows -> {
                    List<DueCheck> due = rows.stream().map(r -> new DueCheck((String) r[0], (String) r[1],
                            SqlValues.uuid(r[2]), SqlValues.uuid(r[3]), SqlValues.date(r[4]))).toList();
                    return org.dunning.platform.inbox.Batch.sum(due, d -> projection.slots(s, d.tenant(), defaults)
                            .chain(slots -> decide(s, d, slots, now)).map(fired -> fired ? 1 : 0));
                });
    }

    private Uni<Boolean> decide(Mutiny.Session s, DueCheck d, SendSlots slots, Instant now) {
        String t = d.tenant();
        LocalDate today = slots.today(now);
        return checks.plan(s, t, d.planId()).chain(plan -> checks.plansOf(s, t, d.customerId()).chain(current -> {
            boolean stillApplies = plan.isPresent() && current.stream().anyMatch(p -> p.id().equals(d.planId()));
            if (!stillApplies) {
                return skip(s, d, null, null, "the plan no longer applies to the customer", now).replaceWith(false);
            }
            Checks.CheckPlan p = plan.get();
            return projection.activation(s, t, d.customerId()).chain(on -> {
                if (on.blockedBecause() != null) {
                    return skip(s, d, p, null, on.blockedBecause(), now).replaceWith(false);
                }
                return checks.candidates(s, t, d.customerId()).chain(candidates -> projection.minimumAmounts(s, t)
                        .chain(minimums -> {
                    boolean overdue = !GroupRules.inScope(candidates, PlanEvents.InvoiceScope.OVERDUE_ONLY, today)
                            .isEmpty();
                    Uni<java.util.Set<UUID>> fired = p.group() == null || !overdue
                            ? Uni.createFrom().item(java.util.Set.of())
                            : checks.overdueSince(s, t, d.customerId())
                            .chain(since -> since.isEmpty() ? Uni.createFrom().item(java.util.Set.<UUID>of())
                                    : checks.firedSince(s, t, p.id(), d.customerId(), since.get()));
                    return fired.chain(firedThisEpisode -> {
                        // R8.3: an invoice below the tenant's minimum amount is left out of the message
                        List<GroupRules.Candidate> reminded = minimums.reminded(candidates);
                        GroupRules.Check check = p.group() != null
                                ? GroupRules.group(p.group(), reminded, today, firedThisEpisode)
                                : GroupRules.overview(p.overview(), reminded, today);
                        UUID stepId = check.step() != null ? check.step().stepId() : null;
                        if (!check.fires()) {
                            List<String> leftOut = minimums.leftOut(candidates);
                            return skip(s, d, p, stepId, check.skippedBecause() + (leftOut.isEmpty() ? ""
                                    : "; below the tenant's minimum amount: " + String.join(", ", leftOut)), now)
                                    .call(() -> checks.planNext(s, t, d.customerId(), p, d.checkDate(), slots, now))
                                    .replaceWith(false);
                        }
                        boolean automatic = p.group() == null || MinimumGap.counts(check.step().action());
                        Uni<Instant> held = automatic ? projection.heldByGap(s, t, d.customerId(), slots, now)
                                : Uni.createFrom().nullItem();
                        return held.chain(until -> until != null
                                // R7.6: the check waits for the end of the gap, it is not dropped
                                ? postpone(s, d.key(), until).replaceWith(false)
                                : fire(s, d, p, check, today, now)
                                .call(() -> automatic ? projection.messageSent(s, t, d.customerId(), today)
                                        : Uni.createFrom().voidItem())
                                .call(() -> checks.planNext(s, t, d.customerId(), p, d.checkDate(), slots, now))
                                .replaceWith(true));
                    });
                }));
            });
        }));
    }

    private Uni<Void> fire(Mutiny.Session s, DueCheck d, Checks.CheckPlan p, GroupRules.Check check, LocalDate today,
                           Instant now) {
        String t = d.tenant();
        return projection.customer(s, t, d.customerId()).chain(customer -> {
            if (customer.isEmpty()) {
                return skip(s, d, p, null, "the customer is unknown", now);
            }
            boolean overview = p.group() == null;
            PlanEvents.Recipients recipients = overview ? p.overview().recipients() : check.step().recipients();
            Uni<List<ReminderEvents.CreditNoteRef>> creditNotes = overview && p.overview().includeCreditNotes()
                    ? checks.openCreditNotes(s, t, d.customerId()) : Uni.createFrom().item(List.of());
            return creditNotes.chain(notes -> {
                AbTests.Choice template = overview ? new AbTests.Choice(p.overview().templateKey(), null)
                        : AbTests.choose(check.step().templateKey(), check.step().abTest(), check.step().stepId(),
                        d.customerId());
                ReminderEvents.ReminderStepDue event = new ReminderEvents.ReminderStepDue(d.key(), p.id(), p.version(),
                        overview ? p.id() : check.step().stepId(), overview ? p.name() : check.step().name(),
                        overview ? PlanEvents.Action.AUTO_EMAIL : check.step().action(),
                        template.templateKey(),
                        new ReminderEvents.CustomerRef(customer.get().id(), customer.get().name(),
                                customer.get().language(), Recipients.of(recipients, customer.get().contacts(),
                                customer.get().internalUsers())),
                        check.invoices().stream().map(i -> ref(i, today)).toList(), d.checkDate(), now, p.type(),
                        notes, !overview && check.step().attachDocuments(), template.variant());
                Uni<Void> level = overview ? Uni.createFrom().voidItem()
                        : lateness.levelReached(s, t, new LatenessEvents.EscalationLevelReached(d.customerId(), p.id(),
                        check.step().stepId(), check.step().name(), check.step().action(),
                        check.invoices().stream().map(InvoiceFacts::invoiceId).toList(), today));
                return mark(s, d, "FIRED", overview ? null : check.step().stepId(), null, now)
                        .chain(() -> store.append(s, t, d.key(), Envelope.key(t, d.customerId()), 0,
                                List.of(new NewEvent(event.type(), event))))
                        .chain(() -> level)
                        .replaceWithVoid();
            });
        });
    }

    private static ReminderEvents.InvoiceRef ref(InvoiceFacts i, LocalDate today) {
        return new ReminderEvents.InvoiceRef(i.invoiceId(), i.number(), i.issueDate(), i.dueDate(), i.currency(),
                i.amount(), i.outstanding(), i.daysLate(today));
    }

    /** A check that sends nothing: recorded, and published as skipped with the reason (the record stays rebuildable). */
    private Uni<Void> skip(Mutiny.Session s, DueCheck d, Checks.CheckPlan p, UUID stepId, String reason, Instant now) {
        ReminderEvents.ReminderStepSkipped event = new ReminderEvents.ReminderStepSkipped(d.key(), d.planId(), stepId,
                null, d.customerId(), null, reason, now, d.checkDate(),
                p == null ? PlanEvents.PlanType.ESCALATION_PER_GROUP : p.type());
        return mark(s, d, "SKIPPED", stepId, reason, now)
                .chain(() -> store.append(s, d.tenant(), d.key(), Envelope.key(d.tenant(), d.customerId()), 0,
                        List.of(new NewEvent(event.type(), event))))
                .replaceWithVoid();
    }

    private static Uni<Void> postpone(Mutiny.Session s, String key, Instant until) {
        return Sql.of(s, "UPDATE customer_schedule SET fire_at = :at WHERE reminder_key = :k AND status = "
                        + "'PENDING'").setParameter("at", until.atOffset(ZoneOffset.UTC)).setParameter("k", key)
                .executeUpdate().replaceWithVoid();
    }

    private static Uni<Void> mark(Mutiny.Session s, DueCheck d, String status, UUID stepId, String reason,
                                  Instant now) {
        return Sql.of(s, "UPDATE customer_schedule SET status = :st, step_id = :step, reason = :r, "
                        + "decided_at = :at, fire_at = :at WHERE reminder_key = :k AND status = 'PENDING'")
                .setParameter("st", status).setParameter("step", stepId).setParameter("r", reason)
                .setParameter("at", now.atOffset(ZoneOffset.UTC)).setParameter("k", d.key()).executeUpdate()
                .invoke(n -> {
                    if (n != 1) {
                        throw new IllegalStateException("check " + d.key() + " was decided concurrently");
                    }
                }).replaceWithVoid();
    }
}
