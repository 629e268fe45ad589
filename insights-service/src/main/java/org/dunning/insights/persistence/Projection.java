package org.dunning.insights.persistence;

import io.smallrye.mutiny.Uni;
import org.dunning.insights.domain.Facts;
import org.dunning.platform.persistence.Sql;
import org.dunning.platform.persistence.SqlValues;
import org.hibernate.reactive.mutiny.Mutiny;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/**
 * Writes a poll's facts of the insights (R8.4) in the caller's transaction, each table once (ARCHITECTURE.md
 * invariant 10): invoices issued, due dates moved, movements (and the day each invoice touched last fell to zero),
 * corrections, closings, reminders fired, reminders sent, plan names — in that order, which gives what the poll's order gives (an invoice is issued before it changes; of
 * several due dates, corrections and names in a poll the last wins, of several closings the first). Every write is
 * keyed by what made it, so a redelivery changes nothing.
 */
public final class Projection {

    /** A fact of a tenant, made by the event {@code eventId}. */
    public record Tagged(String tenant, UUID eventId, Facts.Fact fact) {
    }

    private record Key(String tenant, Object id) {
    }

    public static Uni<Void> applyAll(Mutiny.Session s, List<Tagged> facts) {
        List<Tagged> issued = of(facts, Facts.Issued.class);
        List<Tagged> moved = of(facts, Facts.Moved.class);
        List<Tagged> corrected = last(moved.stream().filter(t -> ((Facts.Moved) t.fact()).correctedAmount() != null)
                .toList(), t -> ((Facts.Moved) t.fact()).invoiceId());
        List<Tagged> dueDates = last(of(facts, Facts.DueDateMoved.class), t -> ((Facts.DueDateMoved) t.fact())
                .invoiceId());
        List<Tagged> closed = first(of(facts, Facts.Closed.class), t -> ((Facts.Closed) t.fact()).invoiceId());
        List<Tagged> fired = of(facts, Facts.Fired.class);
        List<Tagged> sent = of(facts, Facts.Sent.class);
        List<Tagged> named = last(of(facts, Facts.PlanNamed.class), t -> ((Facts.PlanNamed) t.fact()).planId());
        return run(issued, x -> Sql.of(s, "INSERT INTO invoices (tenant_id, invoice_id, customer_id, "
                        + "currency, issue_date, due_date, amount) SELECT * FROM unnest(cast(:t as text[]), "
                        + "cast(:i as uuid[]), cast(:c as uuid[]), cast(:cur as text[]), cast(cast(:issued as text[]) "
                        + "as date[]), cast(cast(:due as text[]) as date[]), cast(cast(:amount as text[]) as numeric[])) "
                        + "ON CONFLICT (tenant_id, invoice_id) DO NOTHING")
                .setParameter("t", SqlValues.texts(x, Tagged::tenant))
                .setParameter("i", SqlValues.uuids(x, t -> issued(t).invoiceId()))
                .setParameter("c", SqlValues.uuids(x, t -> issued(t).customerId()))
                .setParameter("cur", SqlValues.texts(x, t -> issued(t).currency()))
                .setParameter("issued", SqlValues.texts(x, t -> issued(t).issueDate()))
                .setParameter("due", SqlValues.texts(x, t -> issued(t).dueDate()))
                .setParameter("amount", SqlValues.texts(x, t -> issued(t).amount().toPlainString())))
                .chain(() -> run(dueDates, x -> Sql.of(s, "UPDATE invoices i SET due_date = u.d FROM unnest("
                                + "cast(:t as text[]), cast(:i as uuid[]), cast(cast(:d as text[]) as date[])) AS "
                                + "u(t, id, d) WHERE i.tenant_id = u.t AND i.invoice_id = u.id")
                        .setParameter("t", SqlValues.texts(x, Tagged::tenant))
                        .setParameter("i", SqlValues.uuids(x, t -> ((Facts.DueDateMoved) t.fact()).invoiceId()))
                        .setParameter("d", SqlValues.texts(x, t -> ((Facts.DueDateMoved) t.fact()).dueDate()))))
                .chain(() -> run(moved, x -> Sql.of(s, "INSERT INTO movements (event_id, tenant_id, "
                                + "invoice_id, on_day, kind, amount, outstanding_after) SELECT e, t, i, d, k, a, o FROM "
                                + "unnest(cast(:e as uuid[]), cast(:t as text[]), cast(:i as uuid[]), cast(cast(:d as "
                                + "text[]) as date[]), cast(:k as text[]), cast(cast(:a as text[]) as numeric[]), "
                                + "cast(cast(:o as text[]) as numeric[])) WITH ORDINALITY AS u(e, t, i, d, k, a, o, n) "
                                + "ORDER BY n ON CONFLICT (event_id) DO NOTHING")
                        .setParameter("e", SqlValues.uuids(x, Tagged::eventId))
                        .setParameter("t", SqlValues.texts(x, Tagged::tenant))
                        .setParameter("i", SqlValues.uuids(x, t -> moved(t).invoiceId()))
                        .setParameter("d", SqlValues.texts(x, t -> moved(t).movement().on()))
                        .setParameter("k", SqlValues.texts(x, t -> moved(t).movement().kind().name()))
                        .setParameter("a", SqlValues.texts(x, t -> moved(t).movement().amount().toPlainString()))
                        .setParameter("o", SqlValues.texts(x, t -> moved(t).movement().outstandingAfter()
                                .toPlainString()))))
                .chain(() -> run(last(moved, t -> moved(t).invoiceId()), x -> Sql.of(s, "UPDATE invoices i "
                                + "SET zero_since = l.z FROM (SELECT DISTINCT ON (m.tenant_id, m.invoice_id) m.tenant_id, "
                                + "m.invoice_id, CASE WHEN m.outstanding_after <= 0 THEN m.on_day END AS z FROM movements "
                                + "m JOIN unnest(cast(:t as text[]), cast(:i as uuid[])) AS u(t, id) ON m.tenant_id = "
                                + "u.t AND m.invoice_id = u.id ORDER BY m.tenant_id, m.invoice_id, m.on_day DESC, m.seq "
                                + "DESC) l WHERE i.tenant_id = l.tenant_id AND i.invoice_id = l.invoice_id")
                        .setParameter("t", SqlValues.texts(x, Tagged::tenant))
                        .setParameter("i", SqlValues.uuids(x, t -> moved(t).invoiceId()))))
                .chain(() -> run(corrected, x -> Sql.of(s, "UPDATE invoices i SET amount = u.a FROM unnest("
                                + "cast(:t as text[]), cast(:i as uuid[]), cast(cast(:a as text[]) as numeric[])) AS "
                                + "u(t, id, a) WHERE i.tenant_id = u.t AND i.invoice_id = u.id")
                        .setParameter("t", SqlValues.texts(x, Tagged::tenant))
                        .setParameter("i", SqlValues.uuids(x, t -> moved(t).invoiceId()))
                        .setParameter("a", SqlValues.texts(x, t -> moved(t).correctedAmount().toPlainString()))))
                .chain(() -> run(closed, x -> Sql.of(s, "UPDATE invoices i SET closed_on = u.d FROM unnest("
                                + "cast(:t as text[]), cast(:i as uuid[]), cast(cast(:d as text[]) as date[])) AS "
                                + "u(t, id, d) WHERE i.tenant_id = u.t AND i.invoice_id = u.id AND i.closed_on IS NULL")
                        .setParameter("t", SqlValues.texts(x, Tagged::tenant))
                        .setParameter("i", SqlValues.uuids(x, t -> ((Facts.Closed) t.fact()).invoiceId()))
                        .setParameter("d", SqlValues.texts(x, t -> ((Facts.Closed) t.fact()).on()))))
                .chain(() -> run(fired, x -> Sql.of(s, "INSERT INTO reminders (tenant_id, reminder_key, "
                                + "plan_id, step_id, step_name, variant, template_key, invoice_ids, sent_on) SELECT t, k, "
                                + "p, st, n, v, tk, cast(ids as uuid[]), cast(d as date) FROM unnest(cast(:t as text[]), "
                                + "cast(:k as text[]), cast(:p as uuid[]), cast(:st as uuid[]), cast(:n as text[]), "
                                + "cast(:v as text[]), cast(:tk as text[]), cast(:ids as text[]), cast(:d as text[])) AS "
                                + "u(t, k, p, st, n, v, tk, ids, d) ON CONFLICT (tenant_id, reminder_key) DO NOTHING")
                        .setParameter("t", SqlValues.texts(x, Tagged::tenant))
                        .setParameter("k", SqlValues.texts(x, t -> fired(t).reminderKey()))
                        .setParameter("p", SqlValues.uuids(x, t -> fired(t).planId()))
                        .setParameter("st", SqlValues.uuids(x, t -> fired(t).stepId()))
                        .setParameter("n", SqlValues.texts(x, t -> fired(t).stepName()))
                        .setParameter("v", SqlValues.texts(x, t -> fired(t).variant()))
                        .setParameter("tk", SqlValues.texts(x, t -> fired(t).templateKey()))
                        .setParameter("ids", SqlValues.texts(x, t -> array(fired(t).invoiceIds())))
                        .setParameter("d", SqlValues.texts(x, t -> fired(t).sentOn()))))
                .chain(() -> run(sent, x -> Sql.of(s, "INSERT INTO sendings (tenant_id, reminder_key, "
                                + "sent_on, invoice_ids) SELECT t, k, d, cast(ids as uuid[]) FROM unnest(cast(:t as "
                                + "text[]), cast(:k as text[]), cast(cast(:d as text[]) as date[]), cast(:ids as "
                                + "text[])) AS u(t, k, d, ids) ON CONFLICT (tenant_id, reminder_key) DO NOTHING")
                        .setParameter("t", SqlValues.texts(x, Tagged::tenant))
                        .setParameter("k", SqlValues.texts(x, t -> ((Facts.Sent) t.fact()).reminderKey()))
                        .setParameter("d", SqlValues.texts(x, t -> ((Facts.Sent) t.fact()).on()))
                        .setParameter("ids", SqlValues.texts(x, t -> array(((Facts.Sent) t.fact()).invoiceIds())))))
                .chain(() -> run(named, x -> Sql.of(s, "INSERT INTO plans (tenant_id, plan_id, name) SELECT * "
                                + "FROM unnest(cast(:t as text[]), cast(:p as uuid[]), cast(:n as text[])) ON CONFLICT "
                                + "(tenant_id, plan_id) DO UPDATE SET name = excluded.name")
                        .setParameter("t", SqlValues.texts(x, Tagged::tenant))
                        .setParameter("p", SqlValues.uuids(x, t -> ((Facts.PlanNamed) t.fact()).planId()))
                        .setParameter("n", SqlValues.texts(x, t -> ((Facts.PlanNamed) t.fact()).name()))));
    }

    private static Facts.Issued issued(Tagged t) {
        return (Facts.Issued) t.fact();
    }

    private static Facts.Moved moved(Tagged t) {
        return (Facts.Moved) t.fact();
    }

    private static Facts.Fired fired(Tagged t) {
        return (Facts.Fired) t.fact();
    }

    private static String array(List<UUID> ids) {
        return ids.stream().map(UUID::toString).collect(java.util.stream.Collectors.joining(",", "{", "}"));
    }

    private static List<Tagged> of(List<Tagged> facts, Class<? extends Facts.Fact> type) {
        return facts.stream().filter(t -> type.isInstance(t.fact())).toList();
    }

    /** The last of each key, in the order of their last occurrence. */
    private static List<Tagged> last(List<Tagged> facts, Function<Tagged, Object> id) {
        return org.dunning.platform.inbox.Batch.lastOfEach(facts, t -> new Key(t.tenant(), id.apply(t)));
    }

    /** The first of each key. */
    private static List<Tagged> first(List<Tagged> facts, Function<Tagged, Object> id) {
        Map<Key, Tagged> m = new LinkedHashMap<>();
        facts.forEach(t -> m.putIfAbsent(new Key(t.tenant(), id.apply(t)), t));
        return new ArrayList<>(m.values());
    }

    private static Uni<Void> run(List<Tagged> rows, Function<List<Tagged>, Sql.Statement> statement) {
        return rows.isEmpty() ? Uni.createFrom().voidItem() : statement.apply(rows).executeUpdate().replaceWithVoid();
    }

    private Projection() {
    }
}
