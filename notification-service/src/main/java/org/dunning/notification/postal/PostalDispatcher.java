package org.dunning.notification.postal;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.dunning.contract.EventCodec;
import org.dunning.contract.NotificationEvents;
import org.dunning.contract.PostalAddress;
import org.dunning.notification.delivery.Published;
import org.dunning.notification.domain.Delivery;
import org.dunning.platform.persistence.Sql;
import org.dunning.platform.persistence.SqlValues;
import org.hibernate.reactive.mutiny.Mutiny;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * Hands new letters to the postal provider when the adapter is on: letters whose {@code postal_status} is PENDING are
 * claimed ({@code FOR UPDATE SKIP LOCKED}), sent as drafts and marked DRAFTED with the provider's id; a failure is
 * retried with back-off, a refusal or the last attempt leaves the letter FAILED with the reason (the send-letter task
 * stays, the letter can still be posted by hand).
 */
@ApplicationScoped
public class PostalDispatcher {

    private static final Logger LOG = Logger.getLogger(PostalDispatcher.class);

    private final PostalProvider provider;
    private final PostalConfig config;
    private final Clock clock;
    private final Published published;

    public PostalDispatcher(PostalProvider provider, PostalConfig config, Clock clock, Published published) {
        this.provider = provider;
        this.config = config;
        this.clock = clock;
        this.published = published;
    }

    @Scheduled(every = "${dunning.postal.interval:5s}", delayed = "2s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> scheduled() {
        if (!config.enabled()) {
            return Uni.createFrom().voidItem();
        }
        return dispatch().onFailure().invoke(e -> LOG.warnf("postal: %s (will retry)", e.toString()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    /** Hands over what is due now; returns how many drafts the provider created. */
    public Uni<Integer> dispatch() {
        Instant now = clock.instant();
        return Panache.withTransaction(() -> Panache.getSession().chain(s ->
                Sql.of(s, "SELECT id, tenant_id, customer_name, title, language, pdf, postal_attempts, trace_parent, "
                        + "address, reminder_key, customer_id, array_to_string(invoice_ids, ','), step_name FROM letters WHERE postal_status = 'PENDING' AND postal_next_at <= :now ORDER BY postal_next_at "
                        + "LIMIT 10 FOR UPDATE SKIP LOCKED")
                .setParameter("now", now.atOffset(ZoneOffset.UTC)).getResultList()
                .chain(rows -> {
                    return org.dunning.platform.inbox.Batch.sum(rows, r -> {
                        PostalProvider.Letter letter = new PostalProvider.Letter(SqlValues.uuid(r[0]), (String) r[1],
                                (String) r[2], r[8] == null ? null : EventCodec.decodeValue((String) r[8],
                                PostalAddress.class), (String) r[3], (String) r[4], (byte[]) r[5], (String) r[7]);
                        int attempts = ((Number) r[6]).intValue() + 1;
                        if (letter.address() == null) {
                            return refuseUnaddressed(s, letter, (String) r[9], SqlValues.uuid(r[10]),
                                    SqlValues.uuids(r[11]), (String) r[12], attempts, now).replaceWith(0);
                        }
                        return handOver(s, letter, attempts, now).map(ok -> ok ? 1 : 0);
                    });
                })));
    }

    /**
     * A letter without a postal address (printed before addresses existed) is not handed over: FAILED with the
     * reason, and LetterFailed so that follow-up makes a task to fix the customer's address.
     */
    private Uni<Void> refuseUnaddressed(Mutiny.Session s, PostalProvider.Letter letter, String reminderKey,
                                        java.util.UUID customerId, java.util.List<java.util.UUID> invoiceIds,
                                        String stepName, int attempts, Instant now) {
        String reason = "the letter has no postal address: the postal provider cannot post it";
        LOG.warnf("letter %s of tenant %s not handed to the postal provider: %s", letter.letterId(), letter.tenant(),
                reason);
        return update(s, letter, "FAILED", null, reason, attempts, now)
                .chain(() -> published.append(s, letter.tenant(), customerId, letter.letterId(), letter.traceParent(),
                        new NotificationEvents.LetterFailed(letter.letterId(), reminderKey, customerId,
                                letter.customerName(), invoiceIds, stepName, reason, null, now)));
    }

    private Uni<Boolean> handOver(Mutiny.Session s, PostalProvider.Letter letter, int attempts, Instant now) {
        return provider.createDraft(letter).map(d -> (Object) d).onFailure().recoverWithItem(e -> e)
                .chain(result -> {
                    if (result instanceof PostalProvider.Draft d) {
                        return update(s, letter, "DRAFTED", d.providerId(), null, attempts, now).replaceWith(true);
                    }
                    Throwable e = (Throwable) result;
                    boolean giveUp = e instanceof PostalProvider.Refused || attempts >= config.maxAttempts();
                    LOG.warnf("letter %s of tenant %s to the postal provider, attempt %d: %s%s", letter.letterId(),
                            letter.tenant(), attempts,
                            e.getMessage(), giveUp ? " (giving up)" : "");
                    return update(s, letter, giveUp ? "FAILED" : "PENDING", null, String.valueOf(e.getMessage()),
                            attempts, now.plus(Delivery.retryAfter(attempts, config.firstRetryAfter(),
                                    config.maxRetryAfter()))).replaceWith(false);
                });
    }

    private static Uni<Integer> update(Mutiny.Session s, PostalProvider.Letter letter, String status, String reference,
                                       String error, int attempts, Instant next) {
        return Sql.of(s, "UPDATE letters SET postal_status = :status, postal_reference = :ref, "
                        + "postal_error = :error, postal_attempts = :attempts, postal_next_at = :next WHERE id = :id")
                .setParameter("status", status).setParameter("ref", reference).setParameter("error", error)
                .setParameter("attempts", attempts).setParameter("next", next.atOffset(ZoneOffset.UTC))
                .setParameter("id", letter.letterId()).executeUpdate();
    }
}
