package org.dunning.platform.eventstore;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.dunning.contract.EventCodec;
import org.dunning.platform.domain.Conflict;
import org.dunning.platform.persistence.Sql;
import org.dunning.platform.persistence.SqlValues;
import org.hibernate.reactive.mutiny.Mutiny;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Append-only event streams with optimistic concurrency ({@code UNIQUE(tenant_id, stream_id, version)}). It is also
 * the outbox: {@link org.dunning.platform.outbox.OutboxRelay} publishes what was appended after the commit. All calls
 * run in the caller's Hibernate Reactive session, so read models written in the same transaction commit with the
 * events or not at all.
 */
@ApplicationScoped
public class EventStore {

    public static final int SCHEMA_VERSION = 1;

    private final Clock clock;
    private final ObjectMapper json = EventCodec.mapper();

    public EventStore(Clock clock) {
        this.clock = clock;
    }

    /** The stream's events in version order; empty if it does not exist for this tenant. */
    public Uni<List<StoredEvent>> load(Mutiny.Session session, String tenantId, String streamId) {
        return Sql.of(session, "SELECT position, event_id, version, type, schema_version, data::text, "
                        + "partition_key, occurred_at FROM events WHERE tenant_id = :tenant AND stream_id = :stream "
                        + "ORDER BY version")
                .setParameter("tenant", tenantId).setParameter("stream", streamId)
                .getResultList()
                .map(rows -> rows.stream().map(r -> new StoredEvent(((Number) r[0]).longValue(), (UUID) r[1],
                        tenantId, streamId, ((Number) r[2]).longValue(), (String) r[3], ((Number) r[4]).intValue(),
                        (String) r[5], (String) r[6], SqlValues.instant(r[7]))).toList());
    }

    /**
     * Appends {@code events} after {@code expectedVersion} (0 for a new stream). Fails with {@link Conflict} if
     * another writer appended first.
     */
    public Uni<List<StoredEvent>> append(Mutiny.Session session, String tenantId, String streamId, String partitionKey,
                                         long expectedVersion, List<NewEvent> events) {
        // one command, one stream: losing the race refuses the command (409), it is not decided again here
        return appendAll(session, List.of(new Pending(tenantId, streamId, partitionKey, expectedVersion, events)))
                .onFailure(ConcurrentAppend.class)
                .transform(f -> new Conflict("stream " + streamId + " was changed concurrently; expected version "
                        + expectedVersion + ", reload and retry"));
    }

    /** Events to append to one stream after {@code expectedVersion}. */
    public record Pending(String tenantId, String streamId, String partitionKey, long expectedVersion,
                          List<NewEvent> events) {
    }

    /**
     * Appends the events of many streams in one statement, in the order given (so their positions, and the order
     * the relay publishes them in, follow it); several entries for one stream follow each other's versions. If
     * another writer appended to one of the streams after it was loaded, the whole append fails with
     * {@link ConcurrentAppend}: the caller reloads and decides again.
     */
    public Uni<List<StoredEvent>> appendAll(Mutiny.Session session, List<Pending> pending) {
        Instant now = clock.instant();
        List<StoredEvent> stored = new ArrayList<>();
        // the trace each event belongs to, kept in its metadata for the relay (null: none)
        List<String> traces = new ArrayList<>();
        String current = org.dunning.platform.tracing.Traces.current();
        for (Pending p : pending) {
            long version = p.expectedVersion();
            for (NewEvent e : p.events()) {
                stored.add(new StoredEvent(0, UUID.randomUUID(), p.tenantId(), p.streamId(), ++version, e.type(),
                        SCHEMA_VERSION, write(e.data()), p.partitionKey(), now));
                traces.add(e.traceParent() != null ? e.traceParent() : current);
            }
        }
        if (stored.isEmpty()) {
            return Uni.createFrom().item(stored);
        }
        return Sql.of(session, "INSERT INTO events (event_id, tenant_id, stream_id, version, type, "
                        + "schema_version, data, partition_key, occurred_at, metadata) SELECT e.id, e.tenant, e.stream, "
                        + "e.v, e.t, :schemaVersion, cast(e.d as jsonb), e.k, :at, CASE WHEN e.tp IS NULL THEN "
                        + "'{}'::jsonb ELSE jsonb_build_object('traceparent', e.tp) END FROM unnest(cast(:ids as uuid[]), "
                        + "cast(:tenants as text[]), cast(:streams as text[]), cast(:versions as bigint[]), "
                        + "cast(:types as text[]), cast(:data as text[]), cast(:keys as text[]), cast(:traces as text[])) "
                        + "WITH ORDINALITY AS e(id, tenant, stream, v, t, d, k, tp, n) ORDER BY e.n")
                .setParameter("ids", stored.stream().map(StoredEvent::eventId).toArray(UUID[]::new))
                .setParameter("tenants", stored.stream().map(StoredEvent::tenantId).toArray(String[]::new))
                .setParameter("streams", stored.stream().map(StoredEvent::streamId).toArray(String[]::new))
                .setParameter("versions", stored.stream().map(StoredEvent::version).toArray(Long[]::new))
                .setParameter("types", stored.stream().map(StoredEvent::type).toArray(String[]::new))
                .setParameter("data", stored.stream().map(StoredEvent::data).toArray(String[]::new))
                .setParameter("keys", stored.stream().map(StoredEvent::partitionKey).toArray(String[]::new))
                .setParameter("traces", traces.toArray(String[]::new))
                .setParameter("schemaVersion", SCHEMA_VERSION).setParameter("at", now.atOffset(ZoneOffset.UTC))
                .executeUpdate()
                .onFailure(EventStore::isUniqueViolation).transform(f -> new ConcurrentAppend(pending.size()))
                .replaceWith(stored);
    }

    /**
     * Another writer appended to one of a set of streams between their load and the append: a passing failure (the
     * work is decided again on what is there now), unlike {@link Conflict}, which refuses one command.
     */
    public static final class ConcurrentAppend extends RuntimeException {
        ConcurrentAppend(int streams) {
            super("one of " + streams + " streams was changed concurrently; reload and decide again");
        }
    }

    /** The events of many streams (tenant and stream id at the same index), ordered by stream and version. */
    public Uni<List<StoredEvent>> loadAll(Mutiny.Session session, List<String> tenants, List<String> streams) {
        if (streams.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return Sql.of(session, "SELECT e.position, e.event_id, e.version, e.type, e.schema_version, "
                        + "e.data::text, e.partition_key, e.occurred_at, e.tenant_id, e.stream_id FROM events e JOIN "
                        + "unnest(cast(:tenants as text[]), cast(:streams as text[])) AS s(tenant, stream) ON "
                        + "e.tenant_id = s.tenant AND e.stream_id = s.stream ORDER BY e.tenant_id, e.stream_id, "
                        + "e.version")
                .setParameter("tenants", tenants.toArray(String[]::new))
                .setParameter("streams", streams.toArray(String[]::new))
                .getResultList()
                .map(rows -> rows.stream().map(r -> new StoredEvent(((Number) r[0]).longValue(), (UUID) r[1],
                        (String) r[8], (String) r[9], ((Number) r[2]).longValue(), (String) r[3],
                        ((Number) r[4]).intValue(), (String) r[5], (String) r[6], SqlValues.instant(r[7]))).toList());
    }

    /** What a command did: the state it saw, the state after, and the events it appended (none: it changed nothing). */
    public record Decided<S, E>(S before, S after, List<E> events) {
    }

    /**
     * Runs a command on a stream: replays it, checks {@code ifMatch} (the If-Match version, null for none), decides,
     * and appends at the version it read, so a concurrent writer makes one of the two fail with {@link Conflict}.
     * A decision without events appends nothing.
     */
    public <S, E> Uni<Decided<S, E>> execute(Mutiny.Session session, String tenantId, String streamId,
                                            String partitionKey, DomainEvents<E> types, Evolver<S, E> evolver,
                                            Long ifMatch, java.util.function.Function<S, List<E>> decide) {
        return load(session, tenantId, streamId).chain(stored -> {
            S before = evolver.initial();
            for (E e : types.readAll(stored)) {
                before = evolver.evolve(before, e);
            }
            long version = evolver.version(before);
            if (ifMatch != null && ifMatch != version) {
                throw new org.dunning.platform.domain.PreconditionFailed(streamId, ifMatch, version);
            }
            List<E> events = decide.apply(before);
            S after = before;
            for (E e : events) {
                after = evolver.evolve(after, e);
            }
            Decided<S, E> decided = new Decided<>(before, after, events);
            if (events.isEmpty()) {
                return Uni.createFrom().item(decided);
            }
            return append(session, tenantId, streamId, partitionKey, version, NewEvent.of(events)).replaceWith(decided);
        });
    }

    private String write(Object data) {
        try {
            return json.writeValueAsString(data);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write event data " + data.getClass(), e);
        }
    }

    public static boolean isUniqueViolation(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            String m = String.valueOf(c.getMessage());
            if (m.contains("23505") || m.contains("duplicate key")) {
                return true;
            }
        }
        return false;
    }
}
