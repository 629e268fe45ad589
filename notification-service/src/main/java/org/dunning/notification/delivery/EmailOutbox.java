package org.dunning.notification.delivery;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.dunning.contract.EventCodec;
import org.dunning.contract.FollowupEvents;
import org.dunning.contract.NotificationEvents;
import org.dunning.contract.NotificationEvents.Audience;
import org.dunning.contract.PlanEvents;
import org.dunning.contract.ReminderEvents;
import org.dunning.notification.domain.EmailComposer;
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
import java.util.List;
import java.util.UUID;

/**
 * Records the e-mails of a reminder, rendered now from the tenant's template (projected from the plan topic), in the
 * caller's transaction: the customer's message and, when the step addresses colleagues, theirs (R2.5). An automatic
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

    /** True if the e-mails were recorded, false if the reminder key had been handled before. */
    public Uni<Boolean> record(String tenant, ReminderEvents.ReminderStepDue due) {
        boolean draft = due.action() == PlanEvents.Action.EMAIL_WITH_VALIDATION;
        return Panache.getSession().chain(s -> handled(s, due.reminderKey()).chain(handled -> handled
                ? Uni.createFrom().item(false)
                : TenantData.template(s, tenant, due.templateKey(), PlanEvents.TemplateKind.EMAIL)
                .chain(variants -> TenantData.settings(s, tenant).chain(settings -> {
                    List<UUID> ids = due.invoices().stream().map(ReminderEvents.InvoiceRef::invoiceId).toList();
                    String status = draft ? "DRAFT" : "PENDING";
                    List<Row> rows = new ArrayList<>();
                    boolean forContacts = due.customer().recipients().stream().anyMatch(r -> !r.internal());
                    EmailComposer.Email m = EmailComposer.compose(due, variants, settings);
                    if (!m.recipients().isEmpty()) {
                        rows.add(new Row(UUID.randomUUID(), Audience.CUSTOMER, m.recipients(), m.subject(), m.html(),
                                m.text(), ids, status, null));
                    } else if (forContacts) {
                        rows.add(new Row(UUID.randomUUID(), Audience.CUSTOMER, List.of(), m.subject(), m.html(),
                                m.text(), ids, "FAILED", "the customer has no contact with a valid e-mail address"));
                    }
                    boolean forColleagues = due.customer().recipients().stream()
                            .anyMatch(r -> r.internal() && r.email() != null && !r.email().isBlank());
                    Uni<Void> colleagues = !forColleagues ? Uni.createFrom().voidItem()
                            : TenantData.overdue(s, tenant, due).invoke(overdue -> {
                        EmailComposer.Email i = EmailComposer.internal(due, overdue, settings);
                        rows.add(new Row(UUID.randomUUID(), Audience.INTERNAL, i.recipients(), i.subject(), i.html(),
                                i.text(), ids, status, null));
                    }).replaceWithVoid();
                    return colleagues.chain(() -> rows.isEmpty()
                            ? insert(s, tenant, due, new Row(UUID.randomUUID(), Audience.CUSTOMER, List.of(), "", "",
                            "", ids, "FAILED", "the step addresses nobody with an e-mail address"))
                            : insertAll(s, tenant, due, rows))
                            .chain(() -> draft && rows.stream().anyMatch(r -> r.status().equals("DRAFT"))
                                    ? awaitValidation(s, tenant, due, rows.stream()
                                    .filter(r -> r.status().equals("DRAFT")).findFirst().orElseThrow())
                                    : Uni.createFrom().voidItem())
                            .replaceWith(true);
                }))));
    }

    /** Records a reminder that cannot be rendered as FAILED with the reason, so that it is visible, not lost. */
    public Uni<Boolean> recordUnsendable(String tenant, ReminderEvents.ReminderStepDue due, String reason) {
        List<UUID> ids = due.invoices().stream().map(ReminderEvents.InvoiceRef::invoiceId).toList();
        return Panache.getSession().chain(s -> handled(s, due.reminderKey()).chain(handled -> handled
                ? Uni.createFrom().item(false)
                : insert(s, tenant, due, new Row(UUID.randomUUID(), Audience.CUSTOMER, List.of(), "", "", "", ids,
                "FAILED", reason)).replaceWith(true)));
    }

    /**
     * A reviewer approved the draft: the e-mail they reviewed takes their subject and body, and every draft of the
     * reminder (the colleagues' copy too) is released to the dispatcher, which re-checks the invoices before sending.
     * Returns how many drafts were released (0 for a redelivered or late approval).
     */
    public Uni<Integer> approve(String tenant, FollowupEvents.EmailApproved a) {
        Instant now = clock.instant();
        return Panache.getSession().chain(s -> s.createNativeQuery("UPDATE emails SET subject = :subject, body_html = "
                                + ":html, body_text = :text, edited = true WHERE tenant_id = :t AND id = :id AND status = 'DRAFT' "
                                + "AND (subject <> :subject OR body_html <> :html)")
                        .setParameter("subject", a.subject()).setParameter("html", a.bodyHtml())
                        .setParameter("text", EmailComposer.text(a.bodyHtml())).setParameter("t", tenant)
                        .setParameter("id", a.emailId()).executeUpdate()
                .chain(() -> decide(s, tenant, a.reminderKey(), "PENDING", a.approvedBy(), now)));
    }

    /** A reviewer dismissed the draft: none of the reminder's drafts is ever sent. */
    public Uni<Integer> dismiss(String tenant, FollowupEvents.EmailDismissed d) {
        return Panache.getSession().chain(s -> decide(s, tenant, d.reminderKey(), "DISMISSED", d.dismissedBy(),
                clock.instant()));
    }

    private static Uni<Integer> decide(Mutiny.Session s, String tenant, String reminderKey, String status, String by,
                                       Instant now) {
        return s.createNativeQuery("UPDATE emails SET status = :status, decided_by = :by, decided_at = :at, "
                        + "next_attempt_at = :at WHERE tenant_id = :t AND reminder_key = :k AND status = 'DRAFT'")
                .setParameter("status", status).setParameter("by", by).setParameter("at", now.atOffset(ZoneOffset.UTC))
                .setParameter("t", tenant).setParameter("k", reminderKey).executeUpdate();
    }

    private Uni<Void> insertAll(Mutiny.Session s, String tenant, ReminderEvents.ReminderStepDue due, List<Row> rows) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (Row r : rows) {
            chain = chain.chain(() -> insert(s, tenant, due, r));
        }
        return chain;
    }

    private Uni<Void> insert(Mutiny.Session s, String tenant, ReminderEvents.ReminderStepDue due, Row r) {
        Instant now = clock.instant();
        Uni<Integer> insert = s.createNativeQuery("INSERT INTO emails (id, tenant_id, reminder_key, audience, "
                        + "customer_id, recipients, subject, body_html, body_text, message_id, status, next_attempt_at, "
                        + "last_error, permanent, created_at, invoice_ids, step) VALUES (:id, :t, :k, :audience, :c, :to, "
                        + ":subject, :html, :text, :mid, :status, :at, :err, :permanent, :at, cast(:ids as uuid[]), :step) "
                        + "ON CONFLICT (reminder_key, audience) DO NOTHING")
                .setParameter("id", r.id()).setParameter("t", tenant).setParameter("k", due.reminderKey())
                .setParameter("audience", r.audience().name())
                .setParameter("c", due.customer().customerId()).setParameter("to", String.join(",", r.to()))
                .setParameter("subject", r.subject()).setParameter("html", r.html()).setParameter("text", r.text())
                .setParameter("mid", messageId(due.reminderKey() + "/" + r.audience()))
                .setParameter("status", r.status()).setParameter("err", r.error())
                .setParameter("permanent", r.error() != null)
                .setParameter("at", now.atOffset(ZoneOffset.UTC)).setParameter("ids", SqlValues.uuidArray(r.invoiceIds()))
                .setParameter("step", EventCodec.encode(due))
                .executeUpdate();
        if (r.error() == null) {
            return insert.replaceWithVoid();
        }
        return insert.chain(n -> n == 0 ? Uni.createFrom().voidItem() : published.append(s, tenant,
                due.customer().customerId(), r.id(), new NotificationEvents.EmailFailed(r.id(), due.reminderKey(),
                        due.customer().customerId(), r.invoiceIds(), r.audience(), r.to(), r.error(), true, 0, now)));
    }

    private Uni<Void> awaitValidation(Mutiny.Session s, String tenant, ReminderEvents.ReminderStepDue due, Row r) {
        return published.append(s, tenant, due.customer().customerId(), r.id(),
                new NotificationEvents.DraftAwaitingValidation(r.id(), due.reminderKey(), due.customer().customerId(),
                        due.customer().name(), r.invoiceIds(), due.stepName(), r.to(), r.subject(), r.html(),
                        due.fireDate()));
    }

    private static Uni<Boolean> handled(Mutiny.Session s, String reminderKey) {
        return s.createNativeQuery("SELECT 1 FROM emails WHERE reminder_key = :k", Object.class)
                .setParameter("k", reminderKey).getResultList().map(rows -> !rows.isEmpty());
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
