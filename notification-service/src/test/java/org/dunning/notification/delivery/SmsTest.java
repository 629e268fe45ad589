package org.dunning.notification.delivery;

import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.dunning.contract.EventCodec;
import org.dunning.contract.IntegrationEvent;
import org.dunning.contract.NotificationEvents;
import org.dunning.contract.PlanEvents;
import org.dunning.contract.ReminderEvents;
import org.dunning.contract.Topics;
import org.dunning.testing.EventPublisher;
import org.dunning.testing.EventSchemas;
import org.dunning.testing.InfrastructureResource;
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
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

/**
 * R8.2 against the real broker and database and a local HTTP stub of the SMS provider (the adapter points at it in
 * the test profile): an SMS step's text goes once to each valid number with its idempotency key, a number that is no
 * E.164 becomes SmsFailed with invalidNumber (follow-up's fix-contact task), a provider that is briefly away is tried
 * again, a refusal fails for good; a redelivered step sends nothing again.
 */
@QuarkusTest
@QuarkusTestResource(value = InfrastructureResource.class, initArgs = {@ResourceArg(name = "database", value = "notification"),
        @ResourceArg(name = "smtp-proxy", value = "true")})
class SmsTest {

    /** What the stub received: the number, the text, the idempotency key. */
    record Request(String to, String body, String idempotencyKey) {
    }

    /** The provider: numbers ending in 503 answer 503 once, in 400 are refused, every other is accepted. */
    static HttpServer provider;
    static final List<Request> REQUESTS = new CopyOnWriteArrayList<>();
    static final Map<String, AtomicInteger> SEEN = new ConcurrentHashMap<>();

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String kafka;

    final String tenant = "t-" + UUID.randomUUID();
    final UUID customer = UUID.randomUUID();
    final LocalDate fireDate = LocalDate.of(2026, 12, 4);

    @BeforeAll
    static void serve() throws IOException {
        provider = HttpServer.create(new InetSocketAddress("127.0.0.1", 18761), 0);
        provider.createContext("/sms", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String to = body.replaceAll(".*\"to\":\"([^\"]*)\".*", "$1");
            REQUESTS.add(new Request(to, body, exchange.getRequestHeaders().getFirst("Idempotency-Key")));
            int seen = SEEN.computeIfAbsent(to, k -> new AtomicInteger()).incrementAndGet();
            int status = to.endsWith("400") ? 400 : to.endsWith("503") && seen == 1 ? 503 : 200;
            byte[] answer = (status == 200 ? "{\"id\":\"p-" + to.substring(1) + "\"}" : "{\"error\":\"no\"}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        });
        provider.start();
    }

    @AfterAll
    static void stop() {
        provider.stop(0);
    }

    @Test
    void theTextGoesOnceToEachValidNumberAndAnInvalidOneBecomesAFixContactFailure() throws Exception {
        // ends in 1: the provider refuses numbers ending in 400 and turns away those ending in 503 once
        String number = "+49151" + digits() + "1";
        ReminderEvents.ReminderStepDue due = step(List.of(
                ReminderEvents.Recipient.contact("Anna", null, number.substring(0, 6) + " " + number.substring(6),
                        "accounting"),
                ReminderEvents.Recipient.contact("Ben", null, "0171 1234567", "sales")));
        try (EventPublisher p = new EventPublisher(kafka);
             TopicReader events = new TopicReader(kafka, Topics.NOTIFICATION_EVENTS)) {
            template(p);
            publish(p, Topics.REMINDER_STEPS, due);
            NotificationEvents.SmsSent sent = (NotificationEvents.SmsSent) awaitEvent(events, "SmsSent", due);
            assertThat(sent.to()).isEqualTo(number);
            assertThat(sent.text()).isEqualTo("Berg GmbH: RE-1 €250.00 open, please pay");
            assertThat(sent.segments()).isEqualTo(1);
            assertThat(sent.providerId()).isEqualTo("p-" + number.substring(1));
            NotificationEvents.SmsFailed invalid = (NotificationEvents.SmsFailed) awaitEvent(events, "SmsFailed", due);
            assertThat(invalid.invalidNumber()).isTrue();
            assertThat(invalid.to()).isEqualTo("0171 1234567");
            assertThat(invalid.reason()).contains("E.164");

            // the same step again (a redelivery): nothing more is sent
            publish(p, Topics.REMINDER_STEPS, due);
            assertThat(events.settle(r -> r.value().contains(due.reminderKey()), Duration.ofSeconds(4))).hasSize(2);
        }
        List<Request> toNumber = REQUESTS.stream().filter(r -> r.to().equals(number)).toList();
        assertThat(toNumber).singleElement().satisfies(r -> assertThat(r.idempotencyKey()).isNotBlank());
        given().header("Authorization", Tokens.bearer(tenant)).get("/sms?reminderKey=" + due.reminderKey()).then()
                .statusCode(200).body("items", hasSize(2))
                .body("items.find { it.e164 == '" + number + "' }.status", equalTo("SENT"))
                .body("items.find { it.to == '0171 1234567' }.status", equalTo("FAILED"));
    }

    @Test
    void aProviderBrieflyAwayIsTriedAgainAndARefusalFailsForGood() throws Exception {
        String flaky = "+49151" + digits() + "503";
        String refused = "+49151" + digits() + "400";
        ReminderEvents.ReminderStepDue first = step(List.of(ReminderEvents.Recipient.contact("Anna", null, flaky,
                null)));
        ReminderEvents.ReminderStepDue second = step(List.of(ReminderEvents.Recipient.contact("Ben", null, refused,
                null)));
        try (EventPublisher p = new EventPublisher(kafka);
             TopicReader events = new TopicReader(kafka, Topics.NOTIFICATION_EVENTS)) {
            template(p);
            publish(p, Topics.REMINDER_STEPS, first);
            publish(p, Topics.REMINDER_STEPS, second);
            awaitEvent(events, "SmsSent", first);
            NotificationEvents.SmsFailed failed = (NotificationEvents.SmsFailed) awaitEvent(events, "SmsFailed",
                    second);
            assertThat(failed.invalidNumber()).isFalse();
            assertThat(failed.attempts()).isEqualTo(1);
            assertThat(failed.reason()).startsWith("the SMS provider refused the message: 400");
        }
        assertThat(SEEN.get(flaky).get()).isEqualTo(2);
        assertThat(SEEN.get(refused).get()).isEqualTo(1);
        given().header("Authorization", Tokens.bearer(tenant)).get("/sms?status=SENT").then().statusCode(200)
                .body("items", hasSize(1)).body("items[0].attempts", equalTo(2));
        given().header("Authorization", Tokens.bearer(tenant)).get("/sms?status=LOST").then().statusCode(422);
    }

    IntegrationEvent awaitEvent(TopicReader events, String type, ReminderEvents.ReminderStepDue due) {
        ConsumerRecord<String, String> record = events.awaitRecords(r -> type.equals(TopicReader.header(r, "ce_type"))
                && r.value().contains(due.reminderKey()), Duration.ofSeconds(40)).get(0);
        EventSchemas.assertValid(record);
        return EventCodec.decode(type, record.value());
    }

    static String digits() {
        return String.valueOf(1_000_000 + (long) (Math.random() * 8_999_999));
    }

    ReminderEvents.ReminderStepDue step(List<ReminderEvents.Recipient> recipients) {
        UUID plan = UUID.randomUUID();
        ReminderEvents.InvoiceRef invoice = new ReminderEvents.InvoiceRef(UUID.randomUUID(), "RE-1",
                fireDate.minusDays(24), fireDate.minusDays(10), "EUR", new BigDecimal("250.00"),
                new BigDecimal("250.00"), 10);
        return new ReminderEvents.ReminderStepDue(ReminderEvents.reminderKey(tenant, plan, UUID.randomUUID(),
                invoice.invoiceId()), plan, 1, UUID.randomUUID(), "Text", PlanEvents.Action.SMS, "text",
                new ReminderEvents.CustomerRef(customer, "Berg GmbH", "en", recipients), List.of(invoice), fireDate,
                Instant.parse("2026-12-04T08:00:00Z"), PlanEvents.PlanType.ESCALATION_PER_INVOICE, List.of(), false);
    }

    void publish(EventPublisher p, String topic, IntegrationEvent e) {
        p.publish(topic, tenant, tenant + "/" + customer, UUID.randomUUID().toString(), 1, e);
    }

    void template(EventPublisher p) {
        publish(p, Topics.PLAN_EVENTS, new PlanEvents.TemplateSaved(UUID.randomUUID(), 1, "text",
                PlanEvents.TemplateKind.SMS, "Text", List.of(new PlanEvents.TemplateVariant("en", null,
                "{customer.name}: {#for i in invoices}{i.number} {i.outstanding} {/for}open, please pay"))));
    }
}
