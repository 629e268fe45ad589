package org.dunning.notification.messaging;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.dunning.contract.InvoiceEvents;
import org.dunning.platform.inbox.Received;
import org.dunning.platform.inbox.Retry;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.hibernate.reactive.mutiny.Mutiny;

import java.util.UUID;

/**
 * Keeps what the re-check before sending (R7.8) and the colleagues' summaries (R2.5) need of each invoice, from
 * {@code dunning.invoice.events}. Every change sets values (no increments), and the events of one customer arrive in
 * order on one partition: a redelivery leaves the same row.
 */
@ApplicationScoped
public class InvoiceConsumer {

    @Incoming("invoice-events")
    @ActivateRequestContext
    public Uni<Void> onInvoiceEvent(ConsumerRecord<String, String> record) {
        Received r = Received.from(record);
        String t = r.tenantId();
        if (r.event() instanceof InvoiceEvents.InvoiceIssued e) {
            return apply(s -> s.createNativeQuery("INSERT INTO invoices (tenant_id, invoice_id, customer_id, number, "
                            + "issue_date, due_date, currency, amount, outstanding, status) VALUES (:t, :id, :c, :n, :issued, "
                            + ":due, :cur, :amount, :amount, 'OPEN') ON CONFLICT (tenant_id, invoice_id) DO UPDATE SET "
                            + "customer_id = excluded.customer_id, number = excluded.number, issue_date = excluded.issue_date, "
                            + "due_date = excluded.due_date, currency = excluded.currency, amount = coalesce(invoices.amount, "
                            + "excluded.amount), outstanding = coalesce(invoices.outstanding, excluded.outstanding), "
                            + "status = coalesce(invoices.status, excluded.status)")
                    .setParameter("t", t).setParameter("id", e.invoiceId()).setParameter("c", e.customerId())
                    .setParameter("n", e.number()).setParameter("issued", e.issueDate()).setParameter("due", e.dueDate())
                    .setParameter("cur", e.currency()).setParameter("amount", e.amount()).executeUpdate());
        }
        if (r.event() instanceof InvoiceEvents.PaymentRecorded e) {
            return set(t, e.invoiceId(), "outstanding = :v1, status = :v2", e.outstanding(), e.status().name());
        }
        if (r.event() instanceof InvoiceEvents.InvoiceCreditApplied e) {
            return set(t, e.invoiceId(), "outstanding = :v1, status = :v2", e.outstanding(), e.status().name());
        }
        if (r.event() instanceof InvoiceEvents.InvoiceAmountChanged e) {
            return set(t, e.invoiceId(), "amount = :v1, outstanding = :v2, status = :v3", e.amount(), e.outstanding(),
                    e.status().name());
        }
        if (r.event() instanceof InvoiceEvents.InvoiceDueDateChanged e) {
            return set(t, e.invoiceId(), "due_date = :v1", e.dueDate());
        }
        if (r.event() instanceof InvoiceEvents.InvoiceCancelled e) {
            return set(t, e.invoiceId(), "status = :v1", "CANCELLED");
        }
        if (r.event() instanceof InvoiceEvents.InvoiceWrittenOff e) {
            return set(t, e.invoiceId(), "status = :v1", "WRITTEN_OFF");
        }
        if (r.event() instanceof InvoiceEvents.InvoiceDisputed e) {
            return set(t, e.invoiceId(), "disputed = :v1", true);
        }
        if (r.event() instanceof InvoiceEvents.InvoiceDisputeResolved e) {
            return set(t, e.invoiceId(), "disputed = :v1", false);
        }
        return Uni.createFrom().voidItem();
    }

    private static Uni<Void> set(String tenant, UUID invoice, String assignments, Object... values) {
        return apply(s -> {
            var q = s.createNativeQuery("UPDATE invoices SET " + assignments + " WHERE tenant_id = :t AND invoice_id = :id")
                    .setParameter("t", tenant).setParameter("id", invoice);
            for (int i = 0; i < values.length; i++) {
                q.setParameter("v" + (i + 1), values[i]);
            }
            return q.executeUpdate();
        });
    }

    private static Uni<Void> apply(java.util.function.Function<Mutiny.Session, Uni<Integer>> work) {
        return Retry.transientFailures(Panache.withTransaction(() -> Panache.getSession().chain(s -> work.apply(s))))
                .replaceWithVoid();
    }
}
