package org.dunning.followup.persistence;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.dunning.platform.persistence.Sql;
import org.dunning.platform.persistence.SqlValues;
import org.hibernate.reactive.mutiny.Mutiny;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

/**
 * Writes the timeline (R5.3) in the caller's transaction. {@code source} is unique — the event id for what came
 * from a topic, the task and its version for what happened here — so a redelivery adds nothing.
 */
@ApplicationScoped
public class Timeline {

    public record Entry(UUID customerId, List<UUID> invoiceIds, Instant at, String kind, String summary,
                        Object details, String source) {
    }

    /** A line of a tenant's timeline. */
    public record Line(String tenant, Entry entry) {
    }

    /** Lines in one statement, in their order; those whose source is there already add nothing. */
    public Uni<Void> addAll(Mutiny.Session s, List<Line> lines) {
        if (lines.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Sql.of(s, "INSERT INTO timeline (tenant_id, customer_id, invoice_ids, at, kind, summary, "
                        + "details, source) SELECT e.t, e.c, cast(e.ids as uuid[]), e.at, e.k, e.s, e.d, e.src FROM "
                        + "unnest(cast(:t as text[]), cast(:c as uuid[]), cast(:ids as text[]), "
                        + "cast(cast(:at as text[]) as timestamptz[]), cast(:k as text[]), cast(:s as text[]), "
                        + "cast(:d as text[]), cast(:src as text[])) WITH ORDINALITY AS e(t, c, ids, at, k, s, d, src, n) "
                        + "ORDER BY e.n ON CONFLICT (source) DO NOTHING")
                .setParameter("t", SqlValues.texts(lines, Line::tenant))
                .setParameter("c", SqlValues.uuids(lines, l -> l.entry().customerId()))
                .setParameter("ids", SqlValues.texts(lines, l -> l.entry().invoiceIds().stream().map(UUID::toString)
                        .collect(java.util.stream.Collectors.joining(",", "{", "}"))))
                .setParameter("at", SqlValues.texts(lines, l -> l.entry().at()))
                .setParameter("k", SqlValues.texts(lines, l -> l.entry().kind()))
                .setParameter("s", SqlValues.texts(lines, l -> l.entry().summary()))
                .setParameter("d", SqlValues.texts(lines, l -> Json.write(l.entry().details())))
                .setParameter("src", SqlValues.texts(lines, l -> l.entry().source()))
                .executeUpdate().replaceWithVoid();
    }

    public Uni<Boolean> add(Mutiny.Session s, String tenant, Entry e) {
        return Sql.of(s, "INSERT INTO timeline (tenant_id, customer_id, invoice_ids, at, kind, summary, "
                        + "details, source) VALUES (:t, :c, cast(:ids as uuid[]), :at, :kind, :summary, :details, :source) "
                        + "ON CONFLICT (source) DO NOTHING")
                .setParameter("t", tenant).setParameter("c", e.customerId())
                .setParameter("ids", SqlValues.uuidArray(e.invoiceIds()))
                .setParameter("at", e.at().atOffset(ZoneOffset.UTC)).setParameter("kind", e.kind())
                .setParameter("summary", e.summary()).setParameter("details", Json.write(e.details()))
                .setParameter("source", e.source()).executeUpdate().map(n -> n == 1);
    }
}
