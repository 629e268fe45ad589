package org.dunning.notification.delivery;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.dunning.contract.NotificationEvents;
import org.dunning.notification.domain.Delivery;
import org.dunning.notification.domain.Recheck;
import org.dunning.notification.sms.SmsConfig;
import org.dunning.notification.sms.SmsProvider;
import org.dunning.platform.inbox.Batch;
import org.dunning.platform.persistence.Sql;
import org.dunning.platform.persistence.SqlValues;
import org.hibernate.reactive.mutiny.Mutiny;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Sends the PENDING text messages (R8.2) when the adapter is on: a batch is claimed ({@code FOR UPDATE SKIP LOCKED},
 * so two instances share the work), re-checked in one query (R7.8: a message whose invoices were all paid, cancelled,
 * written off, disputed or switched off meanwhile is SUPPRESSED with the reason), handed to the provider one after the
 * other and written with its outcome, and the outcomes published, in the claim's transaction: SENT with
 * {@code SmsSent}; a failure another try may mend waits with back-off; a refusal, or the last attempt, FAILED with
 * {@code SmsFailed}. A crash after the provider accepted a message and before the commit sends it again with the same
 * {@code Idempotency-Key} (its id), which a provider that honours it does not send twice.
 */
@ApplicationScoped
public class SmsDispatcher {

    private static final Logger LOG = Logger.getLogger(SmsDispatcher.class);

    private final SmsProvider provider;
    private final SmsConfig config;
    private final Clock clock;
    private final Published published;

    public SmsDispatcher(SmsProvider provider, SmsConfig config, Clock clock, Published published) {
        this.provider = provider;
        this.config = config;
        this.clock = clock;
        this.published = published;
    }

    /** A claimed message. */
    private record Claimed(UUID id, String tenant, String reminderKey, UUID customerId, List<UUID> invoiceIds,
                           String to, String text, int segments, int attempts, String traceParent) {
    }

    /** What became of a claimed message. */
    private record Outcome(Claimed sms, String status, String providerId, String error, Instant next) {
    }

    @Scheduled(every = "${dunning.sms.interval:2s}", delayed = "2s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> scheduled() {
        if (!config.enabled()) {
            return Uni.createFrom().voidItem();
        }
        return dispatch().onFailure().invoke(e -> LOG.warnf("sms: %s (will retry)", e.toString()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    /** Sends what is due now; returns how many messages the provider accepted. */
    public Uni<Integer> dispatch() {
        Instant now = clock.instant();
        return Panache.withTransaction(() -> Panache.getSession().chain(s -> claim(s, now)
                .chain(claimed -> claimed.isEmpty() ? Uni.createFrom().item(List.<Outcome>of())
                        : TenantData.states(s, claimed.stream().flatMap(c -> c.invoiceIds().stream()
                                .map(i -> new TenantData.Invoice(c.tenant(), i))).distinct().toList())
                        .chain(states -> send(claimed, states, now)))
                .chain(outcomes -> write(s, outcomes, now).replaceWith((int) outcomes.stream()
                        .filter(o -> o.status().equals("SENT")).count()))));
    }

    private Uni<List<Claimed>> claim(Mutiny.Session s, Instant now) {
        return Sql.of(s, "SELECT id, tenant_id, reminder_key, customer_id, array_to_string(invoice_ids, ','), "
                        + "e164, text, segments, attempts, trace_parent FROM sms WHERE status = 'PENDING' AND next_at "
                        + "<= :now ORDER BY next_at LIMIT :n FOR UPDATE SKIP LOCKED")
                .setParameter("now", now.atOffset(ZoneOffset.UTC)).setParameter("n", config.batch()).getResultList()
                .map(rows -> rows.stream().map(r -> new Claimed(SqlValues.uuid(r[0]), (String) r[1], (String) r[2],
                        SqlValues.uuid(r[3]), SqlValues.uuids(r[4]), (String) r[5], (String) r[6],
                        ((Number) r[7]).intValue(), ((Number) r[8]).intValue(), (String) r[9])).toList());
    }

    /** Each message re-checked, then handed to the provider one after the other. */
    private Uni<List<Outcome>> send(List<Claimed> claimed, Map<TenantData.Invoice, Recheck.InvoiceState> states,
                                    Instant now) {
        List<Outcome> outcomes = new ArrayList<>();
        return Batch.inOrder(claimed, c -> {
            Map<UUID, Recheck.InvoiceState> known = new HashMap<>();
            c.invoiceIds().forEach(i -> {
                Recheck.InvoiceState st = states.get(new TenantData.Invoice(c.tenant(), i));
                if (st != null) {
                    known.put(i, st);
                }
            });
            Recheck.Verdict verdict = Recheck.of(c.invoiceIds(), known);
            if (verdict.nothingLeft()) {
                outcomes.add(new Outcome(c, "SUPPRESSED", null, verdict.reason(), null));
                return Uni.createFrom().voidItem();
            }
            int attempts = c.attempts() + 1;
            return provider.send(new SmsProvider.Message(c.id(), c.tenant(), c.to(), c.text(), c.traceParent()))
                    .map(accepted -> new Outcome(c, "SENT", accepted.providerId(), null, null))
                    .onFailure().recoverWithItem(e -> {
                        boolean giveUp = e instanceof SmsProvider.Refused || attempts >= config.maxAttempts();
                        LOG.warnf("sms %s of tenant %s, attempt %d: %s%s", c.id(), c.tenant(), attempts,
                                e.getMessage(), giveUp ? " (giving up)" : "");
                        return new Outcome(c, giveUp ? "FAILED" : "PENDING", null, String.valueOf(e.getMessage()),
                                giveUp ? null : now.plus(Delivery.retryAfter(attempts, config.firstRetryAfter(),
                                        config.maxRetryAfter())));
                    })
                    .invoke(outcomes::add).replaceWithVoid();
        }).replaceWith(outcomes);
    }

    /** The outcomes in one statement, and their events in one more. */
    private Uni<Void> write(Mutiny.Session s, List<Outcome> outcomes, Instant now) {
        if (outcomes.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Published.Outcome> events = new ArrayList<>();
        for (Outcome o : outcomes) {
            Claimed c = o.sms();
            int attempts = o.status().equals("SUPPRESSED") ? c.attempts() : c.attempts() + 1;
            if (o.status().equals("SENT")) {
                events.add(new Published.Outcome(c.tenant(), c.customerId(), c.id(), c.traceParent(),
                        new NotificationEvents.SmsSent(c.id(), c.reminderKey(), c.customerId(), c.invoiceIds(),
                                c.to(), c.text(), c.segments(), o.providerId(), now)));
            } else if (o.status().equals("FAILED")) {
                events.add(new Published.Outcome(c.tenant(), c.customerId(), c.id(), c.traceParent(),
                        new NotificationEvents.SmsFailed(c.id(), c.reminderKey(), c.customerId(), c.invoiceIds(),
                                c.to(), o.error(), false, attempts, now)));
            }
        }
        return Sql.of(s, "UPDATE sms m SET status = x.st, provider_id = x.p, error = x.err, attempts = "
                        + "m.attempts + x.a, next_at = x.next, sent_at = CASE WHEN x.st = 'SENT' THEN "
                        + "cast(:now as timestamptz) END FROM unnest(cast(:id as uuid[]), cast(:st as text[]), "
                        + "cast(:p as text[]), cast(:err as text[]), cast(cast(:a as text[]) as int[]), "
                        + "cast(cast(:next as text[]) as timestamptz[])) AS x(id, st, p, err, a, next) WHERE m.id = x.id")
                .setParameter("now", now.atOffset(ZoneOffset.UTC))
                .setParameter("id", SqlValues.uuids(outcomes, o -> o.sms().id()))
                .setParameter("st", SqlValues.texts(outcomes, Outcome::status))
                .setParameter("p", SqlValues.texts(outcomes, Outcome::providerId))
                .setParameter("err", SqlValues.texts(outcomes, Outcome::error))
                .setParameter("a", SqlValues.texts(outcomes, o -> o.status().equals("SUPPRESSED") ? 0 : 1))
                .setParameter("next", SqlValues.texts(outcomes, Outcome::next))
                .executeUpdate()
                .chain(() -> events.isEmpty() ? Uni.createFrom().voidItem() : published.appendAll(s, events));
    }
}
