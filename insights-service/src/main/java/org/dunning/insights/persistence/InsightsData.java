package org.dunning.insights.persistence;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.dunning.insights.domain.Effectiveness;
import org.dunning.insights.domain.InvoiceHistory;
import org.dunning.platform.persistence.Sql;
import org.dunning.platform.persistence.SqlValues;
import org.hibernate.reactive.mutiny.Mutiny;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Loads what an insight is computed from, in a few queries (load; the domain decides). */
@ApplicationScoped
public class InsightsData {

    /** The reminders of the tenant that went out from {@code from} to {@code to}, with their plans' names. */
    public Uni<List<Effectiveness.Reminder>> remindersSent(String tenant, LocalDate from, LocalDate to) {
        return Panache.withSession(() -> Panache.getSession().chain(s -> Sql.of(s,
                        "SELECT r.plan_id, p.name, r.step_id, r.step_name, r.variant, r.template_key, "
                                + "coalesce(x.sent_on, r.sent_on), array_to_string(coalesce(x.invoice_ids, "
                                + "r.invoice_ids), ',') FROM reminders r LEFT JOIN sendings x ON x.tenant_id = "
                                + "r.tenant_id AND x.reminder_key = r.reminder_key LEFT JOIN plans p ON p.tenant_id = "
                                + "r.tenant_id AND p.plan_id = r.plan_id WHERE r.tenant_id = :t AND coalesce(x.sent_on, "
                                + "r.sent_on) BETWEEN :from AND :to")
                .setParameter("t", tenant).setParameter("from", from).setParameter("to", to).getResultList()
                .map(rows -> rows.stream().map(r -> new Effectiveness.Reminder(SqlValues.uuid(r[0]), (String) r[1],
                        SqlValues.uuid(r[2]), (String) r[3], (String) r[4], (String) r[5], SqlValues.date(r[6]),
                        SqlValues.uuids(r[7]))).toList())));
    }

    /** The histories of these invoices of the tenant (the invoices its reminders named). */
    public Uni<Map<UUID, InvoiceHistory>> invoices(String tenant, Collection<UUID> ids) {
        return histories(tenant, "invoice_id = ANY(cast(:ids as uuid[]))", q -> q.setParameter("ids",
                SqlValues.uuidArray(ids)));
    }

    /**
     * The histories of the tenant's invoices (with a customer: only theirs) that may be owed at some day from
     * {@code from} to {@code to} or were issued then: issued by {@code to}, and neither closed nor settled for good
     * before {@code from} — not a tenant's whole history.
     */
    public Uni<Map<UUID, InvoiceHistory>> owedOrIssued(String tenant, LocalDate from, LocalDate to, UUID customer) {
        return histories(tenant, "issue_date <= :to AND (issue_date >= :from OR ((closed_on IS NULL OR closed_on > "
                        + ":from) AND (zero_since IS NULL OR zero_since > :from))) AND (cast(:c as uuid) IS NULL OR "
                        + "customer_id = :c)", q -> q.setParameter("from", from).setParameter("to", to)
                .setParameter("c", customer));
    }

    private static Uni<Map<UUID, InvoiceHistory>> histories(String tenant, String where,
                                                            java.util.function.UnaryOperator<Sql.Statement> bind) {
        return Panache.withSession(() -> Panache.getSession().chain(s -> bind.apply(Sql.of(s,
                        "SELECT invoice_id, customer_id, currency, issue_date, due_date, amount, closed_on FROM invoices "
                                + "WHERE tenant_id = :t AND " + where).setParameter("t", tenant))
                .getResultList()
                .chain(rows -> movements(s, tenant, rows.stream().map(r -> SqlValues.uuid(r[0])).toList())
                        .map(moves -> {
                            Map<UUID, InvoiceHistory> out = new HashMap<>();
                            for (Object[] r : rows) {
                                UUID id = SqlValues.uuid(r[0]);
                                out.put(id, new InvoiceHistory(id, SqlValues.uuid(r[1]), (String) r[2],
                                        SqlValues.date(r[3]), SqlValues.date(r[4]), SqlValues.decimal(r[5]),
                                        moves.getOrDefault(id, List.of()), SqlValues.date(r[6])));
                            }
                            return out;
                        }))));
    }

    private static Uni<Map<UUID, List<InvoiceHistory.Movement>>> movements(Mutiny.Session s, String tenant,
                                                                           List<UUID> invoices) {
        if (invoices.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return Sql.of(s, "SELECT invoice_id, on_day, kind, amount, outstanding_after FROM movements WHERE "
                        + "tenant_id = :t AND invoice_id = ANY(cast(:ids as uuid[])) ORDER BY on_day, seq")
                .setParameter("t", tenant).setParameter("ids", SqlValues.uuidArray(invoices)).getResultList()
                .map(rows -> {
                    Map<UUID, List<InvoiceHistory.Movement>> out = new HashMap<>();
                    for (Object[] r : rows) {
                        out.computeIfAbsent(SqlValues.uuid(r[0]), k -> new ArrayList<>()).add(
                                new InvoiceHistory.Movement(SqlValues.date(r[1]),
                                        InvoiceHistory.Kind.valueOf((String) r[2]), SqlValues.decimal(r[3]),
                                        SqlValues.decimal(r[4])));
                    }
                    return out;
                });
    }
}
