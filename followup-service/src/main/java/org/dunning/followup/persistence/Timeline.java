package org.dunning.followup.persistence;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
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

    public Uni<Boolean> add(Mutiny.Session s, String tenant, Entry e) {
        return s.createNativeQuery("INSERT INTO timeline (tenant_id, customer_id, invoice_ids, at, kind, summary, "
                        + "details, source) VALUES (:t, :c, cast(:ids as uuid[]), :at, :kind, :summary, :details, :source) "
                        + "ON CONFLICT (source) DO NOTHING")
                .setParameter("t", tenant).setParameter("c", e.customerId())
                .setParameter("ids", SqlValues.uuidArray(e.invoiceIds()))
                .setParameter("at", e.at().atOffset(ZoneOffset.UTC)).setParameter("kind", e.kind())
                .setParameter("summary", e.summary()).setParameter("details", Json.write(e.details()))
                .setParameter("source", e.source()).executeUpdate().map(n -> n == 1);
    }
}
