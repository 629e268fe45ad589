package org.dunning.notification.messaging;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import org.dunning.contract.Envelope;
import org.dunning.contract.EventCodec;
import org.dunning.contract.PlanEvents;
import org.dunning.contract.ReminderEvents;
import org.dunning.contract.Topics;
import org.dunning.testing.EventPublisher;
import org.dunning.testing.InfrastructureResource;
import org.dunning.testing.Mailbox;
import org.dunning.testing.Tokens;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/** Reminder steps in from the real broker, e-mails out to the real SMTP server, read back over IMAP. */
@QuarkusTest
@QuarkusTestResource(value = InfrastructureResource.class, initArgs = {@ResourceArg(name = "database", value = "notification"),
        @ResourceArg(name = "smtp-proxy", value = "true")})
class ReminderEmailTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String kafka;
    @ConfigProperty(name = "quarkus.mailer.host")
    String smtpHost;
    @ConfigProperty(name = "dunning.test.imap-port")
    int imapPort;

    static ReminderEvents.ReminderStepDue due(String tenant, String email, PlanEvents.Action action, String number) {
        UUID plan = UUID.randomUUID();
        UUID step = UUID.randomUUID();
        UUID invoice = UUID.randomUUID();
        return ReminderEvents.ReminderStepDue.perInvoice(ReminderEvents.reminderKey(tenant, plan, step, invoice), plan, 1, step,
                "Friendly reminder", action, "friendly",
                new ReminderEvents.CustomerRef(UUID.randomUUID(), "Berg GmbH", "de",
                        List.of(ReminderEvents.Recipient.contact("Anna Berg", email, null, "accounting"))),
                List.of(new ReminderEvents.InvoiceRef(invoice, number, LocalDate.of(2026, 11, 7),
                        LocalDate.of(2026, 11, 21), "EUR", new BigDecimal("1234.56"), new BigDecimal("1234.56"), 3)),
                LocalDate.of(2026, 11, 24), Instant.parse("2026-11-24T08:00:00Z"));
    }

    /** The tenant's template, as plan-service publishes it on the plan topic. */
    void template(EventPublisher publisher, String tenant) {
        publisher.publish(Topics.PLAN_EVENTS, tenant, tenant, "template-1", 1, new PlanEvents.TemplateSaved(
                UUID.randomUUID(), 1, "friendly", PlanEvents.TemplateKind.EMAIL, "Friendly", List.of(
                new PlanEvents.TemplateVariant("de", "Zahlungserinnerung: Rechnung {invoice.number}",
                        "<p>Guten Tag {contact.name},</p><p>Rechnung {invoice.number}: {invoice.outstanding}, "
                                + "fällig am {invoice.dueDate}.</p>"),
                new PlanEvents.TemplateVariant("en", "Payment reminder: invoice {invoice.number}",
                        "<p>Invoice {invoice.number}: {invoice.outstanding}</p>"))));
    }

    @Test
    void anAutomaticEmailStepIsSentOnceEvenWhenRedelivered() {
        String tenant = "t-" + UUID.randomUUID();
        String email = "anna-" + UUID.randomUUID() + "@berg.example";
        ReminderEvents.ReminderStepDue due = due(tenant, email, PlanEvents.Action.AUTO_EMAIL, "INV-4711");
        try (EventPublisher publisher = new EventPublisher(kafka)) {
            template(publisher, tenant);
            Envelope sent = publisher.publish(Topics.REMINDER_STEPS, tenant, tenant + "/c", due.reminderKey(), 1, due);
            await().atMost(Duration.ofSeconds(30)).until(() -> Mailbox.read(smtpHost, imapPort, email).size() == 1);
            // The same record again, and the same reminder under a new event id: neither sends anything.
            publisher.publish(Topics.REMINDER_STEPS, tenant + "/c", sent, EventCodec.encode(due));
            publisher.publish(Topics.REMINDER_STEPS, tenant, tenant + "/c", due.reminderKey(), 1, due);
        }
        Mailbox.Received mail = Mailbox.read(smtpHost, imapPort, email).get(0);
        assertThat(mail.to()).containsExactly(email);
        assertThat(mail.subject()).isEqualTo("Zahlungserinnerung: Rechnung INV-4711");
        assertThat(mail.body()).contains("INV-4711").contains("1.234,56 €").contains("21.11.2026");
        assertThat(mail.messageId()).endsWith("@reminders.dunning>");

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given()
                .header("Authorization", Tokens.bearer(tenant)).get("/emails").then().statusCode(200)
                .body("items.size()", equalTo(1)).body("items[0].status", equalTo("SENT"))
                .body("items[0].reminderKey", equalTo(due.reminderKey())));
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
                .until(() -> Mailbox.read(smtpHost, imapPort, email).size() == 1);
        given().header("Authorization", Tokens.bearer("other-" + tenant)).get("/emails").then()
                .body("items.size()", equalTo(0));
    }

    @Test
    void aCallStepSendsNoEmail() {
        String tenant = "t-" + UUID.randomUUID();
        String email = "call-" + UUID.randomUUID() + "@berg.example";
        try (EventPublisher publisher = new EventPublisher(kafka)) {
            template(publisher, tenant);
            ReminderEvents.ReminderStepDue call = due(tenant, email, PlanEvents.Action.CALL, "INV-1");
            publisher.publish(Topics.REMINDER_STEPS, tenant, tenant + "/c", call.reminderKey(), 1, call);
            ReminderEvents.ReminderStepDue mail = due(tenant, email, PlanEvents.Action.AUTO_EMAIL, "INV-2");
            publisher.publish(Topics.REMINDER_STEPS, tenant, tenant + "/c", mail.reminderKey(), 1, mail);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> !Mailbox.read(smtpHost, imapPort, email).isEmpty());
        assertThat(Mailbox.read(smtpHost, imapPort, email)).extracting(Mailbox.Received::subject)
                .containsExactly("Zahlungserinnerung: Rechnung INV-2");
    }

    @Test
    void aReminderWhoseTemplateNeverArrivesIsRecordedAsFailedWithTheReason() {
        String tenant = "t-" + UUID.randomUUID();
        ReminderEvents.ReminderStepDue due = due(tenant, "x@berg.example", PlanEvents.Action.AUTO_EMAIL, "INV-9");
        try (EventPublisher publisher = new EventPublisher(kafka)) {
            publisher.publish(Topics.REMINDER_STEPS, tenant, tenant + "/c", due.reminderKey(), 1, due);
        }
        await().atMost(Duration.ofSeconds(120)).untilAsserted(() -> given()
                .header("Authorization", Tokens.bearer(tenant)).get("/emails").then().statusCode(200)
                .body("items.size()", equalTo(1)).body("items[0].status", equalTo("FAILED"))
                .body("items[0].lastError", equalTo("no template 'friendly' of tenant " + tenant + " is known")));
    }

    @Test
    void aBadStatusFilterIsRefused() {
        given().header("Authorization", Tokens.bearer("t")).get("/emails?status=LOST").then().statusCode(422)
                .body("errors[0].field", equalTo("status"));
    }
}
