package org.dunning.escalation.projection;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.dunning.contract.EventCodec;
import org.dunning.contract.IntegrationEvent;
import org.dunning.contract.LatenessEvents;
import org.dunning.contract.PlanEvents;
import org.dunning.contract.ReminderEvents;
import org.dunning.contract.Topics;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.hibernate.reactive.mutiny.Mutiny;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * Rebuilds escalation-service's projection (invariant 5): empties its tables, restores every decision the engine made
 * from its own event store (fired and skipped steps and checks, lateness), then replays the invoice and plan topics
 * from the start through the same code the consumers run. The result is the same schedule and the same record; nothing
 * is published again. While it runs the engine does not tick; run it on one instance.
 */
@ApplicationScoped
public class Rebuild {

    private static final Logger LOG = Logger.getLogger(Rebuild.class);

    /** The projection's tables; the event store (the engine's own decisions) and the outbox are kept. */
    static final List<String> TABLES = List.of("schedule", "customer_schedule", "customer_messages", "lateness",
            "credit_notes", "overview_defaults", "overview_assignments", "segment_defaults", "invoice_switches",
            "customer_switches", "tenants", "assignments", "plans", "invoices", "customers");

    public record Report(long decisionsRestored, long recordsReplayed, long millis) {
    }

    private final RebuildState state;
    private final Projection projection;
    private final Lateness lateness;
    private final String bootstrapServers;

    public Rebuild(RebuildState state, Projection projection, Lateness lateness,
                   @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
        this.state = state;
        this.projection = projection;
        this.lateness = lateness;
        this.bootstrapServers = bootstrapServers;
    }

    /**
     * Runs the rebuild on the calling (worker) thread. {@code consumer} is what the projection consumer does with one
     * record, transaction and inbox included; {@code consumerName} its inbox name; {@code defaults} the send slots of
     * a tenant without settings.
     */
    public Report run(String consumerName, Function<ConsumerRecord<String, String>, Uni<Void>> consumer,
                      org.dunning.escalation.domain.SendSlots defaults, Instant now) throws Throwable {
        AtomicBoolean running = state.running;
        if (!running.compareAndSet(false, true)) {
            throw new IllegalStateException("a rebuild is running already");
        }
        long started = System.nanoTime();
        try {
            // emptied and restored in one transaction: a consumer never sees the projection without its record
            long restored = VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> Panache.getSession()
                    .chain(s -> s.createNativeQuery("TRUNCATE " + String.join(", ", TABLES)).executeUpdate()
                            .chain(() -> s.createNativeQuery("DELETE FROM processed_events WHERE consumer = :c")
                                    .setParameter("c", consumerName).executeUpdate())
                            .chain(() -> restoreDecisions(s)))));
            long replayed = 0;
            state.replaying.set(true);
            try {
                for (String topic : List.of(Topics.INVOICE_EVENTS, Topics.PLAN_EVENTS, Topics.FOLLOWUP_EVENTS)) {
                    replayed += replay(topic, consumer);
                }
            } finally {
                state.replaying.set(false);
            }
            VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(
                    () -> Panache.getSession().chain(s -> afterReplay(s, defaults, now))));
            Report report = new Report(restored, replayed, Duration.ofNanos(System.nanoTime() - started).toMillis());
            LOG.infof("projection rebuilt: %s", report);
            return report;
        } finally {
            running.set(false);
        }
    }

    /**
     * What the replay cannot give: the plan order of restored steps, the day of each customer's last automatic
     * message, and the lateness of each customer now (which publishes only a real change).
     */
    private Uni<Void> afterReplay(Mutiny.Session s, org.dunning.escalation.domain.SendSlots defaults, Instant now) {
        return s.createNativeQuery("SELECT reminder_key, tenant_id, plan_id, step_id FROM schedule WHERE step_order < 0",
                        Object[].class).getResultList()
                .chain(rows -> Projection.sequentially(rows, r -> s.createNativeQuery("UPDATE schedule SET step_order = "
                                + "coalesce((SELECT o.ordinality - 1 FROM plans p, jsonb_array_elements(cast(p.steps as "
                                + "jsonb)) WITH ORDINALITY o(step, ordinality) WHERE p.tenant_id = :t AND p.id = :p AND "
                                + "o.step ->> 'stepId' = cast(:step as text)), 0) WHERE reminder_key = :k")
                        .setParameter("t", r[1]).setParameter("p", r[2]).setParameter("step", r[3].toString())
                        .setParameter("k", r[0]).executeUpdate().replaceWithVoid()))
                .chain(() -> s.createNativeQuery("SELECT tenant_id, data::text FROM events WHERE type = "
                        + "'ReminderStepDue' ORDER BY position", Object[].class).getResultList())
                .chain(rows -> Projection.sequentially(rows, r -> {
                    var due = (ReminderEvents.ReminderStepDue) EventCodec.decode("ReminderStepDue", (String) r[1]);
                    if (due.action() != PlanEvents.Action.AUTO_EMAIL) {
                        return Uni.createFrom().voidItem();
                    }
                    String t = (String) r[0];
                    return projection.slots(s, t, defaults).chain(slots -> projection.messageSent(s, t,
                            due.customer().customerId(), slots.today(due.firedAt())));
                }))
                .chain(() -> s.createNativeQuery("SELECT tenant_id, id FROM customers", Object[].class).getResultList())
                .chain(rows -> Projection.sequentially(rows, r -> projection.slots(s, (String) r[0], defaults)
                        .chain(slots -> lateness.evaluate(s, (String) r[0], (UUID) r[1], slots, now))));
    }

    /** Every decision of the engine, from its own event store, back into the schedule tables. */
    private Uni<Long> restoreDecisions(Mutiny.Session s) {
        return s.createNativeQuery("SELECT tenant_id, stream_id, version, type, data::text FROM events WHERE type IN "
                        + "('ReminderStepDue', 'ReminderStepSkipped', 'CustomerBecameOverdue', 'CustomerBackToCurrent', "
                        + "'EscalationLevelReached') ORDER BY position", Object[].class)
                .getResultList()
                .chain(rows -> Projection.sequentially(rows, r -> restore(s, (String) r[0], (String) r[1],
                        ((Number) r[2]).longValue(), EventCodec.decode((String) r[3], (String) r[4])))
                        .replaceWith((long) rows.size()));
    }

    private static Uni<Void> restore(Mutiny.Session s, String tenant, String stream, long version, IntegrationEvent e) {
        if (e instanceof ReminderEvents.ReminderStepDue d) {
            return decided(s, tenant, d.reminderKey(), d.planType(), d.customer().customerId(),
                    d.invoices().isEmpty() ? null : d.invoices().get(0).invoiceId(), d.planId(), d.stepId(),
                    d.fireDate(), "FIRED", null, d.firedAt());
        }
        if (e instanceof ReminderEvents.ReminderStepSkipped d) {
            return decided(s, tenant, d.reminderKey(), d.planType(), d.customerId(), d.invoiceId(), d.planId(),
                    d.stepId(), d.fireDate() != null ? d.fireDate() : d.skippedAt().atZone(ZoneOffset.UTC).toLocalDate(),
                    "SKIPPED", d.reason(), d.skippedAt());
        }
        UUID customer = UUID.fromString(stream.substring("lateness-".length()));
        String set = e instanceof LatenessEvents.CustomerBecameOverdue ? ", overdue = true, since = excluded.since"
                : e instanceof LatenessEvents.CustomerBackToCurrent ? ", overdue = false, since = NULL" : "";
        return s.createNativeQuery("INSERT INTO lateness (tenant_id, customer_id, overdue, since, version) VALUES (:t, "
                        + ":c, :o, CASE WHEN :o THEN cast(:since as date) END, :v) ON CONFLICT (tenant_id, customer_id) DO UPDATE SET version = "
                        + "excluded.version" + set)
                .setParameter("t", tenant).setParameter("c", customer)
                .setParameter("o", e instanceof LatenessEvents.CustomerBecameOverdue)
                .setParameter("since", e instanceof LatenessEvents.CustomerBecameOverdue b ? b.since()
                        : java.time.LocalDate.EPOCH)
                .setParameter("v", version).executeUpdate().replaceWithVoid();
    }

    private static Uni<Void> decided(Mutiny.Session s, String tenant, String key, PlanEvents.PlanType type,
                                     UUID customer, UUID invoice, UUID plan, UUID step, java.time.LocalDate day,
                                     String status, String reason, Instant at) {
        boolean perInvoice = type == null || type == PlanEvents.PlanType.ESCALATION_PER_INVOICE;
        var q = perInvoice
                ? s.createNativeQuery("INSERT INTO schedule (reminder_key, tenant_id, invoice_id, customer_id, plan_id, "
                        + "step_id, step_order, fire_date, fire_at, status, reason, decided_at) VALUES (:k, :t, :i, :c, "
                        + ":p, :step, -1, :day, :at, :st, :r, :at) ON CONFLICT (reminder_key) DO NOTHING")
                .setParameter("i", invoice)
                : s.createNativeQuery("INSERT INTO customer_schedule (reminder_key, tenant_id, customer_id, plan_id, "
                        + "plan_type, check_date, fire_at, status, step_id, reason, decided_at) VALUES (:k, :t, :c, :p, "
                        + ":type, :day, :at, :st, :step, :r, :at) ON CONFLICT (reminder_key) DO NOTHING")
                .setParameter("type", type.name());
        // an overview has no levels: its event names the plan as its step, its record names none
        UUID recordedStep = type == PlanEvents.PlanType.RECURRING_OVERVIEW ? null : step;
        return q.setParameter("k", key).setParameter("t", tenant).setParameter("c", customer).setParameter("p", plan)
                .setParameter("step", recordedStep).setParameter("day", day).setParameter("at", at.atOffset(ZoneOffset.UTC))
                .setParameter("st", status).setParameter("r", reason).executeUpdate().replaceWithVoid();
    }

    /** Every record of the topic, from the start to its end at the time of the call, in partition order. */
    private long replay(String topic, Function<ConsumerRecord<String, String>, Uni<Void>> consumer) throws Throwable {
        try (KafkaConsumer<String, String> kafka = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500), new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            kafka.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            kafka.assign(partitions);
            kafka.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = kafka.endOffsets(partitions);
            long n = 0;
            while (partitions.stream().anyMatch(p -> kafka.position(p) < end.get(p))) {
                for (ConsumerRecord<String, String> r : kafka.poll(Duration.ofMillis(500))) {
                    if (r.offset() < end.get(new TopicPartition(r.topic(), r.partition()))) {
                        VertxContextSupport.subscribeAndAwait(() -> consumer.apply(r)
                                .onFailure().recoverWithItem(f -> {
                                    LOG.warnf("rebuild: record %s-%d@%d not applied: %s", r.topic(), r.partition(),
                                            r.offset(), f.toString());
                                    return null;
                                }));
                        n++;
                    }
                }
            }
            return n;
        }
    }
}
