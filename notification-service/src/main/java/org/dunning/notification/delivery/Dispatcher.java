package org.dunning.notification.delivery;

import com.fasterxml.jackson.core.type.TypeReference;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.mailer.Mail;
import io.quarkus.mailer.reactive.ReactiveMailer;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import org.dunning.platform.persistence.Sql;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import io.vertx.ext.mail.SMTPException;
import jakarta.enterprise.context.ApplicationScoped;
import org.dunning.contract.NotificationEvents;
import org.dunning.contract.NotificationEvents.Audience;
import org.dunning.contract.PlanEvents;
import org.dunning.contract.ReminderEvents;
import org.dunning.notification.domain.Attachments;
import org.dunning.notification.domain.Delivery;
import org.dunning.notification.domain.EmailComposer;
import org.dunning.notification.domain.Recheck;
import org.dunning.platform.persistence.SqlValues;
import org.hibernate.reactive.mutiny.Mutiny;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import org.dunning.platform.metrics.Meters;
import org.dunning.platform.tracing.Traces;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Sends the recorded e-mails. A batch is claimed with {@code FOR UPDATE SKIP LOCKED} under a lease (replicas share
 * the work, never the same mail) and re-checked as a set; then it is sent in waves of a few e-mails, each wave's
 * rows locked, its SMTP conversations run at once and its outcomes written in one transaction (statuses in a set,
 * one append of their events to the outbox); a few waves run at once, so that up to the mailer's pool size of
 * conversations are in flight while other waves commit.
 * <ul>
 *   <li>Re-check (R7.8): an e-mail whose invoices were all paid, cancelled, written off, disputed or switched off
 *   since the step fired, or whose tenant switched automation off or customer was paused, is SUPPRESSED with the
 *   reason. A grouped automatic e-mail that lost some of its invoices is
 *   rendered again without them; an e-mail a reviewer approved is sent as approved or not at all.</li>
 *   <li>Delivery (R7.5): a transient failure (no connection, a 4xx reply, a conversation that did not end within
 *   {@code send-timeout}) is retried with exponential back-off; a
 *   5xx reply is permanent: FAILED at once and, for a single recipient, published as a bounce of that address.
 *   After {@code max-attempts} the e-mail is FAILED too. Each outcome is published.</li>
 *   <li>Attachments (R8.1): an e-mail of a step that attaches the invoice documents fetches them ({@link
 *   DocumentFetcher}) right before its conversation and is sent with all of them or not at all: a document that
 *   cannot be fetched fails the attempt like a refused conversation (retried, or FAILED at once when retrying cannot
 *   help), and the final failure names the document, never the address.</li>
 * </ul>
 * The one window SMTP leaves: the server accepted a mail and the process died before the commit. The mail is then
 * sent again after the restart, with the same deterministic Message-ID, so the receiving systems can drop the copy;
 * the same holds for a conversation given up after {@code send-timeout} whose mail the server had taken.
 * The window is one wave wide: a wave commits its outcomes before its lane starts the next conversations, so a crash
 * repeats at most the conversations in flight (at most {@code quarkus.mailer.max-pool-size}).
 */
@ApplicationScoped
public class Dispatcher {

    private static final Logger LOG = Logger.getLogger(Dispatcher.class);

    private final ReactiveMailer mailer;
    private final Clock clock;
    private final MailConfig config;
    private final Published published;
    private final DocumentFetcher fetcher;

    private final int parallel;
    private final int lanes;

    private final Meters meters;
    private final Tracer tracer;

    public Dispatcher(ReactiveMailer mailer, Clock clock, MailConfig config, Published published, Meters meters,
                      Tracer tracer, DocumentFetcher fetcher,
                      @ConfigProperty(name = "quarkus.mailer.max-pool-size", defaultValue = "20") int parallel) {
        this.meters = meters;
        this.tracer = tracer;
        meters.declarePublished("EmailSent", "EmailFailed", "EmailBounced", "EmailSuppressed", "DraftAwaitingValidation",
                "LetterReady");
        meters.declare("dunning.smtp.conversations", "outcome", "accepted");
        meters.declare("dunning.smtp.conversations", "outcome", "failed");
        this.parallel = Math.max(1, parallel);
        this.lanes = Math.max(1, Math.min(this.parallel, config.lanes()));
        this.mailer = mailer;
        this.clock = clock;
        this.config = config;
        this.published = published;
        this.fetcher = fetcher;
    }

    record Pending(UUID id, String tenant, String reminderKey, UUID customerId, Audience audience,
                           List<String> to, String subject, String html, String text, String messageId, int attempts,
                           List<UUID> invoiceIds, String step, boolean edited, String traceParent,
                           boolean attach) {
    }

    @Scheduled(every = "${dunning.mail.dispatch-interval:1s}", delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> scheduled() {
        return dispatch().onFailure().invoke(e -> LOG.warnf("dispatch: %s (will retry)", e.toString()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    /**
     * Sends what is due now, batch after batch until a batch is not full; returns how many e-mails were accepted by
     * the SMTP server.
     */
    public Uni<Integer> dispatch() {
        // iteratively: a chain nested once per batch would keep every batch's e-mails until the backlog is sent
        java.util.concurrent.atomic.AtomicInteger sent = new java.util.concurrent.atomic.AtomicInteger();
        return Multi.createBy().repeating().uni(() -> {
                    Instant now = clock.instant();
                    UUID token = UUID.randomUUID();
                    return claim(token, now).chain(batch -> deliverAll(batch, token, now).invoke(sent::addAndGet)
                            .map(n -> batch.size() >= config.batchSize()));
                })
                .until(full -> !full)
                .collect().last().map(last -> sent.get());
    }

    /**
     * Claims up to a batch of due e-mails in a short transaction of its own: locked with {@code SKIP LOCKED} (other
     * dispatchers take other rows), marked with this claim's token and a lease on the database's real clock, and
     * re-checked as a set (two queries: the switches of their customers, the states of their invoices). If this
     * process dies, another dispatcher takes the rows over once the lease ran out.
     */
    private Uni<List<Checked>> claim(UUID token, Instant now) {
        return Panache.withTransaction(() -> Panache.getSession().chain(s ->
                Sql.of(s, "SELECT id, tenant_id, reminder_key, customer_id, audience, recipients, subject, "
                        + "body_html, body_text, message_id, attempts, array_to_string(invoice_ids, ','), step, edited, "
                        + "trace_parent, attach_documents FROM emails WHERE status = 'PENDING' AND next_attempt_at <= :now "
                        + "AND (claimed_until IS NULL OR claimed_until < now()) "
                        + "ORDER BY next_attempt_at LIMIT :limit FOR UPDATE SKIP LOCKED")
                .setParameter("now", now.atOffset(ZoneOffset.UTC)).setParameter("limit", config.batchSize())
                .getResultList()
                .map(rows -> rows.stream().map(Dispatcher::pending).toList())
                .call(batch -> batch.isEmpty() ? Uni.createFrom().voidItem() : Sql.of(s, "UPDATE emails SET "
                                + "claim_token = :token, claimed_until = now() + make_interval(secs => :lease) "
                                + "WHERE id = ANY(cast(:ids as uuid[]))")
                        .setParameter("token", token).setParameter("lease", (double) config.claimLease().toSeconds())
                        .setParameter("ids", SqlValues.uuidArray(batch.stream().map(Pending::id).toList()))
                        .executeUpdate())
                .chain(batch -> batch.isEmpty() ? Uni.createFrom().item(List.<Checked>of())
                        : TenantData.switchedOff(s, batch.stream().map(p -> new TenantData.Customer(p.tenant(),
                                p.customerId())).toList())
                        .chain(off -> TenantData.states(s, batch.stream().flatMap(p -> p.invoiceIds().stream()
                                        .map(i -> new TenantData.Invoice(p.tenant(), i))).toList())
                                .map(states -> batch.stream().map(p -> check(p, off.get(new TenantData.Customer(
                                        p.tenant(), p.customerId())), i -> states.get(new TenantData.Invoice(
                                        p.tenant(), i)))).toList())))));
    }

    /** What the re-check decided for a claimed e-mail (R7.8). */
    sealed interface Checked {
        Pending pending();
    }

    /** Everything it names may still be reminded: sent as it is. */
    record Send(Pending pending) implements Checked {
    }

    /** Not sent, for the reason. */
    record Suppress(Pending pending, String reason) implements Checked {
    }

    /** A grouped automatic e-mail that lost some of its invoices: rendered again with the others, then sent. */
    record Rerender(Pending pending, List<UUID> remaining) implements Checked {
    }

    /** The re-check of one e-mail: {@code off} why its customer gets nothing now (or null), {@code states} its invoices. */
    static Checked check(Pending p, String off, java.util.function.Function<UUID, Recheck.InvoiceState> states) {
        if (off != null) {
            return new Suppress(p, off);
        }
        java.util.Map<UUID, Recheck.InvoiceState> known = new java.util.HashMap<>();
        p.invoiceIds().forEach(i -> {
            Recheck.InvoiceState state = states.apply(i);
            if (state != null) {
                known.put(i, state);
            }
        });
        Recheck.Verdict v = Recheck.of(p.invoiceIds(), known);
        if (v.nothingLeft() && !p.invoiceIds().isEmpty()) {
            return new Suppress(p, v.reason());
        }
        if (v.everything(p.invoiceIds().size()) || p.audience() == Audience.INTERNAL) {
            return new Send(p);
        }
        if (p.edited() || p.step() == null) {
            return new Suppress(p, v.reason() + "; the approved e-mail lists it");
        }
        return new Rerender(p, v.remindable());
    }

    private static Pending pending(Object[] r) {
        return new Pending(SqlValues.uuid(r[0]), (String) r[1], (String) r[2], SqlValues.uuid(r[3]),
                Audience.valueOf((String) r[4]),
                ((String) r[5]).isEmpty() ? List.of() : Arrays.asList(((String) r[5]).split(",")),
                (String) r[6], (String) r[7], (String) r[8], (String) r[9], ((Number) r[10]).intValue(),
                SqlValues.uuids(r[11]), (String) r[12], (Boolean) r[13], (String) r[14], (Boolean) r[15]);
    }

    /**
     * The batch in waves of up to {@code parallel / lanes} e-mails, {@code lanes} waves at once, each wave in one
     * transaction on a context of its own (its own session): so at most the mailer's pool size of SMTP conversations
     * are in flight. A wave that fails (the database away) keeps its claims until the lease runs out and is taken
     * again then; the other waves go on.
     */
    private Uni<Integer> deliverAll(List<Checked> batch, UUID token, Instant now) {
        int size = Math.max(1, parallel / lanes);
        List<List<Checked>> waves = new ArrayList<>();
        for (int i = 0; i < batch.size(); i += size) {
            waves.add(batch.subList(i, Math.min(batch.size(), i + size)));
        }
        return Multi.createFrom().iterable(waves)
                .onItem().transformToUni(wave -> apart(() -> deliver(wave, token, now))
                        .onFailure().recoverWithItem(e -> {
                            LOG.warnf("%d e-mails from %s: %s (taken again when their claim runs out)", wave.size(),
                                    wave.get(0).pending().id(), e.toString());
                            return 0;
                        }))
                .merge(lanes)
                .collect().asList().map(sent -> sent.stream().mapToInt(Integer::intValue).sum());
    }

    /**
     * {@code work} subscribed on a new duplicated context of the current one (marked safe, as Quarkus marks its own):
     * Hibernate Reactive keeps a session per context, so each wave's transaction has a session of its own.
     */
    private static <T> Uni<T> apart(java.util.function.Supplier<Uni<T>> work) {
        return Uni.createFrom().emitter(e -> {
            Context context = VertxContext.createNewDuplicatedContext(Vertx.currentContext());
            VertxContextSafetyToggle.setContextSafe(context, true);
            context.runOnContext(x -> work.get().subscribe().with(e::complete, e::fail));
        });
    }

    /** What became of one e-mail of a wave, written with the others of its wave. */
    sealed interface Outcome {
        Pending pending();
    }

    /** Accepted by the SMTP server. */
    record Accepted(Pending pending) implements Outcome {
    }

    /** Not sent (R7.8), for the reason. */
    record Suppressed(Pending pending, String reason) implements Outcome {
    }

    /**
     * Not sent: the SMTP conversation failed, or (R8.1, {@code attachment}) a document the e-mail must carry could not
     * be fetched; {@code permanent}: another try cannot help.
     */
    record Refused(Pending pending, String reason, boolean permanent, boolean attachment) implements Outcome {
    }

    /**
     * Sends a wave and records it in one transaction: its rows are locked first and must still be pending under this
     * claim (a dispatcher whose lease ran out finds them taken over and leaves them), then its SMTP conversations run
     * at once, then the outcomes are written in a few statements (statuses, one append of their events). So the
     * conversations and one commit are all that lie between the server's acceptance and the record of it. Load,
     * decide, write: the re-check decided at the claim; what is left to decide is SMTP's.
     */
    private Uni<Integer> deliver(List<Checked> wave, UUID token, Instant now) {
        return Panache.withTransaction(() -> Panache.getSession().chain(s ->
                // by the primary key alone, the claim checked here: with the status and the token in the query, the
                // planner took the partial index of PENDING rows whenever its statistics predated a burst of new
                // e-mails, and each wave then scanned the whole backlog (a morning's 20,000 rows, 4,000 waves)
                Sql.of(s, "SELECT id, status, claim_token FROM emails WHERE id = ANY(cast(:ids as uuid[])) "
                        + "FOR UPDATE")
                .setParameter("ids", SqlValues.uuids(wave, c -> c.pending().id()))
                .getResultList()
                .map(rows -> rows.stream().filter(r -> "PENDING".equals(r[1]) && token.equals(SqlValues.uuid(r[2])))
                        .map(r -> SqlValues.uuid(r[0])).collect(java.util.stream.Collectors.toSet()))
                .chain(mine -> Multi.createFrom().iterable(wave.stream().filter(c -> mine.contains(c.pending().id()))
                                .toList())
                        // the rows of one session are written one after the other; only the conversations overlap
                        .onItem().transformToUniAndConcatenate(c -> c instanceof Rerender x
                                ? rerender(s, x.pending(), x.remaining()).map(q -> (Checked) new Send(q))
                                : Uni.createFrom().item(c))
                        .collect().asList())
                .chain(ready -> documents(s, ready).chain(documents -> Multi.createFrom().iterable(ready)
                        .onItem().transformToUni(c -> c instanceof Suppress x
                                ? Uni.createFrom().item((Outcome) new Suppressed(x.pending(), x.reason()))
                                : attachAndSend(c.pending(), documents))
                        .merge(Math.max(1, ready.size()))
                        .collect().asList()))
                .chain(outcomes -> write(s, outcomes, now))));
    }

    /** R8.1: the numbers and document links of the invoices of the e-mails of a wave that carry them, in one query. */
    private static Uni<Map<TenantData.Invoice, TenantData.LinkedDocument>> documents(Mutiny.Session s,
                                                                                  List<Checked> ready) {
        return TenantData.documents(s, ready.stream().filter(c -> !(c instanceof Suppress) && c.pending().attach())
                .flatMap(c -> c.pending().invoiceIds().stream().map(i -> new TenantData.Invoice(c.pending().tenant(),
                        i))).toList());
    }

    /**
     * An e-mail with the documents it must carry (R8.1): fetched first, all of them or the e-mail is not sent (a
     * document that cannot be fetched is the e-mail's failure, retried or final as {@link Attachments} says).
     */
    private Uni<Outcome> attachAndSend(Pending p, Map<TenantData.Invoice, TenantData.LinkedDocument> documents) {
        if (!p.attach() || p.invoiceIds().isEmpty()) {
            return send(p, List.of());
        }
        List<Uni<DocumentFetcher.Document>> fetches = p.invoiceIds().stream().map(i -> {
            TenantData.LinkedDocument d = documents.get(new TenantData.Invoice(p.tenant(), i));
            return fetcher.fetch(d == null || d.number() == null ? i.toString() : d.number(),
                    d == null ? null : d.url());
        }).toList();
        return Uni.join().all(fetches).andFailFast()
                .map(fetched -> {
                    long total = fetched.stream().mapToLong(d -> d.data().length).sum();
                    if (total > config.attachmentsMaxTotalBytes()) {
                        throw Attachments.tooLargeTogether(total, config.attachmentsMaxTotalBytes());
                    }
                    return fetched;
                })
                .onItem().transformToUni(fetched -> send(p, fetched))
                .onFailure(Attachments.Unavailable.class).recoverWithItem(e -> new Refused(p, e.getMessage(),
                        ((Attachments.Unavailable) e).permanent(), true));
    }

    /**
     * One SMTP conversation, a span of the e-mail's trace (the reminder step's or the approval's); only its own
     * failures are delivery failures.
     */
    private Uni<Outcome> send(Pending p, List<DocumentFetcher.Document> attachments) {
        Mail mail = new Mail().setSubject(p.subject()).setHtml(p.html()).setText(p.text()).setTo(new ArrayList<>(p.to()))
                .addHeader("Message-ID", p.messageId());
        attachments.forEach(d -> mail.addAttachment(d.fileName(), d.data(), d.contentType()));
        Span span = tracer.spanBuilder("smtp send").setSpanKind(SpanKind.CLIENT)
                .setParent(Traces.context(p.traceParent())).setAttribute("dunning.email.id", p.id().toString())
                .setAttribute("dunning.email.recipients", p.to().size()).setAttribute("dunning.tenant", p.tenant())
                .startSpan();
        // dunning_smtp_conversations_total{outcome}: what the SMTP server said, whatever becomes of the e-mail
        Duration timeout = config.sendTimeout();
        return mailer.send(mail).ifNoItem().after(timeout).failWith(() -> new java.util.concurrent.TimeoutException(
                        "no end to the SMTP conversation within " + timeout.toSeconds() + " s"))
                .map(ok -> (Outcome) new Accepted(p))
                .invoke(() -> {
                    meters.count("dunning.smtp.conversations", 1, "outcome", "accepted");
                    span.end();
                })
                .onFailure().invoke(e -> {
                    meters.count("dunning.smtp.conversations", 1, "outcome", "failed");
                    span.recordException(e);
                    span.setStatus(StatusCode.ERROR, String.valueOf(e.getMessage()));
                    span.end();
                })
                .onFailure().recoverWithItem(e -> new Refused(p, String.valueOf(e.getMessage()),
                        Delivery.permanent(replyCode(e)), false));
    }

    /** The grouped e-mail again, without the invoices that dropped out. */
    private Uni<Pending> rerender(Mutiny.Session s, Pending p, List<UUID> remaining) {
        ReminderEvents.ReminderStepDue due = TenantData.read(p.step(), new TypeReference<>() {
        });
        ReminderEvents.ReminderStepDue left = due.withInvoices(due.invoices().stream()
                .filter(i -> remaining.contains(i.invoiceId())).toList());
        return TenantData.template(s, p.tenant(), due.templateKey(), PlanEvents.TemplateKind.EMAIL)
                .chain(variants -> TenantData.settings(s, p.tenant()).chain(settings ->
                        TenantData.paymentLinks(s, p.tenant(), left).map(links ->
                                EmailComposer.compose(left, variants, settings, links))))
                .chain(m -> Sql.of(s, "UPDATE emails SET subject = :subject, body_html = :html, body_text = "
                                + ":text, invoice_ids = cast(:ids as uuid[]) WHERE id = :id")
                        .setParameter("subject", m.subject()).setParameter("html", m.html())
                        .setParameter("text", m.text()).setParameter("ids", SqlValues.uuidArray(remaining))
                        .setParameter("id", p.id()).executeUpdate()
                        .map(n -> new Pending(p.id(), p.tenant(), p.reminderKey(), p.customerId(), p.audience(),
                                p.to(), m.subject(), m.html(), m.text(), p.messageId(), p.attempts(), remaining,
                                p.step(), false, p.traceParent(), p.attach())));
    }

    /**
     * A wave's outcomes: the accepted ones SENT in one statement, the suppressed ones in one, each failure on its
     * own (a failure is rare and has its own attempt count, back-off and reason), then every event in one append.
     */
    private Uni<Integer> write(Mutiny.Session s, List<Outcome> outcomes, Instant now) {
        List<Pending> accepted = outcomes.stream().filter(o -> o instanceof Accepted).map(Outcome::pending).toList();
        List<Suppressed> suppressed = outcomes.stream().filter(o -> o instanceof Suppressed).map(o -> (Suppressed) o)
                .toList();
        List<Published.Outcome> events = new ArrayList<>();
        Uni<Void> written = Uni.createFrom().voidItem();
        if (!accepted.isEmpty()) {
            written = written.chain(() -> Sql.of(s, "UPDATE emails SET status = 'SENT', sent_at = :at, "
                            + "attempts = attempts + 1, last_error = NULL WHERE id = ANY(cast(:ids as uuid[]))")
                    .setParameter("at", now.atOffset(ZoneOffset.UTC))
                    .setParameter("ids", SqlValues.uuids(accepted, Pending::id)).executeUpdate().replaceWithVoid());
            accepted.forEach(p -> events.add(new Published.Outcome(p.tenant(), p.customerId(), p.id(),
                    p.traceParent(), new NotificationEvents.EmailSent(p.id(), p.reminderKey(), p.customerId(), p.invoiceIds(),
                            p.audience(), p.to(), p.subject(), p.text(), p.messageId(), now))));
        }
        if (!suppressed.isEmpty()) {
            suppressed.forEach(x -> LOG.infof("e-mail %s of tenant %s not sent: %s", x.pending().id(),
                    x.pending().tenant(), x.reason()));
            written = written.chain(() -> Sql.of(s, "UPDATE emails e SET status = 'SUPPRESSED', last_error "
                            + "= u.why FROM unnest(cast(:ids as uuid[]), cast(:whys as text[])) AS u(id, why) "
                            + "WHERE e.id = u.id")
                    .setParameter("ids", SqlValues.uuids(suppressed, x -> x.pending().id()))
                    .setParameter("whys", SqlValues.texts(suppressed, Suppressed::reason)).executeUpdate()
                    .replaceWithVoid());
            suppressed.forEach(x -> events.add(new Published.Outcome(x.pending().tenant(), x.pending().customerId(),
                    x.pending().id(), x.pending().traceParent(), new NotificationEvents.EmailSuppressed(x.pending().id(),
                    x.pending().reminderKey(), x.pending().customerId(), x.pending().invoiceIds(),
                    x.pending().audience(), x.reason(), now))));
        }
        for (Outcome o : outcomes) {
            if (o instanceof Refused x) {
                written = written.chain(() -> failed(s, x, now).invoke(events::addAll)
                        .replaceWithVoid());
            }
        }
        return written.chain(() -> published.appendAll(s, events)).replaceWith(accepted.size());
    }

    /**
     * A failed conversation or attachment: retried later with back-off, or FAILED for good; returns the events of
     * giving up (a refused address is a bounce too; a document that could not be attached is not).
     */
    private Uni<List<Published.Outcome>> failed(Mutiny.Session s, Refused x, Instant now) {
        Pending p = x.pending();
        int attempts = p.attempts() + 1;
        boolean permanent = x.permanent();
        boolean giveUp = permanent || attempts >= config.maxAttempts();
        Duration wait = Delivery.retryAfter(attempts, config.firstRetryAfter(), config.maxRetryAfter());
        String error = x.reason();
        LOG.warnf("e-mail %s of tenant %s attempt %d failed: %s%s", p.id(), p.tenant(), attempts, error,
                giveUp ? (permanent ? " (refused for good)" : " (giving up)") : " (retry in " + wait + ")");
        List<Published.Outcome> events = new ArrayList<>();
        if (giveUp) {
            events.add(new Published.Outcome(p.tenant(), p.customerId(), p.id(), p.traceParent(),
                    new NotificationEvents.EmailFailed(
                    p.id(), p.reminderKey(), p.customerId(), p.invoiceIds(), p.audience(), p.to(), error, permanent,
                    attempts, now, x.attachment())));
            if (permanent && !x.attachment() && p.to().size() == 1 && p.audience() == Audience.CUSTOMER) {
                events.add(new Published.Outcome(p.tenant(), p.customerId(), p.id(), p.traceParent(),
                        new NotificationEvents
                        .EmailBounced(p.id(), p.customerId(), p.to().get(0), error, now)));
            }
        }
        return Sql.of(s, "UPDATE emails SET status = :status, attempts = :attempts, "
                        + "next_attempt_at = :next, last_error = :error, permanent = :permanent, claimed_until = NULL "
                        + "WHERE id = :id")
                .setParameter("status", giveUp ? "FAILED" : "PENDING").setParameter("attempts", attempts)
                .setParameter("next", now.plus(wait).atOffset(ZoneOffset.UTC)).setParameter("error", error)
                .setParameter("permanent", permanent).setParameter("id", p.id()).executeUpdate()
                .replaceWith(events);
    }

    static Integer replyCode(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof SMTPException x) {
                return x.getReplyCode();
            }
        }
        return null;
    }
}
