package org.dunning.notification.delivery;

import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.dunning.contract.EventCodec;
import org.dunning.contract.IntegrationEvent;
import org.dunning.contract.InvoiceEvents;
import org.dunning.contract.NotificationEvents;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

/**
 * R8.1 against the real broker, database and SMTP server (read back over IMAP) and a local HTTP server holding the
 * invoice documents: a step that attaches them sends each invoice's document with the e-mail, a grouped e-mail one
 * per invoice; a document that cannot be fetched fails the e-mail visibly (retried when another try may help, then
 * FAILED with the reason and published for follow-up's task), and the e-mail is never sent without it.
 */
@QuarkusTest
@QuarkusTestResource(value = InfrastructureResource.class, initArgs = {@ResourceArg(name = "database", value = "notification"),
        @ResourceArg(name = "smtp-proxy", value = "true")})
class AttachmentsTest {

    /** The document server: {@code /ok/x} answers a PDF, {@code /flaky/x} 503 once and then the PDF, {@code
     * /missing/x} 404, {@code /down/x} always 500, {@code /huge/x} a body declared larger than the limit. */
    static HttpServer documents;
    static final Map<String, AtomicInteger> REQUESTS = new ConcurrentHashMap<>();

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String kafka;
    @ConfigProperty(name = "dunning.test.imap-port")
    int imapPort;
    @ConfigProperty(name = "dunning.mail.max-attempts")
    int maxAttempts;

    final String tenant = "t-" + UUID.randomUUID();
    final UUID customer = UUID.randomUUID();
    final String contact = "anna-" + UUID.randomUUID() + "@berg.example";
    final LocalDate fireDate = LocalDate.of(2026, 12, 4);

    @BeforeAll
    static void serveDocuments() throws IOException {
        documents = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        documents.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            int seen = REQUESTS.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
            byte[] pdf = pdf(path);
            try (OutputStream out = exchange.getResponseBody()) {
                if (path.startsWith("/ok/") || (path.startsWith("/flaky/") && seen > 1)) {
                    exchange.getResponseHeaders().add("Content-Type", "application/pdf");
                    exchange.sendResponseHeaders(200, pdf.length);
                    out.write(pdf);
                } else if (path.startsWith("/huge/")) {
                    exchange.getResponseHeaders().add("Content-Type", "application/pdf");
                    exchange.sendResponseHeaders(200, 11L * 1024 * 1024);
                    out.write(pdf);
                } else {
                    exchange.sendResponseHeaders(path.startsWith("/missing/") ? 404 : path.startsWith("/down/")
                            ? 500 : 503, -1);
                }
            } catch (IOException e) {
                // the client hung up (the huge one): nothing to answer
            }
        });
        documents.start();
    }

    @AfterAll
    static void stop() {
        documents.stop(0);
    }

    static byte[] pdf(String path) {
        return ("%PDF-1.4\n% the document at " + path + "\n%%EOF\n").getBytes(StandardCharsets.US_ASCII);
    }

    String url(String path) {
        return "http://127.0.0.1:" + documents.getAddress().getPort() + path;
    }

    @Test
    void aStepThatAttachesSendsTheInvoiceDocumentEvenWhenItsServerWasBrieflyAway() throws Exception {
        String path = "/flaky/" + UUID.randomUUID() + "/RE-1001.pdf";
        ReminderEvents.InvoiceRef invoice = invoice("RE-1001");
        try (EventPublisher p = new EventPublisher(kafka)) {
            template(p);
            document(p, invoice, url(path));
            publish(p, Topics.REMINDER_STEPS, step(List.of(invoice), true));
        }
        await().atMost(Duration.ofSeconds(40)).until(() -> inbox(contact).size() == 1);
        Mailbox.Received mail = inbox(contact).get(0);
        assertThat(mail.body()).contains("RE-1001");
        assertThat(mail.attachments()).singleElement().satisfies(a -> {
            assertThat(a.fileName()).isEqualTo("RE-1001.pdf");
            assertThat(a.contentType()).isEqualTo("application/pdf");
            assertThat(a.data()).isEqualTo(pdf(path));
        });
        assertThat(REQUESTS.get(path).get()).isEqualTo(2); // 503, then the document
        given().header("Authorization", Tokens.bearer(tenant)).get("/emails").then()
                .body("items[0].status", equalTo("SENT")).body("items[0].attempts", equalTo(2))
                .body("items[0].attachDocuments", equalTo(true));
    }

    @Test
    void aGroupedEmailCarriesTheDocumentOfEachInvoice() throws Exception {
        ReminderEvents.InvoiceRef first = invoice("RE-2001");
        ReminderEvents.InvoiceRef second = invoice("RE 2002/B");
        String one = "/ok/" + UUID.randomUUID() + "/a";
        String two = "/ok/" + UUID.randomUUID() + "/b";
        try (EventPublisher p = new EventPublisher(kafka)) {
            template(p);
            document(p, first, url(one));
            document(p, second, url(two));
            publish(p, Topics.REMINDER_STEPS, step(List.of(first, second), true));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> inbox(contact).size() == 1);
        assertThat(inbox(contact).get(0).attachments())
                .extracting(Mailbox.Attachment::fileName).containsExactly("RE-2001.pdf", "RE_2002_B.pdf");
        assertThat(inbox(contact).get(0).attachments().get(1).data()).isEqualTo(pdf(two));
    }

    @Test
    void aStepThatDoesNotAttachSendsNoDocument() throws Exception {
        ReminderEvents.InvoiceRef invoice = invoice("RE-3001");
        String path = "/ok/" + UUID.randomUUID();
        try (EventPublisher p = new EventPublisher(kafka)) {
            template(p);
            document(p, invoice, url(path));
            publish(p, Topics.REMINDER_STEPS, step(List.of(invoice), false));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> inbox(contact).size() == 1);
        assertThat(inbox(contact).get(0).attachments()).isEmpty();
        assertThat(REQUESTS).doesNotContainKey(path);
    }

    @Test
    void aDocumentThatIsNotThereFailsTheEmailAtOnceWithTheReasonAndNothingIsSent() throws Exception {
        ReminderEvents.InvoiceRef invoice = invoice("RE-4001");
        String path = "/missing/" + UUID.randomUUID();
        NotificationEvents.EmailFailed failed = failedWith(invoice, url(path));
        assertThat(failed.reason()).isEqualTo("the document of invoice RE-4001 could not be fetched: HTTP 404");
        assertThat(failed.permanent()).isTrue();
        assertThat(failed.attempts()).isEqualTo(1);
        assertThat(REQUESTS.get(path).get()).isEqualTo(1);
        given().header("Authorization", Tokens.bearer(tenant)).get("/emails").then()
                .body("items[0].status", equalTo("FAILED"))
                .body("items[0].lastError", equalTo(failed.reason()));
        assertThat(inbox(contact)).isEmpty();
    }

    @Test
    void anInvoiceWithoutADocumentIsRetriedWhileItsLinkMayComeThenFails() throws Exception {
        NotificationEvents.EmailFailed failed = failedWith(invoice("RE-5001"), null);
        assertThat(failed.reason()).isEqualTo("invoice RE-5001 has no document to attach (link one with PUT "
                + "/invoices/{id}/document or upload it to PUT /invoices/{id}/document/file)");
        assertThat(failed.permanent()).isFalse();
        assertThat(failed.attempts()).isEqualTo(maxAttempts);
        assertThat(inbox(contact)).isEmpty();
    }

    @Test
    void aDocumentTooLargeFailsForGood() throws Exception {
        NotificationEvents.EmailFailed failed = failedWith(invoice("RE-5002"), url("/huge/" + UUID.randomUUID()));
        assertThat(failed.reason())
                .isEqualTo("the document of invoice RE-5002 is larger than 10485760 bytes, too large to attach");
        assertThat(failed.permanent()).isTrue();
        assertThat(inbox(contact)).isEmpty();
    }

    @Test
    void aServerThatStaysDownIsRetriedThenTheEmailFails() throws Exception {
        ReminderEvents.InvoiceRef invoice = invoice("RE-6001");
        String path = "/down/" + UUID.randomUUID();
        NotificationEvents.EmailFailed failed = failedWith(invoice, url(path));
        assertThat(failed.reason()).isEqualTo("the document of invoice RE-6001 could not be fetched: HTTP 500");
        assertThat(failed.permanent()).isFalse();
        assertThat(failed.attempts()).isEqualTo(maxAttempts);
        assertThat(REQUESTS.get(path).get()).isEqualTo(maxAttempts);
        assertThat(inbox(contact)).isEmpty();
    }

    /** The e-mail of an attaching step for this invoice (document at {@code url}, null: none) fails: its event. */
    NotificationEvents.EmailFailed failedWith(ReminderEvents.InvoiceRef invoice, String url) throws Exception {
        try (EventPublisher p = new EventPublisher(kafka);
             TopicReader events = new TopicReader(kafka, Topics.NOTIFICATION_EVENTS)) {
            template(p);
            if (url == null) {
                issue(p, invoice);
                awaitProjected(invoice, "number IS NOT NULL");
            } else {
                document(p, invoice, url);
            }
            ReminderEvents.ReminderStepDue due = step(List.of(invoice), true);
            publish(p, Topics.REMINDER_STEPS, due);
            ConsumerRecord<String, String> record = events.awaitRecords(r -> "EmailFailed".equals(TopicReader.header(
                    r, "ce_type")) && r.value().contains(due.reminderKey()), Duration.ofSeconds(60)).get(0);
            EventSchemas.assertValid(record);
            NotificationEvents.EmailFailed failed = (NotificationEvents.EmailFailed) EventCodec.decode("EmailFailed",
                    record.value());
            assertThat(failed.attachmentFailed()).isTrue();
            assertThat(failed.invoiceIds()).containsExactly(invoice.invoiceId());
            // the address is fine: no bounce is published for it
            assertThat(events.settle(r -> "EmailBounced".equals(TopicReader.header(r, "ce_type"))
                    && r.value().contains(contact), Duration.ofSeconds(2))).isEmpty();
            given().header("Authorization", Tokens.bearer(tenant)).get("/emails?status=FAILED").then()
                    .body("items.find { it.reminderKey == '" + due.reminderKey() + "' }.lastError",
                            startsWith(url == null ? "invoice " : "the document of invoice "));
            return failed;
        }
    }

    List<Mailbox.Received> inbox(String address) {
        return Mailbox.read("127.0.0.1", imapPort, address);
    }

    ReminderEvents.InvoiceRef invoice(String number) {
        LocalDate due = fireDate.minusDays(10);
        return new ReminderEvents.InvoiceRef(UUID.randomUUID(), number, due.minusDays(14), due, "EUR",
                new BigDecimal("250.00"), new BigDecimal("250.00"), 10);
    }

    ReminderEvents.ReminderStepDue step(List<ReminderEvents.InvoiceRef> invoices, boolean attach) {
        UUID plan = UUID.randomUUID();
        boolean grouped = invoices.size() > 1;
        return new ReminderEvents.ReminderStepDue(grouped ? ReminderEvents.checkKey(tenant, plan, customer, fireDate)
                : ReminderEvents.reminderKey(tenant, plan, UUID.randomUUID(), invoices.get(0).invoiceId()), plan, 1,
                UUID.randomUUID(), "Reminder with invoice", PlanEvents.Action.AUTO_EMAIL, "with-invoice",
                new ReminderEvents.CustomerRef(customer, "Berg GmbH", "en",
                        List.of(ReminderEvents.Recipient.contact("Anna Berg", contact, null, "accounting"))),
                invoices, fireDate, Instant.parse("2026-12-04T08:00:00Z"),
                grouped ? PlanEvents.PlanType.ESCALATION_PER_GROUP : PlanEvents.PlanType.ESCALATION_PER_INVOICE,
                List.of(), attach);
    }

    void publish(EventPublisher p, String topic, IntegrationEvent e) {
        p.publish(topic, tenant, tenant + "/" + customer, UUID.randomUUID().toString(), 1, e);
    }

    void template(EventPublisher p) {
        publish(p, Topics.PLAN_EVENTS, new PlanEvents.TemplateSaved(UUID.randomUUID(), 1, "with-invoice",
                PlanEvents.TemplateKind.EMAIL, "With invoice", List.of(new PlanEvents.TemplateVariant("en",
                "Open invoices ({invoiceCount})", "<p>Dear {contact.name},</p>{#for i in invoices}<p>{i.number}: "
                        + "{i.outstanding}</p>{/for}<p>Please find the invoices attached.</p>"))));
    }

    void issue(EventPublisher p, ReminderEvents.InvoiceRef invoice) {
        publish(p, Topics.INVOICE_EVENTS, new InvoiceEvents.InvoiceIssued(invoice.invoiceId(), customer,
                invoice.number(), invoice.issueDate(), invoice.dueDate(), invoice.currency(), invoice.amount()));
    }

    /** The invoice and its document link, as invoice-service publishes them, projected before the step comes. */
    void document(EventPublisher p, ReminderEvents.InvoiceRef invoice, String url) throws Exception {
        issue(p, invoice);
        publish(p, Topics.INVOICE_EVENTS, new InvoiceEvents.InvoiceDocumentAttached(invoice.invoiceId(), customer,
                url));
        awaitProjected(invoice, "document_url IS NOT NULL");
    }

    void awaitProjected(ReminderEvents.InvoiceRef invoice, String condition) {
        await().atMost(Duration.ofSeconds(30)).until(() -> TestSql.count("SELECT count(*) FROM invoices WHERE "
                + "invoice_id = '" + invoice.invoiceId() + "' AND " + condition) == 1);
    }
}
