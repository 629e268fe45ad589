package org.dunning.invoice.persistence;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import org.dunning.invoice.domain.InboundLedger.Written;
import org.dunning.invoice.domain.IssueBatch;
import org.dunning.invoice.domain.Invoices;
import org.dunning.platform.eventstore.EventStore;
import org.dunning.platform.eventstore.NewEvent;
import org.dunning.platform.metrics.Meters;
import org.dunning.platform.persistence.Sql;
import org.dunning.platform.rest.Idempotency;
import org.dunning.platform.tracing.Traces;
import org.hibernate.reactive.mutiny.Mutiny;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Issues the invoices of concurrent {@code POST /invoices} requests in one transaction (group commit): while one
 * batch is written, the requests that arrive wait in a queue, and the next batch takes them all (at most
 * {@link #MAX}). A request that arrives when nothing is being written starts a batch at once, so a lone request
 * waits for nobody. A batch is one query (customers, numbers and Idempotency-Keys of all its requests), decided in
 * pure code ({@link IssueBatch}), then one statement each for the keys, the events and the invoices. If the batch's
 * transaction fails (another writer took a number or a key between the query and the insert, or the database is
 * away), every request of it is run alone, as {@link LedgerRepository#issue} runs one, so each gets its own answer.
 */
@ApplicationScoped
public class IssueBatcher {

    /** The most requests one transaction takes. */
    static final int MAX = 128;
    private static final Logger LOG = Logger.getLogger(IssueBatcher.class);

    /** A request waiting for its batch: the answer is given on the request's own context. */
    private record Waiting(IssueBatch.Request request, Object body, String hash, String trace, Context context,
                           UniEmitter<? super InvoiceRow> answer) {
    }

    private final LedgerRepository ledger;
    private final EventStore store;
    private final Meters meters;
    private final Queue<Waiting> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean writing = new AtomicBoolean();

    public IssueBatcher(LedgerRepository ledger, EventStore store, Meters meters) {
        this.ledger = ledger;
        this.store = store;
        this.meters = meters;
        meters.declare(BATCHES);
        meters.declare(BATCHED);
    }

    /** Meters: the batches committed, and the requests they answered (their ratio: requests per transaction). */
    static final String BATCHES = "dunning.issue.batches";
    static final String BATCHED = "dunning.issue.batched.requests";

    /** Issues an invoice with the requests around it; the answer is the one {@link LedgerRepository#issue} gives. */
    public Uni<InvoiceRow> issue(String tenant, String idempotencyKey, Object body, Invoices.IssueInvoice command) {
        Context context = Vertx.currentContext();
        if (context == null || (idempotencyKey != null
                && (idempotencyKey.isBlank() || idempotencyKey.length() > Idempotency.MAX_KEY_LENGTH))) {
            // off an event loop, or a key that is refused: alone
            return ledger.issue(tenant, idempotencyKey, body, command);
        }
        String hash = idempotencyKey == null ? null : Idempotency.hash(body);
        String trace = Traces.current();
        return Uni.createFrom().emitter(answer -> {
            queue.add(new Waiting(new IssueBatch.Request(tenant, idempotencyKey, command), body, hash, trace, context,
                    answer));
            next();
        });
    }

    /** Starts a batch with what waits, unless one is being written (its end starts the next). */
    private void next() {
        if (!writing.compareAndSet(false, true)) {
            return;
        }
        List<Waiting> batch = new ArrayList<>();
        for (Waiting w; batch.size() < MAX && (w = queue.poll()) != null; ) {
            batch.add(w);
        }
        if (batch.isEmpty()) {
            done();
            return;
        }
        // a new duplicated context (marked safe, as Quarkus marks its own): the batch's session is its own
        Context context = VertxContext.createNewDuplicatedContext(batch.get(0).context());
        VertxContextSafetyToggle.setContextSafe(context, true);
        context.runOnContext(x -> Uni.createFrom().deferred(() -> Panache.withTransaction(() -> Panache.getSession()
                        .chain(s -> write(s, batch))))
                .subscribe().with(outcomes -> {
                    done();
                    meters.count(BATCHES, 1);
                    meters.count(BATCHED, batch.size());
                    for (int i = 0; i < batch.size(); i++) {
                        answer(batch.get(i), outcomes.get(i));
                    }
                }, failure -> {
                    done();
                    LOG.debugf("a batch of %d invoices is issued one by one: %s", batch.size(), failure.toString());
                    batch.forEach(this::alone);
                }));
    }

    private void done() {
        writing.set(false);
        if (!queue.isEmpty()) {
            next();
        }
    }

    /** Load, decide, write: one query, the decisions, one statement each for keys, events and invoices. */
    private Uni<List<IssueBatch.Outcome>> write(Mutiny.Session s, List<Waiting> batch) {
        List<IssueBatch.Request> requests = batch.stream().map(Waiting::request).toList();
        return found(s, requests).chain(found -> {
            List<IssueBatch.Outcome> outcomes = IssueBatch.decide(requests, found);
            List<Waiting> keyed = new ArrayList<>();
            List<EventStore.Pending> events = new ArrayList<>();
            List<Written<Invoices.State>> invoices = new ArrayList<>();
            for (int i = 0; i < batch.size(); i++) {
                if (outcomes.get(i) instanceof IssueBatch.Issue issue) {
                    Waiting w = batch.get(i);
                    String tenant = w.request().tenant();
                    Invoices.IssueInvoice c = w.request().command();
                    if (w.request().idempotencyKey() != null) {
                        keyed.add(w);
                    }
                    events.add(new EventStore.Pending(tenant, LedgerRepository.invoiceStream(c.invoiceId()),
                            LedgerRepository.partitionKey(tenant, c.customerId()), 0, issue.events().stream()
                            .map(e -> new NewEvent(e.getClass().getSimpleName(), e, w.trace())).toList()));
                    invoices.add(new Written<>(tenant, c.invoiceId(), issue.state(), true, issue.number()));
                }
            }
            return claim(s, keyed)
                    .chain(() -> store.appendAll(s, events))
                    .chain(() -> InboundRepository.insertInvoices(s, invoices))
                    .replaceWith(outcomes);
        });
    }

    /** For each request: its customer, whether its number is taken, whether its Idempotency-Key is known. */
    private static Uni<List<IssueBatch.Found>> found(Mutiny.Session s, List<IssueBatch.Request> requests) {
        return Sql.of(s, "SELECT c.id IS NOT NULL, coalesce(c.archived, false), EXISTS (SELECT 1 FROM "
                        + "invoices i WHERE i.tenant_id = r.t AND i.number = r.num), EXISTS (SELECT 1 FROM "
                        + "idempotency_keys k WHERE k.tenant_id = r.t AND k.scope = 'invoice' AND k.key = r.k) FROM "
                        + "unnest(cast(:t as text[]), cast(:c as uuid[]), cast(:num as text[]), cast(:k as text[])) "
                        + "WITH ORDINALITY AS r(t, c, num, k, n) LEFT JOIN customers c ON c.tenant_id = r.t "
                        + "AND c.id = r.c ORDER BY r.n")
                .setParameter("t", requests.stream().map(IssueBatch.Request::tenant).toArray(String[]::new))
                .setParameter("c", requests.stream().map(r -> r.command().customerId()).toArray(java.util.UUID[]::new))
                .setParameter("num", requests.stream().map(IssueBatch::number).toArray(String[]::new))
                .setParameter("k", requests.stream().map(IssueBatch.Request::idempotencyKey).toArray(String[]::new))
                .getResultList()
                .map(rows -> rows.stream().map(r -> new IssueBatch.Found((Boolean) r[0], (Boolean) r[1],
                        (Boolean) r[2], (Boolean) r[3])).toList());
    }

    /**
     * Remembers the Idempotency-Keys of the requests issued, with the invoice each made. A key another transaction
     * took since the query fails the batch (its requests then run alone, and the repeat is answered as one).
     */
    private static Uni<Void> claim(Mutiny.Session s, List<Waiting> keyed) {
        if (keyed.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Sql.of(s, "INSERT INTO idempotency_keys (tenant_id, scope, key, request_hash, resource_id) "
                        + "SELECT k.t, 'invoice', k.k, k.h, k.id FROM unnest(cast(:t as text[]), cast(:k as text[]), "
                        + "cast(:h as text[]), cast(:id as uuid[])) AS k(t, k, h, id) ON CONFLICT DO NOTHING")
                .setParameter("t", keyed.stream().map(w -> w.request().tenant()).toArray(String[]::new))
                .setParameter("k", keyed.stream().map(w -> w.request().idempotencyKey()).toArray(String[]::new))
                .setParameter("h", keyed.stream().map(Waiting::hash).toArray(String[]::new))
                .setParameter("id", keyed.stream().map(w -> w.request().command().invoiceId())
                        .toArray(java.util.UUID[]::new))
                .executeUpdate()
                .invoke(claimed -> {
                    if (claimed != keyed.size()) {
                        throw new IllegalStateException((keyed.size() - claimed)
                                + " Idempotency-Keys were taken concurrently");
                    }
                }).replaceWithVoid();
    }

    private void answer(Waiting w, IssueBatch.Outcome outcome) {
        if (outcome instanceof IssueBatch.Issue issue) {
            InvoiceRow row = LedgerRepository.issued(w.request().tenant(), w.request().command().invoiceId(),
                    issue.number(), issue.state());
            w.context().runOnContext(x -> w.answer().complete(row));
        } else if (outcome instanceof IssueBatch.Refuse refuse) {
            w.context().runOnContext(x -> w.answer().fail(refuse.problem()));
        } else {
            alone(w);
        }
    }

    /** The request on its own transaction, on its own context, after the batch. */
    private void alone(Waiting w) {
        IssueBatch.Request r = w.request();
        w.context().runOnContext(x -> Uni.createFrom().deferred(() -> ledger.issue(r.tenant(), r.idempotencyKey(),
                w.body(), r.command())).subscribe().with(w.answer()::complete, w.answer()::fail));
    }
}
