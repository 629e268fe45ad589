package org.dunning.insights.persistence;

import io.smallrye.mutiny.Uni;
import org.dunning.insights.domain.Facts;
import org.dunning.platform.persistence.SqlValues;
import org.hibernate.reactive.mutiny.Mutiny;

import java.util.UUID;

/** Writes a fact of the insights (R8.4) in the caller's transaction; each write is idempotent. */
public final class Projection {

    public static Uni<Void> apply(Mutiny.Session s, String tenant, UUID eventId, Facts.Fact fact) {
        if (fact instanceof Facts.Issued f) {
            return s.createNativeQuery("INSERT INTO invoices (tenant_id, invoice_id, customer_id, currency, issue_date, "
                            + "due_date, amount) VALUES (:t, :i, :c, :cur, :issued, :due, :amount) ON CONFLICT "
                            + "(tenant_id, invoice_id) DO NOTHING")
                    .setParameter("t", tenant).setParameter("i", f.invoiceId()).setParameter("c", f.customerId())
                    .setParameter("cur", f.currency()).setParameter("issued", f.issueDate())
                    .setParameter("due", f.dueDate()).setParameter("amount", f.amount()).executeUpdate()
                    .replaceWithVoid();
        }
        if (fact instanceof Facts.Moved f) {
            Uni<Integer> corrected = f.correctedAmount() == null ? Uni.createFrom().item(0)
                    : s.createNativeQuery("UPDATE invoices SET amount = :a WHERE tenant_id = :t AND invoice_id = :i")
                    .setParameter("a", f.correctedAmount()).setParameter("t", tenant)
                    .setParameter("i", f.invoiceId()).executeUpdate();
            return corrected.chain(() -> s.createNativeQuery("INSERT INTO movements (event_id, tenant_id, invoice_id, "
                            + "on_day, kind, amount, outstanding_after) VALUES (:e, :t, :i, :on, :kind, :amount, :after) "
                            + "ON CONFLICT (event_id) DO NOTHING")
                    .setParameter("e", eventId).setParameter("t", tenant).setParameter("i", f.invoiceId())
                    .setParameter("on", f.movement().on()).setParameter("kind", f.movement().kind().name())
                    .setParameter("amount", f.movement().amount())
                    .setParameter("after", f.movement().outstandingAfter()).executeUpdate()).replaceWithVoid();
        }
        if (fact instanceof Facts.DueDateMoved f) {
            return s.createNativeQuery("UPDATE invoices SET due_date = :d WHERE tenant_id = :t AND invoice_id = :i")
                    .setParameter("d", f.dueDate()).setParameter("t", tenant).setParameter("i", f.invoiceId())
                    .executeUpdate().replaceWithVoid();
        }
        if (fact instanceof Facts.Closed f) {
            return s.createNativeQuery("UPDATE invoices SET closed_on = :d WHERE tenant_id = :t AND invoice_id = :i "
                            + "AND closed_on IS NULL")
                    .setParameter("d", f.on()).setParameter("t", tenant).setParameter("i", f.invoiceId())
                    .executeUpdate().replaceWithVoid();
        }
        if (fact instanceof Facts.Fired f) {
            return s.createNativeQuery("INSERT INTO reminders (tenant_id, reminder_key, plan_id, step_id, step_name, "
                            + "variant, template_key, invoice_ids, sent_on) VALUES (:t, :k, :p, :st, :name, "
                            + "cast(:v as text), cast(:tk as text), cast(:ids as uuid[]), cast(:on as date)) "
                            + "ON CONFLICT (tenant_id, reminder_key) DO NOTHING")
                    .setParameter("t", tenant).setParameter("k", f.reminderKey()).setParameter("p", f.planId())
                    .setParameter("st", f.stepId()).setParameter("name", f.stepName())
                    .setParameter("v", f.variant()).setParameter("tk", f.templateKey())
                    .setParameter("ids", SqlValues.uuidArray(f.invoiceIds()))
                    .setParameter("on", f.sentOn() == null ? null : f.sentOn().toString()).executeUpdate()
                    .replaceWithVoid();
        }
        if (fact instanceof Facts.Sent f) {
            return s.createNativeQuery("INSERT INTO sendings (tenant_id, reminder_key, sent_on, invoice_ids) VALUES "
                            + "(:t, :k, :on, cast(:ids as uuid[])) ON CONFLICT (tenant_id, reminder_key) DO NOTHING")
                    .setParameter("t", tenant).setParameter("k", f.reminderKey()).setParameter("on", f.on())
                    .setParameter("ids", SqlValues.uuidArray(f.invoiceIds())).executeUpdate().replaceWithVoid();
        }
        if (fact instanceof Facts.PlanNamed f) {
            return s.createNativeQuery("INSERT INTO plans (tenant_id, plan_id, name) VALUES (:t, :p, :n) ON CONFLICT "
                            + "(tenant_id, plan_id) DO UPDATE SET name = excluded.name")
                    .setParameter("t", tenant).setParameter("p", f.planId()).setParameter("n", f.name())
                    .executeUpdate().replaceWithVoid();
        }
        return Uni.createFrom().voidItem();
    }

    private Projection() {
    }
}
