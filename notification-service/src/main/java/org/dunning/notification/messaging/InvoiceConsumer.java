package org.dunning.notification.messaging;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.dunning.contract.EventCodec;
import org.dunning.contract.InvoiceEvents;
import org.dunning.contract.PostalAddress;
import org.dunning.platform.inbox.Batch;
import org.dunning.platform.inbox.DeadLetters;
import org.dunning.platform.inbox.Received;
import org.dunning.platform.persistence.Sql;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.dunning.platform.persistence.SqlValues;
import org.hibernate.reactive.mutiny.Mutiny;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import java.util.UUID;

/**
 * Keeps what the re-check before sending (R7.8) and the colleagues' summaries (R2.5) need of each invoice, and what
 * letters (R2.4) need of each customer (its reference and billing address), from {@code dunning.invoice.events}. Every change sets values (no increments), and the events of one customer arrive in
 * order on one partition: a redelivery leaves the same row.
 */
@ApplicationScoped
public class InvoiceConsumer {

    private final DeadLetters deadLetters;

    public InvoiceConsumer(DeadLetters deadLetters) {
        this.deadLetters = deadLetters;
    }

    /** A poll at a time, in one transaction ({@link Batch}); a record that cannot be read is dead-lettered. */
    @Incoming("invoice-events")
    @ActivateRequestContext
    public Uni<Void> onInvoiceEvents(ConsumerRecords<String, String> records) {
        return Batch.inSets(records, Received::from, InvoiceConsumer::applyAll)
                .chain(refused -> deadLetters.write("dunning.notification.dead-letter", refused));
    }

    /**
     * Customers registered or updated and invoices issued one after the other (an import: a customer, its invoices,
     * the next customer ...) are written in two statements, the customers' and the invoices' (the two tables do not
     * depend on each other, so only the order within each counts); every other record on its own, in order.
     */
    static Uni<Map<Integer, Throwable>> applyAll(Mutiny.Session s, List<Received> batch) {
        return Batch.inOrder(Batch.runs(batch, InvoiceConsumer::isNew), run -> {
                    if (!isNew(run.get(0))) {
                        return apply(s, run.get(0)).replaceWithVoid();
                    }
                    List<Received> invoices = run.stream().filter(r -> r.event() instanceof InvoiceEvents.InvoiceIssued)
                            .toList();
                    return customers(s, run.stream().filter(r -> !(r.event() instanceof InvoiceEvents.InvoiceIssued))
                            .toList()).chain(() -> invoices.isEmpty() ? Uni.createFrom().voidItem() : issued(s, invoices));
                })
                .replaceWith(Map.of());
    }

    private static boolean isNew(Received r) {
        return r.event() instanceof InvoiceEvents.InvoiceIssued || r.event() instanceof InvoiceEvents.CustomerRegistered
                || r.event() instanceof InvoiceEvents.CustomerUpdated;
    }

    /**
     * What letters (R2.4) need of each customer, its reference and billing address as they are now (of one customer
     * the last), in one statement.
     */
    private static Uni<Void> customers(Mutiny.Session s, List<Received> events) {
        record Customer(String tenant, UUID id, String reference, PostalAddress address) {
        }
        List<Customer> all = new java.util.ArrayList<>();
        for (Received r : events) {
            if (r.event() instanceof InvoiceEvents.CustomerRegistered e) {
                all.add(new Customer(r.tenantId(), e.customerId(), e.externalReference(), e.billingAddress()));
            } else if (r.event() instanceof InvoiceEvents.CustomerUpdated e) {
                all.add(new Customer(r.tenantId(), e.customerId(), e.externalReference(), e.billingAddress()));
            }
        }
        List<Customer> rows = Batch.lastOfEach(all, c -> List.of(c.tenant(), c.id()));
        if (rows.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Sql.of(s, "INSERT INTO customers (tenant_id, customer_id, reference, billing_address) SELECT * "
                        + "FROM unnest(cast(:t as text[]), cast(:c as uuid[]), cast(:r as text[]), cast(:a as text[])) "
                        + "ON CONFLICT (tenant_id, customer_id) DO UPDATE SET reference = excluded.reference, "
                        + "billing_address = excluded.billing_address")
                .setParameter("t", SqlValues.texts(rows, Customer::tenant))
                .setParameter("c", SqlValues.uuids(rows, Customer::id))
                .setParameter("r", SqlValues.texts(rows, Customer::reference))
                .setParameter("a", SqlValues.texts(rows, c -> c.address() == null ? null
                        : EventCodec.encodeValue(c.address())))
                .executeUpdate().replaceWithVoid();
    }

    /** Invoices issued, as one statement (a redelivered copy in the run counts once). */
    static Uni<Void> issued(Mutiny.Session s, List<Received> run) {
        Map<UUID, Received> byInvoice = new LinkedHashMap<>();
        run.forEach(r -> byInvoice.putIfAbsent(((InvoiceEvents.InvoiceIssued) r.event()).invoiceId(), r));
        List<Received> rows = List.copyOf(byInvoice.values());
        java.util.function.Function<Received, InvoiceEvents.InvoiceIssued> e =
                r -> (InvoiceEvents.InvoiceIssued) r.event();
        return Sql.of(s, "INSERT INTO invoices (tenant_id, invoice_id, customer_id, number, issue_date, "
                        + "due_date, currency, amount, outstanding, status) SELECT t, id, c, n, issued, due, cur, amount, "
                        + "amount, 'OPEN' FROM unnest(cast(:t as text[]), cast(:id as uuid[]), cast(:c as uuid[]), "
                        + "cast(:n as text[]), cast(cast(:issued as text[]) as date[]), "
                        + "cast(cast(:due as text[]) as date[]), cast(:cur as text[]), "
                        + "cast(cast(:amount as text[]) as numeric[])) AS x(t, id, c, n, issued, due, cur, amount) "
                        + "ON CONFLICT (tenant_id, invoice_id) DO UPDATE SET customer_id = excluded.customer_id, number = "
                        + "excluded.number, issue_date = excluded.issue_date, due_date = excluded.due_date, currency = "
                        + "excluded.currency, amount = coalesce(invoices.amount, excluded.amount), outstanding = "
                        + "coalesce(invoices.outstanding, excluded.outstanding), status = coalesce(invoices.status, "
                        + "excluded.status)")
                .setParameter("t", SqlValues.texts(rows, Received::tenantId))
                .setParameter("id", SqlValues.uuids(rows, r -> e.apply(r).invoiceId()))
                .setParameter("c", SqlValues.uuids(rows, r -> e.apply(r).customerId()))
                .setParameter("n", SqlValues.texts(rows, r -> e.apply(r).number()))
                .setParameter("issued", SqlValues.texts(rows, r -> e.apply(r).issueDate()))
                .setParameter("due", SqlValues.texts(rows, r -> e.apply(r).dueDate()))
                .setParameter("cur", SqlValues.texts(rows, r -> e.apply(r).currency()))
                .setParameter("amount", SqlValues.texts(rows, r -> e.apply(r).amount().toPlainString()))
                .executeUpdate().replaceWithVoid();
    }

    static Uni<Integer> apply(Mutiny.Session s, Received r) {
        String t = r.tenantId();
        if (r.event() instanceof InvoiceEvents.PaymentRecorded e) {
            return set(s, t, e.invoiceId(), "outstanding = :v1, status = :v2", e.outstanding(), e.status().name());
        }
        if (r.event() instanceof InvoiceEvents.InvoiceCreditApplied e) {
            return set(s, t, e.invoiceId(), "outstanding = :v1, status = :v2", e.outstanding(), e.status().name());
        }
        if (r.event() instanceof InvoiceEvents.InvoiceAmountChanged e) {
            return set(s, t, e.invoiceId(), "amount = :v1, outstanding = :v2, status = :v3", e.amount(), e.outstanding(),
                    e.status().name());
        }
        if (r.event() instanceof InvoiceEvents.InvoicePaymentLinkChanged e) {
            return set(s, t, e.invoiceId(), "payment_url = cast(:v1 as text)", e.url());
        }
        if (r.event() instanceof InvoiceEvents.InvoiceDocumentAttached e) {
            return set(s, t, e.invoiceId(), "document_url = cast(:v1 as text)", e.url());
        }
        if (r.event() instanceof InvoiceEvents.InvoiceDueDateChanged e) {
            return set(s, t, e.invoiceId(), "due_date = :v1", e.dueDate());
        }
        if (r.event() instanceof InvoiceEvents.InvoiceCancelled e) {
            return set(s, t, e.invoiceId(), "status = :v1", "CANCELLED");
        }
        if (r.event() instanceof InvoiceEvents.InvoiceWrittenOff e) {
            return set(s, t, e.invoiceId(), "status = :v1", "WRITTEN_OFF");
        }
        if (r.event() instanceof InvoiceEvents.InvoiceDisputed e) {
            return set(s, t, e.invoiceId(), "disputed = :v1", true);
        }
        if (r.event() instanceof InvoiceEvents.InvoiceDisputeResolved e) {
            return set(s, t, e.invoiceId(), "disputed = :v1", false);
        }
        return Uni.createFrom().item(0);
    }

    private static Uni<Integer> set(Mutiny.Session s, String tenant, UUID invoice, String assignments,
                                    Object... values) {
        var q = Sql.of(s, "UPDATE invoices SET " + assignments + " WHERE tenant_id = :t AND invoice_id = :id")
                .setParameter("t", tenant).setParameter("id", invoice);
        for (int i = 0; i < values.length; i++) {
            q.setParameter("v" + (i + 1), values[i]);
        }
        return q.executeUpdate();
    }
}
