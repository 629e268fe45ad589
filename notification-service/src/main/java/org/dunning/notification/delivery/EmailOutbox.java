package org.dunning.notification.delivery;

import io.quarkus.hibernate.reactive.panache.Panache;
import org.dunning.contract.IntegrationEvent;
import org.dunning.platform.inbox.Batch;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.dunning.contract.EventCodec;
import org.dunning.contract.FollowupEvents;
import org.dunning.contract.NotificationEvents;
import org.dunning.contract.NotificationEvents.Audience;
import org.dunning.contract.PlanEvents;
import org.dunning.contract.ReminderEvents;
import org.dunning.notification.domain.EmailComposer;
import org.dunning.platform.persistence.Sql;
import org.dunning.platform.persistence.SqlValues;
import org.hibernate.reactive.mutiny.Mutiny;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.UUID;

/**
 * Records the e-mails of reminders, rendered now from the tenant's template (projected from the plan topic), in the
 * caller's transaction, a batch at a time: the customer's message and, when the step addresses colleagues, theirs (R2.5). An automatic
 * e-mail is PENDING (the dispatcher sends it); an e-mail with validation (R2.2) is a DRAFT until follow-up publishes
 * its approval. {@code (reminder_key, audience)} is unique: the second time a key arrives nothing is recorded, so
 * nothing is sent twice.
 */
@ApplicationScoped
public class EmailOutbox {

    private final Clock clock;
    private final Published published;

    public EmailOutbox(Clock clock, Published published) {
        this.clock = clock;
        this.published = published;
    }

    /** A message to record: who it is for, what it says, and the status it starts in. */
    private record Row(UUID id, Audience audience, List<String> to, String subject, String html, String text,
                       List<UUID> invoiceIds, String status, String error) {
    }

    /** A reminder step of a tenant to record e-mails for. */
    /** A reminder step due for a tenant, in the trace that fired it (its record's traceparent; null: none). */
    public record Due(String tenant, ReminderEvents.ReminderStepDue step, String traceParent) {
        public Due(String tenant, ReminderEvents.ReminderStepDue step) {
            this(tenant, step, null);
        }
    }

    /**
     * The template of a step this service has not seen yet: the batch waits and is tried again (the plan topic may be
     * behind), until {@code mayWait} says the step has waited long enough; then its e-mail is recorded FAILED with
     * the reason, visible at {@code GET /emails}.
     */
    public static final class TemplateNotYetKnown extends RuntimeException {
        public TemplateNotYetKnown(String message) {
            super(message);
        }
    }

    /** A row to insert with the events to append if it is inserted. */
    private record Made(Due due, Row row, List<IntegrationEvent> events) {
    }

    /**
     * Records the e-mails of many reminders in the caller's transaction, as a set: the reminder keys already handled
     * in one query, the templates and settings named in one each, rendered in pure code (a colleagues' copy reads the
     * customer's overdue invoices), inserted in one statement and their events appended in one. A reminder key seen
     * before (or twice in the batch) makes nothing.
     */
    public Uni<Void> recordAll(Mutiny.Session s, List<Due> dues, Predicate<String> mayWait) {
        if (dues.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Instant now = clock.instant();
        return TenantData.unseen(s, "emails", dues).chain(todo -> todo.isEmpty() ? Uni.createFrom().voidItem()
                : TenantData.forSteps(s, todo).chain(data -> {
            List<Made> made = new ArrayList<>();
            return Batch.inOrder(todo, d -> make(s, d, data, made, mayWait, now)).chain(() -> insertAll(s, made, now));
        }));
    }

    /** The e-mails of one reminder: the customer's and, when the step addresses colleagues, theirs (R2.5). */
    private Uni<Void> make(Mutiny.Session s, Due d, TenantData.ForSteps data, List<Made> made,
                           Predicate<String> mayWait, Instant now) {
        ReminderEvents.ReminderStepDue due = d.step();
        List<UUID> ids = due.invoices().stream().map(ReminderEvents.InvoiceRef::invoiceId).toList();
        String missing = data.missing(d, PlanEvents.TemplateKind.EMAIL);
        if (missing != null) {
            if (mayWait.test(due.reminderKey())) {
                return Uni.createFrom().failure(new TemplateNotYetKnown(missing));
            }
            made.add(failed(d, ids, missing, now));
            return Uni.createFrom().voidItem();
        }
        boolean draft = due.action() == PlanEvents.Action.EMAIL_WITH_VALIDATION;
        String status = draft ? "DRAFT" : "PENDING";
        PlanEvents.TenantSettingsChanged settings = data.settings(d);
        List<Row> rows = new ArrayList<>();
        boolean forContacts = due.customer().recipients().stream().anyMatch(r -> !r.internal());
        EmailComposer.Email m = EmailComposer.compose(due, data.template(d).variants(), settings, data.links(d));
        if (!m.recipients().isEmpty()) {
            rows.add(new Row(UUID.randomUUID(), Audience.CUSTOMER, m.recipients(), m.subject(), m.html(), m.text(),
                    ids, status, null));
        } else if (forContacts) {
            rows.add(new Row(UUID.randomUUID(), Audience.CUSTOMER, List.of(), m.subject(), m.html(), m.text(), ids,
                    "FAILED", "the customer has no contact with a valid e-mail address"));
        }
        boolean forColleagues = due.customer().recipients().stream()
                .anyMatch(r -> r.internal() && r.email() != null && !r.email().isBlank());
        Uni<Void> colleagues = !forColleagues ? Uni.createFrom().voidItem()
                : TenantData.overdue(s, d.tenant(), due).invoke(overdue -> {
            EmailComposer.Email i = EmailComposer.internal(due, overdue, settings);
            rows.add(new Row(UUID.randomUUID(), Audience.INTERNAL, i.recipients(), i.subject(), i.html(), i.text(),
                    ids, status, null));
        }).replaceWithVoid();
        return colleagues.invoke(() -> {
            if (rows.isEmpty()) {
                made.add(failed(d, ids, "the step addresses nobody with an e-mail address", now));
                return;
            }
            Row review = rows.stream().filter(r -> r.status().equals("DRAFT")).findFirst().orElse(null);
            for (Row r : rows) {
                List<IntegrationEvent> events = new ArrayList<>();
                if (r.error() != null) {
                    events.add(failedEvent(d, r, now));
                }
                if (r == review) {
                    events.add(new NotificationEvents.DraftAwaitingValidation(r.id(), due.reminderKey(),
                            due.customer().customerId(), due.customer().name(), r.invoiceIds(), due.stepName(), r.to(),
                            r.subject(), r.html(), due.fireDate()));
                }
                made.add(new Made(d, r, events));
            }
        });
    }

    private static Made failed(Due d, List<UUID> ids, String reason, Instant now) {
        Row r = new Row(UUID.randomUUID(), Audience.CUSTOMER, List.of(), "", "", "", ids, "FAILED", reason);
        return new Made(d, r, List.of(failedEvent(d, r, now)));
    }

    private static NotificationEvents.EmailFailed failedEvent(Due d, Row r, Instant now) {
        return new NotificationEvents.EmailFailed(r.id(), d.step().reminderKey(), d.step().customer().customerId(),
                r.invoiceIds(), r.audience(), r.to(), r.error(), true, 0, now);
    }

    /** Every row in one statement; the events of the rows inserted (not of a key another writer took) in one. */
    private Uni<Void> insertAll(Mutiny.Session s, List<Made> made, Instant now) {
        if (made.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Sql.of(s, "INSERT INTO emails (id, tenant_id, reminder_key, audience, customer_id, recipients, "
                        + "subject, body_html, body_text, message_id, status, next_attempt_at, last_error, permanent, "
                        + "created_at, invoice_ids, step, trace_parent, attach_documents) SELECT id, t, k, a, c, r, su, h, "
                        + "tx, mid, st, :at, err, err IS NOT NULL, :at, cast(string_to_array(ids, ',') as uuid[]), step, "
                        + "tp, att FROM unnest(cast(:id as uuid[]), cast(:t as text[]), cast(:k as text[]), "
                        + "cast(:a as text[]), cast(:c as uuid[]), cast(:r as text[]), cast(:su as text[]), "
                        + "cast(:h as text[]), cast(:tx as text[]), cast(:mid as text[]), cast(:st as text[]), "
                        + "cast(:err as text[]), cast(:ids as text[]), cast(:step as text[]), cast(:tp as text[]), "
                        + "cast(cast(:att as text[]) as boolean[])) AS x(id, t, k, a, c, r, su, h, tx, mid, st, err, ids, step, tp, att) "
                        + "ON CONFLICT (reminder_key, audience) DO NOTHING RETURNING id")
                .setParameter("id", SqlValues.uuids(made, m -> m.row().id()))
                .setParameter("t", SqlValues.texts(made, m -> m.due().tenant()))
                .setParameter("k", SqlValues.texts(made, m -> m.due().step().reminderKey()))
                .setParameter("a", SqlValues.texts(made, m -> m.row().audience().name()))
                .setParameter("c", SqlValues.uuids(made, m -> m.due().step().customer().customerId()))
                .setParameter("r", SqlValues.texts(made, m -> String.join(",", m.row().to())))
                .setParameter("su", SqlValues.texts(made, m -> m.row().subject()))
                .setParameter("h", SqlValues.texts(made, m -> m.row().html()))
                .setParameter("tx", SqlValues.texts(made, m -> m.row().text()))
                .setParameter("mid", SqlValues.texts(made, m -> messageId(m.due().step().reminderKey() + "/"
                        + m.row().audience())))
                .setParameter("st", SqlValues.texts(made, m -> m.row().status()))
                .setParameter("err", SqlValues.texts(made, m -> m.row().error()))
                .setParameter("ids", SqlValues.texts(made, m -> m.row().invoiceIds().stream().map(UUID::toString)
                        .collect(java.util.stream.Collectors.joining(","))))
                .setParameter("step", SqlValues.texts(made, m -> EventCodec.encode(m.due().step())))
                .setParameter("tp", SqlValues.texts(made, m -> m.due().traceParent()))
                // R8.1: the customer's e-mail carries the documents; the colleagues' copy does not
                .setParameter("att", SqlValues.texts(made, m -> m.due().step().attachDocuments()
                        && m.row().audience() == Audience.CUSTOMER))
                .setParameter("at", now.atOffset(ZoneOffset.UTC))
                .column()
                .chain(inserted -> {
                    Set<UUID> in = new HashSet<>();
                    inserted.forEach(id -> in.add(SqlValues.uuid(id)));
                    return published.appendAll(s, made.stream().filter(m -> in.contains(m.row().id()))
                            .flatMap(m -> m.events().stream().map(e -> new Published.Outcome(m.due().tenant(),
                                    m.due().step().customer().customerId(), m.row().id(), m.due().traceParent(), e)))
                            .toList());
                });
    }

    /**
     * A reviewer approved the draft: the e-mail they reviewed takes their subject and body, and every draft of the
     * reminder (the colleagues' copy too) is released to the dispatcher, which re-checks the invoices before sending.
     * Returns how many drafts were released (0 for a redelivered or late approval).
     */
    public Uni<Integer> approve(String tenant, FollowupEvents.EmailApproved a, String traceParent) {
        Instant now = clock.instant();
        return Panache.getSession().chain(s -> Sql.of(s, "UPDATE emails SET subject = :subject, body_html = "
                                + ":html, body_text = :text, edited = true WHERE tenant_id = :t AND id = :id AND status = 'DRAFT' "
                                + "AND (subject <> :subject OR body_html <> :html)")
                        .setParameter("subject", a.subject()).setParameter("html", a.bodyHtml())
                        .setParameter("text", EmailComposer.text(a.bodyHtml())).setParameter("t", tenant)
                        .setParameter("id", a.emailId()).executeUpdate()
                .chain(() -> decide(s, tenant, a.reminderKey(), "PENDING", a.approvedBy(), now, traceParent)));
    }

    /** A reviewer dismissed the draft: none of the reminder's drafts is ever sent. */
    public Uni<Integer> dismiss(String tenant, FollowupEvents.EmailDismissed d) {
        return Panache.getSession().chain(s -> decide(s, tenant, d.reminderKey(), "DISMISSED", d.dismissedBy(),
                clock.instant(), null));
    }

    /** The drafts decided; approved ones go on in the approval's trace (the reviewer's request). */
    private static Uni<Integer> decide(Mutiny.Session s, String tenant, String reminderKey, String status, String by,
                                       Instant now, String traceParent) {
        return Sql.of(s, "UPDATE emails SET status = :status, decided_by = :by, decided_at = :at, "
                        + "next_attempt_at = :at, trace_parent = coalesce(cast(:tp as text), trace_parent) "
                        + "WHERE tenant_id = :t AND reminder_key = :k AND status = 'DRAFT'")
                .setParameter("tp", traceParent)
                .setParameter("status", status).setParameter("by", by).setParameter("at", now.atOffset(ZoneOffset.UTC))
                .setParameter("t", tenant).setParameter("k", reminderKey).executeUpdate();
    }

    /**
     * The Message-ID is derived from the reminder key and the audience: if a crash repeats a send that the server
     * had already accepted, the copy carries the same Message-ID and mail systems can drop it.
     */
    static String messageId(String key) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return "<" + HexFormat.of().formatHex(hash, 0, 16) + "@reminders.dunning>";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
