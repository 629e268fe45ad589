package org.dunning.system;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.dunning.infra.DevTokens;
import org.dunning.launcher.DunningSystem;
import org.dunning.contract.Topics;
import org.dunning.testing.Mailbox;
import org.dunning.testing.TopicReader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;

/**
 * The five packaged services as separate processes, on real PostgreSQL, Kafka and SMTP: a customer, an invoice and a
 * plan created over REST; the clock moved past each step; the e-mail read back from the SMTP server and the call task
 * read back from the follow-up API.
 */
@org.junit.jupiter.api.TestMethodOrder(org.junit.jupiter.api.MethodOrderer.OrderAnnotation.class)
class FirstReminderIT {

    static DunningSystem system;
    static OtlpReceiver otlp;
    static final String TENANT = "acme-" + UUID.randomUUID().toString().substring(0, 8);

    @BeforeAll
    static void start() throws Exception {
        Path home = Path.of(System.getProperty("dunning.home", "..")).toAbsolutePath().normalize();
        Path data = Files.createTempDirectory("dunning-system-");
        // tracing on, as DUNNING_OTLP_ENDPOINT turns it on in production, towards the test's own collector
        otlp = new OtlpReceiver();
        system = DunningSystem.start(new DunningSystem.Options(home, data, false, false, "prod,demo", 0, Map.of(
                "DUNNING_OTLP_ENDPOINT", otlp.endpoint() + "/v1/traces",
                "QUARKUS_OTEL_EXPORTER_OTLP_TRACES_PROTOCOL", "http/protobuf",
                "QUARKUS_OTEL_BSP_SCHEDULE_DELAY", "200ms")));
    }

    @AfterAll
    static void stop() {
        if (system != null) {
            system.close();
        }
        if (otlp != null) {
            otlp.close();
        }
    }

    static RequestSpecification as(String tenant) {
        return given().header("Authorization", "Bearer " + DevTokens.token(tenant)).contentType(ContentType.JSON);
    }

    static void setClocks(String instant) {
        for (DunningSystem.Service s : DunningSystem.SERVICES) {
            as(TENANT).body(Map.of("instant", instant)).put(system.url(s) + "/admin/clock").then().statusCode(200);
        }
    }

    @Test
    @org.junit.jupiter.api.Order(1)
    void anOverdueInvoiceIsRemindedByEmailAndThenByACallTask() {
        setClocks("2026-12-01T07:00:00Z");
        String invoiceApi = system.url("invoice-service");
        String email = "anna-" + UUID.randomUUID().toString().substring(0, 8) + "@berg.example";

        String customerId = as(TENANT).body(Map.of("name", "Berg GmbH", "language", "de", "contacts",
                        List.of(Map.of("name", "Anna Berg", "email", email, "phone", "+49 30 1234", "role", "accounting"))))
                .post(invoiceApi + "/customers").then().statusCode(201).extract().path("id");
        String invoiceId = as(TENANT).body(Map.of("customerId", customerId, "number", "RE-2026-0815",
                        "issueDate", "2026-11-17", "dueDate", "2026-12-01", "currency", "EUR", "amount", "1234.56"))
                .post(invoiceApi + "/invoices").then().statusCode(201).extract().path("id");
        // R8.1: the invoice's PDF, uploaded; the first step attaches it
        byte[] pdf = "%PDF-1.4\n% RE-2026-0815\n%%EOF\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        given().header("Authorization", "Bearer " + DevTokens.token(TENANT)).contentType("application/pdf").body(pdf)
                .put(invoiceApi + "/invoices/" + invoiceId + "/document/file").then().statusCode(200);
        // The starter kit brings the German and English templates (installing again changes nothing).
        String planApi = system.url("plan-service");
        as(TENANT).post(planApi + "/starter-kit").then().statusCode(org.hamcrest.Matchers.oneOf(200, 201));
        String templateId = as(TENANT).get(planApi + "/templates").then().statusCode(200)
                .extract().path("items.find { it.key == 'friendly-reminder' }.id");
        // R2.6: the preview on the real invoice, read from invoice-service with the caller's token
        as(TENANT).body(Map.of("invoiceId", invoiceId)).post(planApi + "/templates/" + templateId + "/preview")
                .then().statusCode(200).body("language", equalTo("de"))
                .body("subject", equalTo("Zahlungserinnerung: Rechnung RE-2026-0815"))
                .body("html", org.hamcrest.Matchers.containsString("1.234,56 €"))
                .body("data", equalTo("invoice RE-2026-0815"));
        String planId = as(TENANT).body(Map.of("name", "Standard", "planType", "ESCALATION_PER_INVOICE", "steps", List.of(
                        Map.of("name", "Friendly reminder", "action", "AUTO_EMAIL", "templateKey", "friendly-reminder",
                                "trigger", Map.of("reference", "DUE_DATE", "direction", "AFTER", "days", 3),
                                "attachDocuments", true),
                        Map.of("name", "Phone call", "action", "CALL",
                                "trigger", Map.of("reference", "DUE_DATE", "direction", "AFTER", "days", 10)))))
                .post(planApi + "/plans").then().statusCode(201).extract().path("id");
        as(TENANT).body(Map.of("planId", planId)).put(planApi + "/customers/" + customerId + "/plans/ESCALATION")
                .then().statusCode(200);

        // escalation-service has projected the invoice and the plan: two steps wait for their slots.
        String schedule = system.url("escalation-service") + "/invoices/" + invoiceId + "/schedule";
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> as(TENANT).get(schedule).then().statusCode(200)
                .body("$", hasSize(2)).body("fireAt", contains("2026-12-04T08:00:00Z", "2026-12-11T08:00:00Z")));

        // Friday 4 December, 09:05 in Paris: the first step is due.
        setClocks("2026-12-04T08:05:00Z");
        int imap = system.infrastructure().smtp().imapPort();
        await().atMost(Duration.ofSeconds(60)).until(() -> !Mailbox.read("127.0.0.1", imap, email).isEmpty());
        Mailbox.Received mail = Mailbox.read("127.0.0.1", imap, email).get(0);
        assertThat(mail.to()).containsExactly(email);
        assertThat(mail.subject()).isEqualTo("Zahlungserinnerung: Rechnung RE-2026-0815");
        assertThat(mail.body()).contains("RE-2026-0815").contains("1.234,56 €").contains("01.12.2026");
        // fetched by notification-service from invoice-service's link, attached under the invoice number
        assertThat(mail.attachments()).singleElement().satisfies(a -> {
            assertThat(a.fileName()).isEqualTo("RE-2026-0815.pdf");
            assertThat(a.data()).isEqualTo(pdf);
        });
        as(TENANT).get(system.url("notification-service") + "/emails").then().statusCode(200)
                .body("items", hasSize(1)).body("items[0].status", equalTo("SENT"));
        // the reminder's trace: the engine's batch that fired it, then the SMTP conversation
        try (var steps = new TopicReader(system.infrastructure().kafka().bootstrapServers(),
                Topics.REMINDER_STEPS)) {
            String traceParent = TopicReader.header(steps.awaitRecords(r -> r.key()
                    .startsWith(TENANT + "/") && "ReminderStepDue".equals(TopicReader.header(r,
                    "ce_type")), Duration.ofSeconds(30)).get(0), "traceparent");
            assertThat(traceParent).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]");
            String reminderTrace = traceParent.split("-")[1];
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                assertThat(otlp.spans(reminderTrace)).anySatisfy(x -> assertThat(x.name()).isEqualTo("fire reminders"));
                assertThat(otlp.spans(reminderTrace)).anySatisfy(x -> assertThat(x.name()).isEqualTo("smtp send"));
            });
        }

        // Friday 11 December: the call step makes a task; no second e-mail was sent.
        setClocks("2026-12-11T08:05:00Z");
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> as(TENANT)
                .get(system.url("followup-service") + "/tasks").then().statusCode(200)
                .body("items", hasSize(1)).body("items[0].type", equalTo("CALL"))
                .body("items[0].invoices[0].number", equalTo("RE-2026-0815"))
                .body("items[0].contacts[0].phone", equalTo("+49 30 1234")));
        as(TENANT).get(schedule).then().body("status", contains("FIRED", "FIRED"));
        assertThat(Mailbox.read("127.0.0.1", imap, email)).hasSize(1);

        // The collector calls: the customer promises to pay on the 18th. The ledger takes it as the expected
        // payment date; then the payment arrives, and the timeline tells the whole story.
        String followupApi = system.url("followup-service");
        String task = as(TENANT).get(followupApi + "/tasks").then().extract().path("items[0].id");
        as(TENANT).header("If-Match", "\"1\"").body(Map.of("outcome", "PROMISE_TO_PAY", "promisedDate", "2026-12-18",
                "note", "pays after the holidays")).post(followupApi + "/tasks/" + task + "/complete").then()
                .statusCode(200).body("status", equalTo("DONE"));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> as(TENANT).get(invoiceApi + "/invoices/" + invoiceId)
                .then().statusCode(200).body("expectedPaymentDate", equalTo("2026-12-18")));
        as(TENANT).body(Map.of("reference", "bank-4711", "amount", "1234.56", "paidOn", "2026-12-11"))
                .post(invoiceApi + "/invoices/" + invoiceId + "/payments").then().statusCode(200);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> as(TENANT)
                .get(followupApi + "/invoices/" + invoiceId + "/timeline").then().statusCode(200)
                .body("items.kind", contains("INVOICE_ISSUED", "STEP_FIRED", "EMAIL_SENT", "STEP_FIRED", "TASK_CREATED",
                        "TASK_COMPLETED", "EXPECTED_PAYMENT_DATE", "PAYMENT_RECORDED"))
                .body("items[2].details.subject", equalTo("Zahlungserinnerung: Rechnung RE-2026-0815")));

        // Another tenant sees none of it.
        as("other-" + TENANT).get(invoiceApi + "/invoices/" + invoiceId).then().statusCode(404);
        as("other-" + TENANT).get(system.url("followup-service") + "/tasks").then().body("items", hasSize(0));

        // What a platform team sees of it on /q/metrics
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(metric("escalation-service", "dunning_reminders_total", "outcome=\"fired\"")).isGreaterThanOrEqualTo(2);
            assertThat(metric("notification-service", "dunning_emails_total", "outcome=\"sent\"")).isGreaterThanOrEqualTo(1);
            assertThat(metric("notification-service", "dunning_smtp_conversations_total", "outcome=\"accepted\""))
                    .isGreaterThanOrEqualTo(1);
            assertThat(metric("followup-service", "dunning_tasks_total", "change=\"opened\",type=\"CALL\""))
                    .isGreaterThanOrEqualTo(1);
            assertThat(metric("followup-service", "dunning_tasks_total", "change=\"closed\",type=\"CALL\""))
                    .isGreaterThanOrEqualTo(1);
            assertThat(metric("invoice-service", "dunning_events_published_total", "type=\"PaymentRecorded\""))
                    .isGreaterThanOrEqualTo(1);
        });
    }

    /** The meters of the pipes and of the inbound topic, for the alerts in k8s/components/monitoring. */
    @Test
    @org.junit.jupiter.api.Order(2)
    void everyServiceReportsThePipesAndTheInboundFactsAsMetrics() throws Exception {
        String tenant = "metrics-" + TENANT;
        try (var producer = new org.apache.kafka.clients.producer.KafkaProducer<String, String>(Map.of(
                "bootstrap.servers", system.infrastructure().kafka().bootstrapServers(), "acks", "all"),
                new org.apache.kafka.common.serialization.StringSerializer(),
                new org.apache.kafka.common.serialization.StringSerializer())) {
            String customer = "{\"kind\":\"CustomerUpserted\",\"tenantId\":\"" + tenant + "\",\"sourceSystem\":\"erp\","
                    + "\"externalId\":\"C1\",\"sourceVersion\":1,\"name\":\"Metrik GmbH\",\"language\":\"de\"}";
            producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(
                    Topics.INVOICE_INBOUND, tenant + "/C1", customer)).get();
            producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(
                    Topics.INVOICE_INBOUND, tenant + "/C1", "{not json")).get();
        }
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertThat(metric("invoice-service", "dunning_facts_total", "outcome=\"applied\"")).isGreaterThanOrEqualTo(1);
            assertThat(metric("invoice-service", "dunning_facts_total", "outcome=\"dead-lettered\""))
                    .isGreaterThanOrEqualTo(1);
            assertThat(metric("invoice-service", "dunning_dead_letters_total",
                    "topic=\"dunning.invoice.inbound.dead-letter\"")).isGreaterThanOrEqualTo(1);
        });
        for (DunningSystem.Service s : DunningSystem.SERVICES) {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                assertThat(metric(s.name(), "dunning_outbox_backlog", "")).isGreaterThanOrEqualTo(0);
                assertThat(metric(s.name(), "dunning_outbox_oldest_age_seconds", "")).isGreaterThanOrEqualTo(0);
            });
            assertThat(scrape(s.name())).contains("kafka_consumer_fetch_manager_records_lag_max{");
        }
        assertThat(metric("escalation-service", "dunning_escalation_tick_seconds_count", "outcome=\"ok\""))
                .isGreaterThan(0);
    }

    /**
     * One trace from a REST call to the SMTP conversation: a reviewer approves a draft (followup-service, over REST,
     * in a trace the caller starts), the approval crosses the outbox and Kafka to notification-service, which sends
     * the e-mail and publishes EmailSent, all with the caller's trace id; the test's collector receives the spans of
     * both services in that trace.
     */
    @Test
    @org.junit.jupiter.api.Order(3)
    void oneTraceRunsFromTheApprovalToTheSmtpConversation() {
        String tenant = "trace-" + TENANT;
        String email = "berta-" + UUID.randomUUID().toString().substring(0, 8) + "@trace.example";
        setClocks("2026-12-14T07:00:00Z"); // Monday, before the send slot
        String invoiceApi = system.url("invoice-service");
        String planApi = system.url("plan-service");
        String customerId = as(tenant).body(Map.of("name", "Spur GmbH", "language", "de", "contacts",
                        List.of(Map.of("name", "Berta Spur", "email", email, "role", "accounting"))))
                .post(invoiceApi + "/customers").then().statusCode(201).extract().path("id");
        String invoiceId = as(tenant).body(Map.of("customerId", customerId, "number", "RE-TRACE-1",
                        "issueDate", "2026-11-27", "dueDate", "2026-12-11", "currency", "EUR", "amount", "99.00"))
                .post(invoiceApi + "/invoices").then().statusCode(201).extract().path("id");
        as(tenant).post(planApi + "/starter-kit").then().statusCode(org.hamcrest.Matchers.oneOf(200, 201));
        String planId = as(tenant).body(Map.of("name", "Reviewed", "planType", "ESCALATION_PER_INVOICE", "steps",
                        List.of(Map.of("name", "Reviewed reminder", "action", "EMAIL_WITH_VALIDATION",
                                "templateKey", "friendly-reminder",
                                "trigger", Map.of("reference", "DUE_DATE", "direction", "AFTER", "days", 3)))))
                .post(planApi + "/plans").then().statusCode(201).extract().path("id");
        as(tenant).body(Map.of("planId", planId)).put(planApi + "/customers/" + customerId + "/plans/ESCALATION")
                .then().statusCode(200);
        String schedule = system.url("escalation-service") + "/invoices/" + invoiceId + "/schedule";
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> as(tenant).get(schedule).then().statusCode(200)
                .body("fireAt", contains("2026-12-14T08:00:00Z")));
        setClocks("2026-12-14T08:05:00Z");
        String followupApi = system.url("followup-service");
        String task = await().atMost(Duration.ofSeconds(60)).until(() -> as(tenant)
                .get(followupApi + "/tasks?type=VALIDATE_EMAIL&status=OPEN").then().statusCode(200).extract()
                .<String>path("items[0].id"), java.util.Objects::nonNull);

        String traceId = UUID.randomUUID().toString().replace("-", "");
        as(tenant).header("traceparent", "00-" + traceId + "-" + traceId.substring(0, 16) + "-01")
                .body(Map.of("subject", "Zahlungserinnerung RE-TRACE-1", "bodyHtml", "<p>Guten Tag Frau Spur</p>"))
                .post(followupApi + "/tasks/" + task + "/approve").then().statusCode(200);

        int imap = system.infrastructure().smtp().imapPort();
        await().atMost(Duration.ofSeconds(60)).until(() -> !Mailbox.read("127.0.0.1", imap, email).isEmpty());
        try (var followupEvents = new TopicReader(
                system.infrastructure().kafka().bootstrapServers(), Topics.FOLLOWUP_EVENTS);
             var notificationEvents = new TopicReader(
                     system.infrastructure().kafka().bootstrapServers(), Topics.NOTIFICATION_EVENTS)) {
            var approved = followupEvents.awaitRecords(r -> r.key().startsWith(tenant + "/")
                    && "EmailApproved".equals(TopicReader.header(r, "ce_type")), Duration.ofSeconds(30));
            var sent = notificationEvents.awaitRecords(r -> r.key().startsWith(tenant + "/")
                    && "EmailSent".equals(TopicReader.header(r, "ce_type")), Duration.ofSeconds(30));
            assertThat(TopicReader.header(approved.get(0), "traceparent"))
                    .as("the approval's event, published by the relay").contains(traceId);
            assertThat(TopicReader.header(sent.get(0), "traceparent"))
                    .as("the e-mail sent, after its SMTP conversation").contains(traceId);
        }
        // and the spans the services exported: the request at followup-service, the SMTP conversation at
        // notification-service, one trace
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            var spans = otlp.spans(traceId);
            assertThat(spans).anySatisfy(x -> {
                assertThat(x.service()).isEqualTo("followup-service");
                assertThat(x.name()).contains("approve");
            });
            assertThat(spans).anySatisfy(x -> {
                assertThat(x.service()).isEqualTo("notification-service");
                assertThat(x.name()).isEqualTo("smtp send");
            });
        });
    }

    /** Every meter the alerts and the dashboard of k8s/components/monitoring name is one the services expose. */
    @Test
    @org.junit.jupiter.api.Order(100)
    void theAlertsAndTheDashboardNameMetersTheServicesExpose() throws Exception {
        Set<String> exposed = new TreeSet<>();
        for (DunningSystem.Service s : DunningSystem.SERVICES) {
            for (String line : scrape(s.name()).split("\n")) {
                if (!line.startsWith("#") && !line.isBlank()) {
                    exposed.add(line.split("[{ ]", 2)[0]);
                }
            }
        }
        Path monitoring = Path.of(System.getProperty("dunning.home", "..")).resolve("k8s/components/monitoring");
        Set<String> named = new TreeSet<>();
        for (String file : List.of("prometheusrule.yaml", "dashboard.json")) {
            var m = java.util.regex.Pattern.compile("\\b(dunning_[a-z_]+|kafka_[a-z_]+|http_server_[a-z_]+|jvm_[a-z_]+)\\b")
                    .matcher(Files.readString(monitoring.resolve(file)));
            while (m.find()) {
                named.add(m.group(1));
            }
        }
        assertThat(named).contains("dunning_outbox_oldest_age_seconds", "dunning_dead_letters_total",
                "dunning_smtp_conversations_total", "dunning_escalation_tick_seconds_count");
        assertThat(exposed).containsAll(named);
    }

    static String scrape(String service) {
        return given().get(system.url(service) + "/q/metrics").then().statusCode(200).extract().asString();
    }

    /** The sum of a meter's samples whose labels contain {@code labels}; -1 when it has none. */
    static double metric(String service, String name, String labels) {
        double sum = 0;
        boolean found = false;
        for (String line : scrape(service).split("\n")) {
            if (line.startsWith(name + "{") || line.startsWith(name + " ")) {
                String head = line.substring(0, line.lastIndexOf(' '));
                if (head.contains(labels)) {
                    sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                    found = true;
                }
            }
        }
        return found ? sum : -1;
    }

    /** The one origin: each service under its prefix, a Location through it, the merged API document. */
    @Test
    void everyApiIsReachableThroughTheOneOrigin() {
        String origin = system.gatewayUrl();
        String tenant = "origin-" + TENANT;
        // whatever prefix a client claims is replaced by the gateway's own
        String location = as(tenant).header("X-Forwarded-Prefix", "/elsewhere")
                .body(Map.of("name", "Tor GmbH", "language", "de")).post(origin + "/api/invoice/customers")
                .then().statusCode(201).header("Location", matchesPattern("/api/invoice/customers/[0-9a-f-]{36}"))
                .extract().header("Location");
        as(tenant).get(origin + location).then().statusCode(200).body("name", equalTo("Tor GmbH"));
        as(tenant).get(origin + "/api/plan/settings").then().statusCode(200).body("settings.timeZone", equalTo("Europe/Paris"));
        as(tenant).get(origin + "/api/escalation/forecast").then().statusCode(200);
        as(tenant).get(origin + "/api/notification/emails").then().statusCode(200).body("items", hasSize(0));
        as(tenant).get(origin + "/api/followup/tasks?type=CALL").then().statusCode(200).body("items", hasSize(0));
        given().get(origin + "/api/invoice/customers").then().statusCode(401);
        as(tenant).get(origin + "/api/invoice/customers/" + UUID.randomUUID()).then().statusCode(404)
                .contentType("application/problem+json");

        given().get(origin + "/api/openapi.json").then().statusCode(200).contentType(ContentType.JSON)
                .body("paths", hasKey("/api/invoice/customers")).body("paths", hasKey("/api/followup/tasks/{id}"));
        given().get(origin + "/api/openapi.yaml").then().statusCode(200)
                .body(containsString("/api/escalation/invoices/{invoiceId}/schedule"));
        given().get(origin + "/customers").then().statusCode(404).contentType("application/problem+json")
                .body("detail", containsString("/api/invoice"));
        given().get(origin + "/api/invoices").then().statusCode(404);
        given().get(origin + "/api/plan/q/metrics").then().statusCode(404); // management is not part of the API
    }

    @Test
    void everyServiceReportsHealthOpenApiAndMetrics() {
        for (DunningSystem.Service s : DunningSystem.SERVICES) {
            given().get(system.url(s) + "/q/health/live").then().statusCode(200);
            given().get(system.url(s) + "/q/health/ready").then().statusCode(200)
                    .body("checks.name", org.hamcrest.Matchers.hasItem(org.hamcrest.Matchers.containsString("Kafka")));
            given().get(system.url(s) + "/q/openapi?format=json").then().statusCode(200);
            given().get(system.url(s) + "/q/metrics").then().statusCode(200);
            given().get(system.url(s) + "/admin/clock").then().statusCode(401);
        }
    }
}
