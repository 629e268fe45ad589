package org.dunning.notification.delivery;

import io.quarkus.mailer.Mail;
import io.quarkus.mailer.reactive.ReactiveMailer;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Sends the recorded e-mails. Each batch is claimed with {@code FOR UPDATE SKIP LOCKED} (replicas share the work,
 * never the same mail), sent, and marked SENT in the same transaction. A failed send is retried with exponential
 * back-off; after {@code max-attempts} the mail is FAILED, with the error kept.
 * <p>
 * The one window SMTP leaves: the server accepted a mail and the process died before the commit. The mail is then
 * sent again after the restart, with the same deterministic Message-ID.
 */
@ApplicationScoped
public class Dispatcher {

    private static final Logger LOG = Logger.getLogger(Dispatcher.class);

    private final Pool pool;
    private final ReactiveMailer mailer;
    private final Clock clock;
    private final MailConfig config;

    public Dispatcher(Pool pool, ReactiveMailer mailer, Clock clock, MailConfig config) {
        this.pool = pool;
        this.mailer = mailer;
        this.clock = clock;
        this.config = config;
    }

    private record Pending(UUID id, String recipients, String subject, String html, String text, String messageId,
                           int attempts) {
    }

    @Scheduled(every = "${dunning.mail.dispatch-interval:1s}", delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> scheduled() {
        return dispatch().onFailure().invoke(e -> LOG.warnf("dispatch: %s (will retry)", e.toString()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    /** Sends what is due now; returns how many e-mails were accepted by the SMTP server. */
    public Uni<Integer> dispatch() {
        Instant now = clock.instant();
        return pool.withTransaction(conn -> conn.preparedQuery("SELECT id, recipients, subject, body_html, body_text, message_id, "
                        + "attempts FROM emails WHERE status = 'PENDING' AND next_attempt_at <= $1 "
                        + "ORDER BY next_attempt_at LIMIT $2 FOR UPDATE SKIP LOCKED")
                .execute(Tuple.of(now.atOffset(ZoneOffset.UTC), config.batchSize()))
                .chain(rows -> {
                    List<Pending> batch = new ArrayList<>();
                    for (Row r : rows) {
                        batch.add(new Pending(r.getUUID("id"), r.getString("recipients"), r.getString("subject"),
                                r.getString("body_html"), r.getString("body_text"), r.getString("message_id"), r.getInteger("attempts")));
                    }
                    Uni<Integer> chain = Uni.createFrom().item(0);
                    for (Pending p : batch) {
                        chain = chain.chain(n -> send(conn, p, now).map(ok -> ok ? n + 1 : n));
                    }
                    return chain;
                }));
    }

    private Uni<Boolean> send(SqlConnection conn, Pending p, Instant now) {
        Mail mail = Mail.withHtml(p.recipients().split(",")[0], p.subject(), p.html()).setText(p.text())
                .addHeader("Message-ID", p.messageId());
        List<String> to = List.of(p.recipients().split(","));
        mail.setTo(to);
        return mailer.send(mail)
                .chain(() -> conn.preparedQuery("UPDATE emails SET status = 'SENT', sent_at = $2, attempts = attempts + 1, "
                        + "last_error = NULL WHERE id = $1").execute(Tuple.of(p.id(), now.atOffset(ZoneOffset.UTC))))
                .replaceWith(true)
                .onFailure().recoverWithUni(e -> {
                    int attempts = p.attempts() + 1;
                    boolean giveUp = attempts >= config.maxAttempts();
                    Duration wait = config.firstRetryAfter().multipliedBy(1L << Math.min(attempts - 1, 16));
                    LOG.warnf("e-mail %s attempt %d failed: %s%s", p.id(), attempts, e.getMessage(),
                            giveUp ? " (giving up)" : " (retry in " + wait + ")");
                    return conn.preparedQuery("UPDATE emails SET status = $2, attempts = $3, next_attempt_at = $4, "
                                    + "last_error = $5 WHERE id = $1")
                            .execute(Tuple.tuple(List.of(p.id(), giveUp ? "FAILED" : "PENDING", attempts,
                                    now.plus(wait).atOffset(ZoneOffset.UTC), String.valueOf(e.getMessage()))))
                            .replaceWith(false);
                });
    }
}
