package org.dunning.notification.delivery;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.dunning.contract.EventCodec;
import org.dunning.contract.FollowupEvents;
import org.dunning.contract.IntegrationEvent;
import org.dunning.contract.InvoiceEvents;
import org.dunning.contract.NotificationEvents;
import org.dunning.contract.PostalAddress;
import org.dunning.contract.PlanEvents;
import org.dunning.contract.ReminderEvents;
import org.dunning.contract.Topics;
import org.dunning.notification.TestSql;
import org.dunning.testing.EventPublisher;
import org.dunning.testing.EventSchemas;
import org.dunning.testing.InfrastructureResource;
import org.dunning.testing.Mailbox;
import org.dunning.testing.Tokens;
import org.dunning.testing.TopicReader;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;

/**
 * Issue #6 against the real broker, database and SMTP server (read back over IMAP): grouped and English e-mails with
 * fees, colleagues' summaries, drafts approved with edits, letters as PDF, the re-check before sending, an SMTP
 * outage, retries given up, bounces.
 */
@QuarkusTest
@QuarkusTestResource(value = InfrastructureResource.class, initArgs = {@ResourceArg(name = "database", value = "notification"),
        @ResourceArg(name = "smtp-proxy", value = "true")})
class MessagesTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String kafka;
    @ConfigProperty(name = "dunning.test.imap-port")
    int imapPort;
    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;
    @ConfigProperty(name = "quarkus.datasource.username")
    String dbUser;
    @ConfigProperty(name = "quarkus.datasource.password")
    String dbPassword;

    final String tenant = "t-" + UUID.randomUUID();
    final UUID customer = UUID.randomUUID();
    final String contact = "anna-" + UUID.randomUUID() + "@berg.example";
    final String colleague = "paul-" + UUID.randomUUID() + "@dunning.example";
    final LocalDate fireDate = LocalDate.of(2026, 12, 1);

    @AfterEach
    void lineBack() {
        InfrastructureResource.smtpProxy().restore();
    }

    List<Mailbox.Received> inbox(String address) {
        return Mailbox.read("127.0.0.1", imapPort, address);
    }

    ReminderEvents.InvoiceRef invoice(String number, String amount, LocalDate due) {
        return new ReminderEvents.InvoiceRef(UUID.randomUUID(), number, due.minusDays(14), due, "EUR",
                new BigDecimal(amount), new BigDecimal(amount), fireDate.toEpochDay() - due.toEpochDay());
    }

    ReminderEvents.ReminderStepDue step(PlanEvents.Action action, String template, String language,
                                        List<ReminderEvents.Recipient> to, List<ReminderEvents.InvoiceRef> invoices) {
        UUID plan = UUID.randomUUID();
        return new ReminderEvents.ReminderStepDue(ReminderEvents.checkKey(tenant, plan, customer, fireDate), plan, 1,
                UUID.randomUUID(), "Second reminder", action, template,
                new ReminderEvents.CustomerRef(customer, "Berg GmbH", language, to), invoices, fireDate,
                Instant.parse("2026-12-01T08:00:00Z"),
                invoices.size() > 1 ? PlanEvents.PlanType.ESCALATION_PER_GROUP : PlanEvents.PlanType.ESCALATION_PER_INVOICE,
                List.of());
    }

    List<ReminderEvents.Recipient> anna() {
        return List.of(ReminderEvents.Recipient.contact("Anna Berg", contact, "+49 30 1234", "accounting"));
    }

    void publish(EventPublisher p, String topic, IntegrationEvent e) {
        p.publish(topic, tenant, tenant + "/" + customer, UUID.randomUUID().toString(), 1, e);
    }

    /** The tenant's e-mail and letter templates and settings (fees on), as plan-service publishes them. */
    void setUp(EventPublisher p) {
        String table = "{#for i in invoices}<tr><td>{i.number}</td><td>{i.dueDate}</td><td>{i.outstanding}</td>"
                + "<td>{i.flatFee}</td><td>{i.interest}</td></tr>{/for}";
        publish(p, Topics.PLAN_EVENTS, new PlanEvents.TemplateSaved(UUID.randomUUID(), 1, "grouped",
                PlanEvents.TemplateKind.EMAIL, "Grouped", List.of(
                new PlanEvents.TemplateVariant("de", "Offene Rechnungen ({invoiceCount})",
                        "<p>Guten Tag {contact.name},</p><table>" + table + "</table><p>Gesamt {totalOutstanding}"
                                + "{#if fees.applies}, mit Gebühren {fees.totalDue}{/if}</p>"),
                new PlanEvents.TemplateVariant("en", "Open invoices ({invoiceCount})",
                        "<p>Dear {contact.name},</p><table>" + table + "</table><p>Total {totalOutstanding}"
                                + "{#if fees.applies}, with fees {fees.total}: {fees.totalDue}{/if}</p>"))));
        publish(p, Topics.PLAN_EVENTS, new PlanEvents.TemplateSaved(UUID.randomUUID(), 1, "final-letter",
                PlanEvents.TemplateKind.LETTER, "Final letter", List.of(
                new PlanEvents.TemplateVariant("de", "Letzte Mahnung", "<p>{customer.name}</p><h2>Letzte Mahnung</h2>"
                        + "<table>" + table + "</table><p>Zu zahlen: {fees.totalDue}</p>"))));
        publish(p, Topics.PLAN_EVENTS, new PlanEvents.TenantSettingsChanged(1, LocalTime.of(8, 0), "Europe/Berlin",
                LocalTime.of(13, 0), "Europe/Paris", false, null, 0,
                new PlanEvents.LateChargeSettings(true, new BigDecimal("40.00"), new BigDecimal("9.12")),
                "Nordlicht AG", "Ihr Team der Nordlicht AG"));
        // the settings are known before a step comes (as in production, where they are saved long before): the
        // plan topic's consumer and the reminder topic's are apart, and a step rendered before the settings arrived
        // would be rendered without the fees
        await().atMost(Duration.ofSeconds(30)).until(() -> count("SELECT count(*) FROM tenant_settings WHERE "
                + "tenant_id = '" + tenant + "'") == 1);
    }

    @Test
    void anInvoicesPaymentLinkIsInItsEmail() throws Exception {
        ReminderEvents.InvoiceRef paid = invoice("P-1", "50.00", fireDate.minusDays(10));
        try (EventPublisher p = new EventPublisher(kafka)) {
            setUp(p);
            publish(p, Topics.PLAN_EVENTS, new PlanEvents.TemplateSaved(UUID.randomUUID(), 1, "paylink",
                    PlanEvents.TemplateKind.EMAIL, "Pay link", List.of(new PlanEvents.TemplateVariant("en",
                    "Invoice {invoice.number}", "<p>{invoice.outstanding}</p>{#if invoice.paymentUrl}<p><a href=\""
                            + "{invoice.paymentUrl}\">Pay now</a></p>{/if}"))));
            publish(p, Topics.INVOICE_EVENTS, new InvoiceEvents.InvoiceIssued(paid.invoiceId(), customer, "P-1",
                    paid.issueDate(), paid.dueDate(), "EUR", paid.amount()));
            publish(p, Topics.INVOICE_EVENTS, new InvoiceEvents.InvoicePaymentLinkChanged(paid.invoiceId(), customer,
                    "https://pay.example.com/i/P-1?a=1&b=2"));
            await().atMost(Duration.ofSeconds(30)).until(() -> count("SELECT count(*) FROM invoices WHERE "
                    + "invoice_id = '" + paid.invoiceId() + "' AND payment_url IS NOT NULL") == 1);
            publish(p, Topics.REMINDER_STEPS, step(PlanEvents.Action.AUTO_EMAIL, "paylink", "en", anna(),
                    List.of(paid)));
        }
        await().atMost(Duration.ofSeconds(40)).until(() -> inbox(contact).size() == 1);
        String html = given().header("Authorization", Tokens.bearer(tenant)).get("/emails?customerId=" + customer)
                .then().statusCode(200).extract().path("items[0].bodyHtml");
        assertThat(html).contains("<a href=\"https://pay.example.com/i/P-1?a=1&amp;b=2\">Pay now</a>");
        assertThat(inbox(contact).get(0).body()).contains("https://pay.example.com/i/P-1");
    }

    @Test
    void aGroupedEnglishEmailListsItsThreeInvoicesWithFeesInEnglishFormats() {
        List<ReminderEvents.InvoiceRef> three = List.of(invoice("A-1", "1000.00", fireDate.minusDays(10)),
                invoice("A-2", "1000.00", fireDate.minusDays(10)), invoice("A-3", "1000.00", fireDate.minusDays(10)));
        try (EventPublisher p = new EventPublisher(kafka)) {
            setUp(p);
            publish(p, Topics.REMINDER_STEPS, step(PlanEvents.Action.AUTO_EMAIL, "grouped", "en", anna(), three));
        }
        await().atMost(Duration.ofSeconds(40)).until(() -> inbox(contact).size() == 1);
        Mailbox.Received mail = inbox(contact).get(0);
        assertThat(mail.subject()).isEqualTo("Open invoices (3)");
        // 40.00 flat fee and 1000.00 × 9.12 % × 10 / 365 = 2.50 interest per invoice
        assertThat(mail.body()).contains("A-1", "A-2", "A-3", "Nov 21, 2026", "€1,000.00", "€40.00", "€2.50",
                "Total €3,000.00, with fees €127.50: €3,127.50");
        // the e-mail is found by any of its invoices, and by nothing else
        given().header("Authorization", Tokens.bearer(tenant)).get("/emails?invoiceId=" + three.get(1).invoiceId())
                .then().statusCode(200).body("items.size()", equalTo(1))
                .body("items[0].invoiceIds", hasItems(three.get(0).invoiceId().toString(),
                        three.get(1).invoiceId().toString(), three.get(2).invoiceId().toString()));
        given().header("Authorization", Tokens.bearer(tenant)).get("/emails?invoiceId=" + UUID.randomUUID()
                        + "&status=SENT").then().statusCode(200).body("items.size()", equalTo(0));
    }

    @Test
    void colleaguesGetEveryOverdueInvoiceOfTheCustomerAndTheContactsPhone() throws Exception {
        ReminderEvents.InvoiceRef reminded = invoice("B-1", "1234.56", fireDate.minusDays(5));
        UUID other = UUID.randomUUID();
        try (EventPublisher p = new EventPublisher(kafka)) {
            setUp(p);
            // another overdue invoice of the customer, known from the invoice topic
            publish(p, Topics.INVOICE_EVENTS, new InvoiceEvents.InvoiceIssued(other, customer, "B-0",
                    LocalDate.of(2026, 10, 1), LocalDate.of(2026, 10, 15), "EUR", new BigDecimal("99.90")));
            awaitInvoice(other, "OPEN");
            List<ReminderEvents.Recipient> to = new ArrayList<>(anna());
            to.add(new ReminderEvents.Recipient("Paul Kern", colleague, null, null, true));
            publish(p, Topics.REMINDER_STEPS, step(PlanEvents.Action.AUTO_EMAIL, "grouped", "de", to, List.of(reminded)));
        }
        await().atMost(Duration.ofSeconds(40)).until(() -> inbox(colleague).size() == 1 && inbox(contact).size() == 1);
        Mailbox.Received internal = inbox(colleague).get(0);
        assertThat(internal.to()).containsExactly(colleague);
        assertThat(internal.subject()).isEqualTo("Mahnung „Second reminder“ an Berg GmbH: 2 überfällige Rechnung(en)");
        assertThat(internal.body()).contains("B-1", "1.234,56 €", "B-0", "99,90 €", "15.10.2026", "Anna Berg",
                "+49 30 1234");
        assertThat(inbox(contact).get(0).body()).doesNotContain("B-0");
        given().header("Authorization", Tokens.bearer(tenant)).get("/emails?audience=INTERNAL").then()
                .body("items.size()", equalTo(1)).body("items[0].to[0]", equalTo(colleague));
    }

    @Test
    void aDraftIsSentOnlyWhenApprovedAndWithTheReviewersEdits() {
        ReminderEvents.ReminderStepDue due = step(PlanEvents.Action.EMAIL_WITH_VALIDATION, "grouped", "de", anna(),
                List.of(invoice("C-1", "500.00", fireDate.minusDays(3))));
        try (EventPublisher p = new EventPublisher(kafka);
             TopicReader events = new TopicReader(kafka, Topics.NOTIFICATION_EVENTS)) {
            setUp(p);
            publish(p, Topics.REMINDER_STEPS, due);
            ConsumerRecord<String, String> draft = events.awaitRecords(r -> isFor(r, "DraftAwaitingValidation"),
                    Duration.ofSeconds(40)).get(0);
            EventSchemas.assertValid(draft);
            var d = (NotificationEvents.DraftAwaitingValidation) EventCodec.decode("DraftAwaitingValidation", draft.value());
            assertThat(d.subject()).isEqualTo("Offene Rechnungen (1)");
            assertThat(d.bodyHtml()).contains("C-1", "500,00 €");
            assertThat(d.to()).containsExactly(contact);
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> inbox(contact).isEmpty());

            publish(p, Topics.FOLLOWUP_EVENTS, new FollowupEvents.EmailApproved(d.emailId(), d.reminderKey(), customer,
                    "Offene Rechnung C-1 – bitte prüfen", d.bodyHtml().replace("Guten Tag", "Liebe"), "maria",
                    Instant.now()));
            await().atMost(Duration.ofSeconds(30)).until(() -> inbox(contact).size() == 1);
            assertThat(inbox(contact).get(0).subject()).isEqualTo("Offene Rechnung C-1 – bitte prüfen");
            assertThat(inbox(contact).get(0).body()).contains("Liebe Anna Berg").doesNotContain("Guten Tag");
            ConsumerRecord<String, String> sent = events.awaitRecords(r -> isFor(r, "EmailSent"), Duration.ofSeconds(20)).get(0);
            EventSchemas.assertValid(sent);
            // the approval again: nothing more
            publish(p, Topics.FOLLOWUP_EVENTS, new FollowupEvents.EmailApproved(d.emailId(), d.reminderKey(), customer,
                    "again", "again", "maria", Instant.now()));
        }
        given().header("Authorization", Tokens.bearer(tenant)).get("/emails").then()
                .body("items.size()", equalTo(1)).body("items[0].status", equalTo("SENT"))
                .body("items[0].edited", equalTo(true)).body("items[0].decidedBy", equalTo("maria"));
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> inbox(contact).size() == 1);
    }

    @Test
    void aDraftWhoseInvoiceWasPaidMeanwhileIsNotSentAndTheReasonIsPublished() throws Exception {
        ReminderEvents.InvoiceRef i = invoice("D-1", "300.00", fireDate.minusDays(3));
        ReminderEvents.ReminderStepDue due = step(PlanEvents.Action.EMAIL_WITH_VALIDATION, "grouped", "de", anna(),
                List.of(i));
        try (EventPublisher p = new EventPublisher(kafka);
             TopicReader events = new TopicReader(kafka, Topics.NOTIFICATION_EVENTS)) {
            var d = draft(p, events, due);
            publish(p, Topics.INVOICE_EVENTS, new InvoiceEvents.InvoiceIssued(i.invoiceId(), customer, "D-1",
                    i.issueDate(), i.dueDate(), "EUR", i.amount()));
            publish(p, Topics.INVOICE_EVENTS, new InvoiceEvents.PaymentRecorded(i.invoiceId(), customer, "bank-1",
                    i.amount(), fireDate, BigDecimal.ZERO, InvoiceEvents.InvoiceStatus.PAID));
            awaitInvoice(i.invoiceId(), "PAID");
            approve(p, d);
            ConsumerRecord<String, String> suppressed = events.awaitRecords(r -> isFor(r, "EmailSuppressed"),
                    Duration.ofSeconds(30)).get(0);
            EventSchemas.assertValid(suppressed);
            assertThat(suppressed.value()).contains("invoice D-1 was paid");
        }
        given().header("Authorization", Tokens.bearer(tenant)).get("/emails").then()
                .body("items[0].status", equalTo("SUPPRESSED")).body("items[0].lastError",
                        equalTo("invoice D-1 was paid"));
        assertThat(inbox(contact)).isEmpty();
    }

    @Test
    void aDraftApprovedAfterTheCustomerWasPausedIsNotSent() {
        ReminderEvents.ReminderStepDue due = step(PlanEvents.Action.EMAIL_WITH_VALIDATION, "grouped", "de", anna(),
                List.of(invoice("P-1", "300.00", fireDate.minusDays(3))));
        try (EventPublisher p = new EventPublisher(kafka);
             TopicReader events = new TopicReader(kafka, Topics.NOTIFICATION_EVENTS)) {
            var d = draft(p, events, due);
            publish(p, Topics.PLAN_EVENTS, new PlanEvents.CustomerAutomationChanged(customer, true, "in negotiation"));
            await().atMost(Duration.ofSeconds(30)).until(() -> count("SELECT count(*) FROM automation_off WHERE "
                    + "tenant_id = '" + tenant + "'") == 1);
            approve(p, d);
            events.awaitRecords(r -> isFor(r, "EmailSuppressed"), Duration.ofSeconds(30));
        }
        given().header("Authorization", Tokens.bearer(tenant)).get("/emails").then()
                .body("items[0].status", equalTo("SUPPRESSED"))
                .body("items[0].lastError", equalTo("automation is paused for the customer (in negotiation)"));
        assertThat(inbox(contact)).isEmpty();
    }

    @Test
    void anAutomaticGroupedEmailLeavesOutTheInvoicePaidSinceTheStepFiredAndOnePaidEntirelyIsNotSent() throws Exception {
        ReminderEvents.InvoiceRef paid = invoice("E-1", "100.00", fireDate.minusDays(30));
        ReminderEvents.InvoiceRef open = invoice("E-2", "200.00", fireDate.minusDays(20));
        try (EventPublisher p = new EventPublisher(kafka)) {
            setUp(p);
            publish(p, Topics.INVOICE_EVENTS, new InvoiceEvents.InvoiceIssued(paid.invoiceId(), customer, "E-1",
                    paid.issueDate(), paid.dueDate(), "EUR", paid.amount()));
            publish(p, Topics.INVOICE_EVENTS, new InvoiceEvents.PaymentRecorded(paid.invoiceId(), customer, "bank-2",
                    paid.amount(), fireDate, BigDecimal.ZERO, InvoiceEvents.InvoiceStatus.PAID));
            awaitInvoice(paid.invoiceId(), "PAID");
            publish(p, Topics.REMINDER_STEPS, step(PlanEvents.Action.AUTO_EMAIL, "grouped", "de", anna(),
                    List.of(paid, open)));
            publish(p, Topics.REMINDER_STEPS, step(PlanEvents.Action.AUTO_EMAIL, "grouped", "de", anna(),
                    List.of(paid)));
        }
        await().atMost(Duration.ofSeconds(40)).untilAsserted(() -> given().header("Authorization", Tokens.bearer(tenant))
                .get("/emails?status=SUPPRESSED").then().body("items.size()", equalTo(1))
                .body("items[0].lastError", equalTo("invoice E-1 was paid")));
        await().atMost(Duration.ofSeconds(20)).until(() -> inbox(contact).size() == 1);
        assertThat(inbox(contact).get(0).subject()).isEqualTo("Offene Rechnungen (1)");
        assertThat(inbox(contact).get(0).body()).contains("E-2", "200,00 €").doesNotContain("E-1");
    }

    @Test
    void aLetterIsAPdfWithTheInvoiceNumbersAndAmounts() throws Exception {
        ReminderEvents.InvoiceRef first = invoice("L-100", "1234.56", fireDate.minusDays(10));
        List<ReminderEvents.InvoiceRef> two = List.of(first, invoice("L-101", "80.00", fireDate.minusDays(5)));
        ConsumerRecord<String, String> ready;
        try (EventPublisher p = new EventPublisher(kafka);
             TopicReader events = new TopicReader(kafka, Topics.NOTIFICATION_EVENTS)) {
            setUp(p);
            publish(p, Topics.INVOICE_EVENTS, new InvoiceEvents.CustomerRegistered(customer, "Berg GmbH", "de", null,
                    List.of(), "K-4711", List.of(), new PostalAddress("Buchhaltung", List.of("Hafenstraße 7"),
                    "20457", "Hamburg", null, "DE")));
            await().atMost(Duration.ofSeconds(30)).until(() -> count("SELECT count(*) FROM customers WHERE "
                    + "tenant_id = '" + tenant + "' AND billing_address IS NOT NULL") == 1);
            publish(p, Topics.REMINDER_STEPS, step(PlanEvents.Action.LETTER, "final-letter", "de", anna(), two));
            ready = events.awaitRecords(r -> isFor(r, "LetterReady"), Duration.ofSeconds(40)).get(0);
        }
        EventSchemas.assertValid(ready);
        var letter = (NotificationEvents.LetterReady) EventCodec.decode("LetterReady", ready.value());
        assertThat(letter.pages()).isEqualTo(1);
        given().header("Authorization", Tokens.bearer(tenant)).get("/letters?customerId=" + customer).then()
                .statusCode(200).body("items.size()", equalTo(1)).body("items[0].title", equalTo("Letzte Mahnung"))
                .body("items[0].address.city", equalTo("Hamburg")).body("items[0].problem", nullValue());
        byte[] pdf = given().header("Authorization", Tokens.bearer(tenant)).get(letter.documentPath()).then()
                .statusCode(200).contentType("application/pdf").extract().asByteArray();
        String text;
        String window;
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            text = new PDFTextStripper().getText(doc);
            var area = new org.apache.pdfbox.text.PDFTextStripperByArea();
            var w = org.dunning.templates.LetterLayout.Format.DIN_5008_B.window;
            double pt = 72 / 25.4;
            area.addRegion("window", new java.awt.geom.Rectangle2D.Double(w.left() * pt, w.top() * pt,
                    w.width() * pt, w.height() * pt));
            area.extractRegions(doc.getPage(0));
            window = area.getTextForRegion("window");
        }
        assertThat(text).contains("Berg GmbH", "Letzte Mahnung", "L-100", "1.234,56 €", "L-101", "80,00 €", "K-4711");
        assertThat(window).contains("Berg GmbH", "Buchhaltung", "Hafenstraße 7", "20457 Hamburg");
        given().header("Authorization", Tokens.bearer("other-" + tenant)).get(letter.documentPath()).then()
                .statusCode(404);
        assertThat(inbox(contact)).isEmpty();
    }

    @Test
    void aCustomerWithoutAPostalAddressGetsNoLetterButLetterFailedWithTheReason() throws Exception {
        ConsumerRecord<String, String> failed;
        try (EventPublisher p = new EventPublisher(kafka);
             TopicReader events = new TopicReader(kafka, Topics.NOTIFICATION_EVENTS)) {
            setUp(p);
            publish(p, Topics.REMINDER_STEPS, step(PlanEvents.Action.LETTER, "final-letter", "de", anna(),
                    List.of(invoice("L-200", "99.00", fireDate.minusDays(10)))));
            failed = events.awaitRecords(r -> isFor(r, "LetterFailed"), Duration.ofSeconds(40)).get(0);
            assertThat(events.settle(r -> isFor(r, "LetterReady"), Duration.ofMillis(500))).isEmpty();
        }
        EventSchemas.assertValid(failed);
        var event = (NotificationEvents.LetterFailed) EventCodec.decode("LetterFailed", failed.value());
        assertThat(event.reason()).contains("no postal address");
        assertThat(event.customerId()).isEqualTo(customer);
        given().header("Authorization", Tokens.bearer(tenant)).get("/letters?customerId=" + customer).then()
                .statusCode(200).body("items.size()", equalTo(1)).body("items[0].documentPath", nullValue())
                .body("items[0].problem", containsString("no postal address"));
        given().header("Authorization", Tokens.bearer(tenant)).get("/letters/" + event.letterId() + "/pdf").then()
                .statusCode(409);
    }

    @Test
    void duringAnSmtpOutageTheEmailWaitsAndIsSentOnceWhenTheServerIsBack() {
        InfrastructureResource.smtpProxy().cut();
        try (EventPublisher p = new EventPublisher(kafka)) {
            setUp(p);
            publish(p, Topics.REMINDER_STEPS, step(PlanEvents.Action.AUTO_EMAIL, "grouped", "de", anna(),
                    List.of(invoice("F-1", "10.00", fireDate.minusDays(3)))));
        }
        await().atMost(Duration.ofSeconds(40)).untilAsserted(() -> given().header("Authorization", Tokens.bearer(tenant))
                .get("/emails").then().body("items[0].status", equalTo("PENDING"))
                .body("items[0].attempts", greaterThanOrEqualTo(1)));
        InfrastructureResource.smtpProxy().restore();
        await().atMost(Duration.ofSeconds(30)).until(() -> inbox(contact).size() == 1);
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> inbox(contact).size() == 1);
        given().header("Authorization", Tokens.bearer(tenant)).get("/emails").then()
                .body("items[0].status", equalTo("SENT")).body("items[0].attempts", greaterThanOrEqualTo(2));
    }

    @Test
    void aServerThatHangsUpBeforeItsGreetingDelaysTheEmailButDoesNotStopTheSending() {
        // the mail client fails nothing when the line ends before the server's greeting: without a bound on the
        // conversation it, its wave and so the dispatcher would wait for ever (the fault suite met this once)
        InfrastructureResource.smtpProxy().hangUp();
        int before = InfrastructureResource.smtpProxy().hungUp();
        try (EventPublisher p = new EventPublisher(kafka)) {
            setUp(p);
            publish(p, Topics.REMINDER_STEPS, step(PlanEvents.Action.AUTO_EMAIL, "grouped", "de", anna(),
                    List.of(invoice("S-1", "10.00", fireDate.minusDays(3)))));
        }
        await().atMost(Duration.ofSeconds(40)).until(() -> InfrastructureResource.smtpProxy().hungUp() > before);
        InfrastructureResource.smtpProxy().restore();
        await().atMost(Duration.ofSeconds(40)).until(() -> inbox(contact).size() == 1);
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> inbox(contact).size() == 1);
        given().header("Authorization", Tokens.bearer(tenant)).get("/emails").then()
                .body("items[0].status", equalTo("SENT")).body("items[0].attempts", greaterThanOrEqualTo(2));
    }

    @Test
    void anEmailThatCannotBeDeliveredAfterEveryRetryIsFailedAndPublished() {
        try (EventPublisher p = new EventPublisher(kafka);
             TopicReader events = new TopicReader(kafka, Topics.NOTIFICATION_EVENTS)) {
            setUp(p);
            InfrastructureResource.smtpProxy().cut();
            publish(p, Topics.REMINDER_STEPS, step(PlanEvents.Action.AUTO_EMAIL, "grouped", "de", anna(),
                    List.of(invoice("G-1", "10.00", fireDate.minusDays(3)))));
            ConsumerRecord<String, String> failed = events.awaitRecords(r -> isFor(r, "EmailFailed"),
                    Duration.ofSeconds(60)).get(0);
            EventSchemas.assertValid(failed);
            var f = (NotificationEvents.EmailFailed) EventCodec.decode("EmailFailed", failed.value());
            assertThat(f.permanent()).isFalse();
            assertThat(f.attempts()).isEqualTo(6); // %test.dunning.mail.max-attempts
            assertThat(f.to()).containsExactly(contact);
        }
        InfrastructureResource.smtpProxy().restore();
        given().header("Authorization", Tokens.bearer(tenant)).get("/emails?status=FAILED").then()
                .body("items.size()", equalTo(1)).body("items[0].attempts", equalTo(6));
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> inbox(contact).isEmpty());
    }

    @Test
    void aBounceReportedAfterSendingIsRecordedAndPublishedOnce() {
        try (EventPublisher p = new EventPublisher(kafka);
             TopicReader events = new TopicReader(kafka, Topics.NOTIFICATION_EVENTS)) {
            setUp(p);
            publish(p, Topics.REMINDER_STEPS, step(PlanEvents.Action.AUTO_EMAIL, "grouped", "de", anna(),
                    List.of(invoice("H-1", "10.00", fireDate.minusDays(3)))));
            await().atMost(Duration.ofSeconds(40)).until(() -> inbox(contact).size() == 1);
            String messageId = inbox(contact).get(0).messageId();
            for (int i = 0; i < 2; i++) {
                given().header("Authorization", Tokens.bearer(tenant)).contentType("application/json")
                        .body("{\"messageId\":\"" + messageId + "\",\"address\":\"" + contact + "\",\"reason\":\"550 "
                                + "mailbox unavailable\"}").post("/bounces").then().statusCode(200)
                        .body("customerId", equalTo(customer.toString()));
            }
            List<ConsumerRecord<String, String>> bounced = events.awaitRecords(r -> isFor(r, "EmailBounced"),
                    Duration.ofSeconds(20));
            EventSchemas.assertValid(bounced.get(0));
            assertThat(events.settle(r -> isFor(r, "EmailBounced"), Duration.ofSeconds(2))).hasSize(1);
        }
        given().header("Authorization", Tokens.bearer(tenant)).get("/emails").then()
                .body("items[0].status", equalTo("BOUNCED"));
        given().header("Authorization", Tokens.bearer(tenant)).contentType("application/json")
                .body("{\"messageId\":\"<nope@x>\",\"address\":\"" + contact + "\"}").post("/bounces").then()
                .statusCode(404);
        given().header("Authorization", Tokens.bearer(tenant)).contentType("application/json")
                .body("{}").post("/bounces").then().statusCode(422);
    }

    /** The step published, the draft it makes read from the notification topic. */
    NotificationEvents.DraftAwaitingValidation draft(EventPublisher p, TopicReader events,
                                                     ReminderEvents.ReminderStepDue due) {
        setUp(p);
        publish(p, Topics.REMINDER_STEPS, due);
        return (NotificationEvents.DraftAwaitingValidation) EventCodec.decode("DraftAwaitingValidation",
                events.awaitRecords(r -> isFor(r, "DraftAwaitingValidation"), Duration.ofSeconds(40)).get(0).value());
    }

    /** Follow-up's approval of the draft as it is. */
    void approve(EventPublisher p, NotificationEvents.DraftAwaitingValidation d) {
        publish(p, Topics.FOLLOWUP_EVENTS, new FollowupEvents.EmailApproved(d.emailId(), d.reminderKey(), customer,
                d.subject(), d.bodyHtml(), "maria", Instant.now()));
    }

    boolean isFor(ConsumerRecord<String, String> r, String type) {
        return type.equals(TopicReader.header(r, "ce_type")) && tenant.equals(TopicReader.header(r, "ce_tenantid"));
    }

    long count(String sql) throws Exception {
        return TestSql.count(sql);
    }

    void awaitInvoice(UUID invoice, String status) {
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            try (Connection c = DriverManager.getConnection(jdbcUrl, dbUser, dbPassword);
                 PreparedStatement q = c.prepareStatement("SELECT status FROM invoices WHERE invoice_id = ?")) {
                q.setObject(1, invoice);
                try (ResultSet rs = q.executeQuery()) {
                    return rs.next() && status.equals(rs.getString(1));
                }
            }
        });
    }
}
