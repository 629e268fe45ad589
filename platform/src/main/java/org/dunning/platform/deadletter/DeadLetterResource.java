package org.dunning.platform.deadletter;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.dunning.platform.domain.Conflict;
import org.dunning.platform.domain.NotFound;
import org.dunning.platform.domain.ValidationFailed;
import org.dunning.platform.tenant.Tenant;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponseSchema;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Operating the dead letters of this service: list them with their reasons, inspect one, and replay it to the topic
 * it came from once its cause is fixed (a consumer that refused it for a bug, a fact that came before what it needs).
 * Consumers are idempotent, so a record replayed that was applied after all changes nothing. Each replay is recorded
 * (who, when, where it went) and a second one needs {@code again=true}. A tenant's {@code admin} sees its own
 * tenant's dead letters (by the record's {@code ce_tenantid} header or the tenant in its key); an {@code operator}
 * sees all, including records that name no tenant.
 */
@Path("/admin/dead-letters")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({"admin", "operator"})
public class DeadLetterResource {

    private static final Logger LOG = Logger.getLogger(DeadLetterResource.class);

    /** A dead letter in a list. */
    public record Summary(String topic, int partition, long offset, Instant timestamp, String key, String tenant,
                          String reason, String exception, DeadLetter.Source source, List<Replay> replays) {
    }

    /** A dead letter whole: the record as received and every header. */
    public record Detail(String topic, int partition, long offset, Instant timestamp, String key, String tenant,
                         String reason, String exception, DeadLetter.Source source, List<Replay> replays, String value,
                         Map<String, String> headers) {
    }

    /** The dead letters, newest first. */
    public record Listing(List<Summary> items, List<String> topics, int scannedPerTopic) {
    }

    /** A replay: the dead letter, where it was sent, when and by whom. */
    public record Replay(String deadLetter, String targetTopic, int targetPartition, long targetOffset,
                         Instant replayedAt, String replayedBy) {
    }

    private final DeadLetterTopics topics;
    private final Pool pool;
    private final Tenant tenant;
    private final SecurityIdentity identity;
    private final Clock clock;

    public DeadLetterResource(DeadLetterTopics topics, Pool pool, Tenant tenant, SecurityIdentity identity,
                              Clock clock) {
        this.topics = topics;
        this.pool = pool;
        this.tenant = tenant;
        this.identity = identity;
        this.clock = clock;
    }

    @GET
    @Operation(summary = "The dead letters of this service, newest first (topic: one of its dead-letter topics; limit "
            + "1 to 500, default 100; at most the first 10,000 records of a topic are read)")
    public Uni<Listing> list(@QueryParam("topic") String topic, @QueryParam("limit") @DefaultValue("100") int limit) {
        if (limit < 1 || limit > 500) {
            throw ValidationFailed.of("limit", "between 1 and 500");
        }
        List<String> read = topic == null || topic.isBlank() ? topics.topics() : List.of(known(topic));
        String caller = tenant.id();
        boolean all = identity.hasRole("operator");
        return blocking(() -> {
            List<DeadLetter> letters = new ArrayList<>();
            read.forEach(t -> topics.read(t).stream().map(DeadLetter::of).filter(d -> d.visibleTo(caller, all))
                    .forEach(letters::add));
            letters.sort(Comparator.comparing(DeadLetter::timestamp).reversed()
                    .thenComparing(DeadLetter::offset, Comparator.reverseOrder()));
            return letters.size() > limit ? List.copyOf(letters.subList(0, limit)) : letters;
        }).flatMap(letters -> replays(read).map(replays -> new Listing(letters.stream()
                .map(d -> summary(d, replays)).toList(), read, DeadLetterTopics.SCAN)));
    }

    @GET
    @Path("/{topic}/{partition}/{offset}")
    @Operation(summary = "One dead letter: the record as received (key, value, headers), why it was refused, where it "
            + "came from, and its replays")
    public Uni<Detail> get(@PathParam("topic") String topic, @PathParam("partition") int partition,
                           @PathParam("offset") long offset) {
        return load(topic, partition, offset).flatMap(d -> replays(List.of(d.topic())).map(replays -> {
            List<Replay> mine = of(d, replays);
            return new Detail(d.topic(), d.partition(), d.offset(), d.timestamp(), d.key(), d.tenant(), d.reason(),
                    d.exception(), d.source(), mine, d.value(), d.headers());
        }));
    }

    @POST
    @Path("/{topic}/{partition}/{offset}/replay")
    @Operation(summary = "Send the dead letter back to the topic it came from, as it was received (again=true: once "
            + "more after an earlier replay); the replay is recorded")
    @APIResponseSchema(value = Replay.class, responseCode = "201", responseDescription = "Replayed and recorded")
    public Uni<Response> replay(@PathParam("topic") String topic, @PathParam("partition") int partition,
                                @PathParam("offset") long offset, @QueryParam("again") @DefaultValue("false") boolean again) {
        String by = tenant.user() + " (" + tenant.id() + ")";
        return load(topic, partition, offset).flatMap(d -> replays(List.of(d.topic())).flatMap(replays -> {
            List<Replay> before = of(d, replays);
            if (!before.isEmpty() && !again) {
                Replay last = before.get(before.size() - 1);
                throw new Conflict("dead letter " + name(d) + " was replayed at " + last.replayedAt() + " by "
                        + last.replayedBy() + "; to replay it once more, again=true");
            }
            var record = replayable(d);
            return blocking(() -> topics.send(record)).flatMap(sent -> record(d, sent, by));
        })).map(r -> Response.status(Response.Status.CREATED).entity(r).build());
    }

    private static org.apache.kafka.clients.producer.ProducerRecord<String, String> replayable(DeadLetter d) {
        try {
            return d.replay();
        } catch (IllegalStateException e) {
            throw new Conflict("dead letter " + name(d) + " cannot be replayed: " + e.getMessage());
        }
    }

    private Uni<Replay> record(DeadLetter d, RecordMetadata sent, String by) {
        Instant at = clock.instant();
        LOG.infof("dead letter %s replayed to %s-%d@%d by %s", name(d), sent.topic(), sent.partition(), sent.offset(), by);
        return pool.preparedQuery("INSERT INTO dead_letter_replays (dead_letter_topic, dead_letter_partition, "
                        + "dead_letter_offset, tenant_id, target_topic, target_partition, target_offset, replayed_at, "
                        + "replayed_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)")
                .execute(Tuple.from(List.of(d.topic(), d.partition(), d.offset(), d.tenant() == null ? "" : d.tenant(),
                        sent.topic(), sent.partition(), sent.offset(), at.atOffset(ZoneOffset.UTC), by)))
                .replaceWith(new Replay(name(d), sent.topic(), sent.partition(), sent.offset(), at, by));
    }

    private Uni<DeadLetter> load(String topic, int partition, long offset) {
        String t = known(topic);
        String caller = tenant.id();
        boolean all = identity.hasRole("operator");
        return blocking(() -> topics.find(t, partition, offset).map(DeadLetter::of)
                .filter(d -> d.visibleTo(caller, all))
                .orElseThrow(() -> new NotFound("dead letter", t + "/" + partition + "/" + offset)));
    }

    private Uni<List<Replay>> replays(List<String> deadLetterTopics) {
        return pool.preparedQuery("SELECT dead_letter_topic, dead_letter_partition, dead_letter_offset, target_topic, "
                        + "target_partition, target_offset, replayed_at, replayed_by FROM dead_letter_replays "
                        + "WHERE dead_letter_topic = ANY($1) ORDER BY id")
                .execute(Tuple.of(deadLetterTopics.toArray(String[]::new)))
                .map(rows -> {
                    List<Replay> out = new ArrayList<>();
                    for (Row r : rows) {
                        out.add(new Replay(r.getString(0) + "/" + r.getInteger(1) + "/" + r.getLong(2), r.getString(3),
                                r.getInteger(4), r.getLong(5), r.getOffsetDateTime(6).toInstant(), r.getString(7)));
                    }
                    return out;
                });
    }

    private String known(String topic) {
        if (!topics.topics().contains(topic)) {
            throw new NotFound("dead-letter topic", topic + " (this service's: " + String.join(", ", topics.topics()) + ")");
        }
        return topic;
    }

    private static Summary summary(DeadLetter d, List<Replay> replays) {
        return new Summary(d.topic(), d.partition(), d.offset(), d.timestamp(), d.key(), d.tenant(), d.reason(),
                d.exception(), d.source(), of(d, replays));
    }

    private static List<Replay> of(DeadLetter d, List<Replay> replays) {
        String name = name(d);
        return replays.stream().filter(r -> r.deadLetter().equals(name)).toList();
    }

    private static String name(DeadLetter d) {
        return d.topic() + "/" + d.partition() + "/" + d.offset();
    }

    private static <T> Uni<T> blocking(Supplier<T> work) {
        return Uni.createFrom().item(work).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }
}
