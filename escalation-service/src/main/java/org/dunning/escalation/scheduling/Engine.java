package org.dunning.escalation.scheduling;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.dunning.contract.Envelope;
import org.dunning.contract.LatenessEvents;
import org.dunning.contract.PlanEvents;
import org.dunning.contract.ReminderEvents;
import org.dunning.escalation.domain.InvoiceFacts;
import org.dunning.escalation.domain.Schedule;
import org.dunning.escalation.domain.MinimumGap;
import org.dunning.escalation.domain.Recipients;
import org.dunning.escalation.domain.SendSlots;
import org.dunning.escalation.projection.Lateness;
import org.dunning.escalation.projection.Projection;
import org.dunning.escalation.projection.RebuildState;
import org.dunning.platform.eventstore.EventStore;
import org.dunning.platform.eventstore.NewEvent;
import org.dunning.platform.persistence.SqlValues;
import org.hibernate.reactive.mutiny.Mutiny;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Fires the steps that are due. A tick takes the PENDING rows whose fire time has come (through the partial index on
 * fire_at), groups them per invoice, re-checks eligibility, fires the most advanced step and records the others as
 * skipped. Firing appends {@code ReminderStepDue} to the outbox in the same transaction as the status change; its
 * stream is the reminder key at version 1, so the same reminder can never be appended twice. An advisory lock lets
 * one instance tick at a time.
 */
@ApplicationScoped
public class Engine {

    private static final Logger LOG = Logger.getLogger(Engine.class);
    private static final long TICK_LOCK = 0x0D0_0B0_0002L;

    private final Projection projection;
    private final EventStore store;
    private final Clock clock;
    private final ScheduleConfig config;

    private final CheckEngine checks;
    private final Lateness lateness;
    private final RebuildState rebuild;

    private final MeterRegistry meters;

    public Engine(Projection projection, CheckEngine checks, Lateness lateness, RebuildState rebuild,
                  EventStore store, Clock clock, ScheduleConfig config, MeterRegistry meters) {
        this.meters = meters;
        this.rebuild = rebuild;
        this.checks = checks;
        this.lateness = lateness;
        this.projection = projection;
        this.store = store;
        this.clock = clock;
        this.config = config;
    }

    /** The send slots of a tenant that has no settings yet (the plan-service defaults, unless configured). */
    public SendSlots defaultSlots() {
        return SendSlots.of(config.zone(), config.weekdaySendTime());
    }

    @Scheduled(every = "${dunning.schedule.tick-interval:1s}", delayed = "2s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> scheduledTick() {
        return tick().onFailure().invoke(e -> LOG.warnf(e, "tick failed (will retry)"))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    /** One tick at the clock's now; returns how many steps fired. */
    public Uni<Integer> tick() {
        if (rebuild.running()) {
            return Uni.createFrom().item(0);
        }
        Instant now = clock.instant();
        Timer.Sample sample = Timer.start(meters);
        return timed(sample, Panache.withTransaction(() -> Panache.getSession().chain(s -> s
                .createNativeQuery("SELECT pg_try_advisory_xact_lock(" + TICK_LOCK + ")", Boolean.class)
                .getSingleResult()
                .chain(locked -> !locked ? Uni.createFrom().item(0) : watchLateness(s, now)
                        .chain(() -> fireDue(s, now))
                        .chain(n -> checks.fireDue(s, now, config.batchSize(), defaultSlots()).map(m -> n + m))))));
    }

    /** Each tick's duration and what it fired, for the metrics (and the engine benchmark). */
    private Uni<Integer> timed(Timer.Sample sample, Uni<Integer> tick) {
        return tick.onItemOrFailure().invoke((fired, failure) -> {
            sample.stop(meters.timer("dunning.escalation.tick", "outcome", failure == null ? "ok" : "failed"));
            if (fired != null) {
                meters.counter("dunning.escalation.fired").increment(fired);
            }
        });
    }

    /** What time alone changes: customers whose invoices fell due since (R7.10). */
    private Uni<Void> watchLateness(Mutiny.Session s, Instant now) {
        return lateness.watched(s, now, config.batchSize()).chain(rows -> Projection.sequentially(rows, r ->
                projection.slots(s, (String) r[0], defaultSlots()).chain(slots ->
                        lateness.evaluate(s, (String) r[0], (UUID) r[1], slots, now))));
    }

    private record DueRow(String key, String tenant, UUID invoiceId, UUID customerId, UUID planId, UUID stepId,
                          int order, LocalDate fireDate) {
    }

    private Uni<Integer> fireDue(Mutiny.Session s, Instant now) {
        return s.createNativeQuery("SELECT reminder_key, tenant_id, invoice_id, customer_id, plan_id, step_id, "
                        + "step_order, fire_date FROM schedule WHERE status = 'PENDING' AND fire_at <= :now "
                        + "ORDER BY fire_at, reminder_key LIMIT :n FOR UPDATE", Object[].class)
                .setParameter("now", now.atOffset(ZoneOffset.UTC)).setParameter("n", config.batchSize())
                .getResultList()
                .chain(rows -> {
                    Map<String, List<DueRow>> byInvoice = new LinkedHashMap<>();
                    for (Object[] r : rows) {
                        DueRow d = new DueRow((String) r[0], (String) r[1], (UUID) r[2], (UUID) r[3], (UUID) r[4],
                                (UUID) r[5], ((Number) r[6]).intValue(), SqlValues.date(r[7]));
                        byInvoice.computeIfAbsent(d.tenant() + "/" + d.invoiceId(), k -> new ArrayList<>()).add(d);
                    }
                    return org.dunning.platform.inbox.Batch.sum(List.copyOf(byInvoice.values()),
                            group -> fireInvoice(s, group, now));
                });
    }

    private Uni<Integer> fireInvoice(Mutiny.Session s, List<DueRow> due, Instant now) {
        DueRow first = due.get(0);
        String tenant = first.tenant();
        return projection.invoice(s, tenant, first.invoiceId()).chain(invoice ->
                projection.assignedPlan(s, tenant, first.customerId()).chain(assigned ->
                        projection.plan(s, tenant, first.planId()).chain(plan ->
                                projection.customer(s, tenant, first.customerId()).chain(customer ->
                                projection.activation(s, tenant, first.customerId(), first.invoiceId()).chain(on ->
                                projection.slots(s, tenant, defaultSlots()).chain(slots -> {
                                    Optional<String> blocked = Optional.ofNullable(on.blockedBecause())
                                            .or(() -> recheck(invoice, assigned, first.planId(), plan, customer));
                                    if (blocked.isPresent()) {
                                        return Projection.sequentially(due, d -> skip(s, d, blocked.get(), now))
                                                .replaceWith(0);
                                    }
                                    Schedule.Decision decision = Schedule.decide(due.stream()
                                            .map(d -> new Schedule.Due(d.key(), d.stepId(), d.order(), d.fireDate()))
                                            .toList());
                                    DueRow fire = due.stream().filter(d -> d.key().equals(decision.fire().reminderKey()))
                                            .findFirst().orElseThrow();
                                    PlanEvents.Action action = step(plan.get(), fire.stepId()).action();
                                    Uni<Instant> held = MinimumGap.counts(action)
                                            ? projection.heldByGap(s, tenant, first.customerId(), slots, now)
                                            : Uni.createFrom().nullItem();
                                    return held.chain(until -> until != null
                                            // R7.6: postponed to the end of the gap, not dropped
                                            ? Projection.sequentially(due, d -> postpone(s, d.key(), until))
                                            .replaceWith(0)
                                            : Projection.sequentially(due.stream().filter(d -> d != fire).toList(),
                                                    d -> skip(s, d, "a more advanced step (" + stepName(plan.get(), fire.stepId())
                                                            + ") fired instead", now))
                                            .chain(() -> fire(s, fire, invoice.get(), plan.get(), customer.get(),
                                                    slots.today(now), now))
                                            .chain(() -> MinimumGap.counts(action)
                                                    ? projection.messageSent(s, tenant, first.customerId(),
                                                    slots.today(now)) : Uni.createFrom().voidItem())
                                            .replaceWith(1));
                                }))))));
    }

    /** Re-check at the moment of firing (R7.8): what changed since planning may forbid the step. */
    private static Optional<String> recheck(Optional<InvoiceFacts> invoice, Optional<UUID> assigned, UUID planId,
                                            Optional<Projection.Plan> plan, Optional<Projection.Customer> customer) {
        if (invoice.isEmpty()) {
            return Optional.of("the invoice is unknown");
        }
        if (invoice.get().blockedBecause() != null) {
            return Optional.of(invoice.get().blockedBecause());
        }
        if (assigned.isEmpty() || !assigned.get().equals(planId) || plan.isEmpty()) {
            return Optional.of("the plan is no longer assigned to the customer");
        }
        if (customer.isEmpty()) {
            return Optional.of("the customer is unknown");
        }
        return Optional.empty();
    }

    private Uni<Void> fire(Mutiny.Session s, DueRow d, InvoiceFacts invoice, Projection.Plan plan,
                           Projection.Customer customer, LocalDate today, Instant now) {
        PlanEvents.Step step = plan.steps().stream().filter(x -> x.stepId().equals(d.stepId())).findFirst()
                .orElseThrow();
        ReminderEvents.ReminderStepDue event = ReminderEvents.ReminderStepDue.perInvoice(d.key(), plan.id(), plan.version(),
                step.stepId(), step.name(), step.action(), step.templateKey(),
                new ReminderEvents.CustomerRef(customer.id(), customer.name(), customer.language(),
                        Recipients.of(step.recipients(), customer.contacts(), customer.internalUsers())),
                List.of(new ReminderEvents.InvoiceRef(invoice.invoiceId(), invoice.number(), invoice.issueDate(),
                        invoice.dueDate(), invoice.currency(), invoice.amount(), invoice.outstanding(),
                        invoice.daysLate(today))),
                d.fireDate(), now);
        return mark(s, d, "FIRED", null, now)
                .chain(() -> store.append(s, d.tenant(), d.key(), Envelope.key(d.tenant(), d.customerId()), 0,
                        List.of(new NewEvent(event.type(), event))))
                .chain(() -> lateness.levelReached(s, d.tenant(), new LatenessEvents.EscalationLevelReached(
                        d.customerId(), plan.id(), step.stepId(), step.name(), step.action(),
                        List.of(invoice.invoiceId()), today)))
                .replaceWithVoid();
    }

    private Uni<Void> skip(Mutiny.Session s, DueRow d, String reason, Instant now) {
        ReminderEvents.ReminderStepSkipped event = new ReminderEvents.ReminderStepSkipped(d.key(), d.planId(),
                d.stepId(), null, d.customerId(), d.invoiceId(), reason, now, d.fireDate(),
                PlanEvents.PlanType.ESCALATION_PER_INVOICE);
        return mark(s, d, "SKIPPED", reason, now)
                .chain(() -> store.append(s, d.tenant(), d.key(), Envelope.key(d.tenant(), d.customerId()), 0,
                        List.of(new NewEvent(event.type(), event))))
                .replaceWithVoid();
    }

    private static Uni<Void> mark(Mutiny.Session s, DueRow d, String status, String reason, Instant now) {
        // a decided step keeps when it was decided as its time: the record the event store can give back
        return s.createNativeQuery("UPDATE schedule SET status = :st, reason = :r, decided_at = :at, fire_at = :at "
                        + "WHERE reminder_key = :k AND status = 'PENDING'")
                .setParameter("st", status).setParameter("r", reason).setParameter("at", now.atOffset(ZoneOffset.UTC))
                .setParameter("k", d.key()).executeUpdate()
                .invoke(n -> {
                    if (n != 1) {
                        throw new IllegalStateException("reminder " + d.key() + " was decided concurrently");
                    }
                }).replaceWithVoid();
    }

    private static PlanEvents.Step step(Projection.Plan plan, UUID stepId) {
        return plan.steps().stream().filter(x -> x.stepId().equals(stepId)).findFirst().orElseThrow();
    }

    private static Uni<Void> postpone(Mutiny.Session s, String key, Instant until) {
        return s.createNativeQuery("UPDATE schedule SET fire_at = :at WHERE reminder_key = :k AND status = 'PENDING'")
                .setParameter("at", until.atOffset(ZoneOffset.UTC)).setParameter("k", key).executeUpdate()
                .replaceWithVoid();
    }

    private static String stepName(Projection.Plan plan, UUID stepId) {
        return plan.steps().stream().filter(x -> x.stepId().equals(stepId)).map(PlanEvents.Step::name).findFirst()
                .orElse(stepId.toString());
    }
}
