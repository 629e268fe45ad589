package org.dunning.platform.outbox;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import io.smallrye.reactive.messaging.kafka.KafkaProducer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.dunning.contract.Envelope;
import org.dunning.contract.EventCodec;
import org.dunning.contract.EventTypes;
import org.dunning.platform.eventstore.StoredEvent;
import org.dunning.platform.time.Periodic;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Publishes the event store to Kafka after commit, at least once and in order per stream: it takes the events queued
 * in {@code outbox} (the database queues every inserted event there, see {@code V1_4__outbox_queue.sql}) in position
 * order, sends them with their CloudEvents headers, waits for every acknowledgement and only then deletes their
 * positions from the queue, all inside one transaction that holds an advisory lock, so one replica relays at a time.
 * A crash before the delete re-sends the batch (consumers are idempotent); nothing is lost. An event row is written
 * once and never updated (marking each one published was a new version of a wide row and three index entries).
 */
@ApplicationScoped
public class OutboxRelay {

    private static final long LOCK_ID = 0x0D0_0B0_0001L;

    private final Pool pool;
    private final KafkaClientService clients;
    private volatile KafkaProducer<String, String> producer;
    private final OutboxMapper mapper;
    private final String source;
    private final int batchSize;
    private final org.dunning.platform.metrics.Meters meters;
    private final io.vertx.core.Vertx vertx;
    private final Duration interval;
    private volatile Periodic looks;

    // The emitter is never sent to: it is the channel's upstream, which keeps the channel 'outbox' and its producer
    // (made from the channel's configuration) in the graph; the relay hands its records to that producer directly.
    public OutboxRelay(Pool pool, @Channel("outbox") MutinyEmitter<String> emitter, KafkaClientService clients,
                       OutboxMapper mapper, org.dunning.platform.metrics.Meters meters,
                       io.vertx.core.Vertx vertx,
                       @ConfigProperty(name = "quarkus.application.name") String application,
                       @ConfigProperty(name = "dunning.outbox.batch-size", defaultValue = "2000") int batchSize,
                       @ConfigProperty(name = "dunning.outbox.interval", defaultValue = "0.25s") Duration interval) {
        this.vertx = vertx;
        this.interval = interval;
        this.pool = pool;
        this.clients = clients;
        this.mapper = mapper;
        this.source = "dunning/" + application;
        this.batchSize = batchSize;
        this.meters = meters;
    }

    /**
     * Looks every {@code dunning.outbox.interval} from a second after the start ({@link Periodic}: Quarkus's scheduler
     * would look once a second whatever the interval, holding every event up to a second before it is published). A
     * look while a drain still runs is skipped: the drain relays what came meanwhile.
     */
    void start(@Observes StartupEvent started) {
        looks = Periodic.start(vertx, Duration.ofSeconds(1), interval, "outbox relay", this::drain);
    }

    void stop(@Observes ShutdownEvent stopping) {
        if (looks != null) {
            looks.stop();
        }
    }

    /** Relays until nothing is left; returns how many events were published. */
    public Uni<Integer> drain() {
        return drainAfter(0);
    }

    /**
     * Batch after batch: the first from the start of the queue, each next one after the last position the one before
     * relayed. The queue's index keeps the entries of deleted positions until a vacuum, and a scan from the start
     * walks every one of them (under load, with other transactions open, it cannot even mark them dead), so a drain
     * that started from the start each time spent more on the entries it had deleted than on the events (a round of
     * the engine bench: 2 of PostgreSQL's 4 CPU seconds). A position below the last one relayed that commits late (its
     * transaction took it earlier) is relayed by the next look, which starts from the start again.
     */
    private Uni<Integer> drainAfter(long after) {
        return relayBatch(after).flatMap(b -> b.count() < batchSize ? Uni.createFrom().item(b.count())
                : drainAfter(b.last()).map(m -> b.count() + m));
    }

    /** A batch relayed: how many positions it dequeued, and the last of them. */
    record Relayed(int count, long last) {
    }

    Uni<Relayed> relayBatch(long after) {
        return pool.withTransaction(conn -> conn.query("SELECT pg_try_advisory_xact_lock(" + LOCK_ID + ")").execute()
                .flatMap(lock -> lock.iterator().next().getBoolean(0)
                        ? publishPending(conn, after)
                        : Uni.createFrom().item(new Relayed(0, after))));
    }

    private Uni<Relayed> publishPending(SqlConnection conn, long after) {
        return conn.preparedQuery("SELECT e.position, e.event_id, e.tenant_id, e.stream_id, e.version, e.type, "
                        + "e.schema_version, e.data::text AS data, e.partition_key, e.occurred_at, "
                        + "e.metadata->>'traceparent' AS traceparent, o.position AS queued FROM (SELECT position FROM "
                        + "outbox WHERE position > $2 ORDER BY position LIMIT $1) AS o LEFT JOIN events e ON "
                        + "e.position = o.position ORDER BY o.position")
                .execute(Tuple.of(batchSize, after))
                .flatMap(rows -> {
                    List<StoredEvent> events = new ArrayList<>();
                    List<Long> queued = new ArrayList<>();
                    java.util.Map<Long, String> traces = new java.util.HashMap<>();
                    rows.forEach(r -> {
                        queued.add(r.getLong("queued"));
                        if (r.getLong("position") == null) {
                            return; // its event is gone (nothing deletes events; a hand-made cleanup may): dequeued
                        }
                        events.add(toStored(r));
                        if (r.getString("traceparent") != null) {
                            traces.put(r.getLong("position"), r.getString("traceparent"));
                        }
                    });
                    if (queued.isEmpty()) {
                        return Uni.createFrom().item(new Relayed(0, after));
                    }
                    List<ProducerRecord<String, String>> records = new ArrayList<>(events.size());
                    List<String> types = new ArrayList<>();
                    for (StoredEvent e : events) {
                        mapper.map(e).ifPresent(out -> {
                            records.add(record(e, out, traces.get(e.position())));
                            types.add(out.event().type());
                        });
                    }
                    io.vertx.core.Context context = vertx.getOrCreateContext();
                    Uni<Void> all = publish(records).emitOn(run -> context.runOnContext(v -> run.run()));
                    Long[] positions = queued.toArray(Long[]::new);
                    return all.chain(() -> conn.preparedQuery("DELETE FROM outbox WHERE position = ANY($1)")
                            .execute(Tuple.of(positions)))
                            .invoke(() -> types.forEach(meters::published))
                            .replaceWith(new Relayed(queued.size(), queued.get(queued.size() - 1)));
                });
    }

    /**
     * Sends the batch's records on the channel's sending thread and completes once Kafka has acknowledged every one of
     * them, or fails with the first failure. The channel's producer (its configuration: acks=all, idempotence, linger,
     * batch size) is used directly: sent through the emitter, each record carried a message, its metadata, a pipeline
     * of its own and the captured context until the batch's last acknowledgement (a 100,000 morning took
     * escalation-service 25.2 CPU seconds that way, 16.1 this way).
     */
    private Uni<Void> publish(List<ProducerRecord<String, String>> records) {
        if (records.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return producer().runOnSendingThread(p -> {
            CompletableFuture<Void> acknowledged = new CompletableFuture<>();
            AtomicInteger pending = new AtomicInteger(records.size());
            for (ProducerRecord<String, String> r : records) {
                p.send(r, (metadata, failure) -> {
                    if (failure != null) {
                        acknowledged.completeExceptionally(failure);
                    } else if (pending.decrementAndGet() == 0) {
                        acknowledged.complete(null);
                    }
                });
            }
            return acknowledged;
        }).chain(acknowledged -> Uni.createFrom().completionStage(acknowledged));
    }

    private KafkaProducer<String, String> producer() {
        KafkaProducer<String, String> p = producer;
        if (p == null) {
            p = clients.getProducer("outbox");
            if (p == null) {
                throw new IllegalStateException("the Kafka channel 'outbox' has no producer (is it configured?)");
            }
            producer = p;
        }
        return p;
    }

    /** One event as a record, with the trace of the work that made it (the outbox channel adds none of its own). */
    private ProducerRecord<String, String> record(StoredEvent e, Outgoing out, String traceParent) {
        Envelope envelope = new Envelope(e.eventId(), source, out.event().type(), e.streamId(), e.occurredAt(),
                e.tenantId(), e.version(), EventTypes.dataSchema(out.event().type(), EventTypes.SCHEMA_VERSION));
        RecordHeaders headers = new RecordHeaders();
        envelope.toHeaders().forEach((k, v) -> headers.add(k, v.getBytes(StandardCharsets.UTF_8)));
        if (traceParent != null) {
            headers.add(org.dunning.platform.tracing.Traces.HEADER, traceParent.getBytes(StandardCharsets.UTF_8));
        }
        return new ProducerRecord<>(out.topic(), null, out.key(), EventCodec.encode(out.event()), headers);
    }

    private static StoredEvent toStored(Row r) {
        return new StoredEvent(r.getLong("position"), r.getUUID("event_id"), r.getString("tenant_id"),
                r.getString("stream_id"), r.getLong("version"), r.getString("type"), r.getInteger("schema_version"),
                r.getString("data"), r.getString("partition_key"),
                r.getOffsetDateTime("occurred_at").toInstant());
    }
}
