package org.dunning.notification.postal;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import org.dunning.contract.Envelope;
import org.dunning.contract.EventCodec;
import org.dunning.contract.EventTypes;
import org.dunning.contract.InvoiceEvents;
import org.dunning.contract.NotificationEvents;
import org.dunning.contract.PlanEvents;
import org.dunning.contract.PostalAddress;
import org.dunning.contract.ReminderEvents;
import org.dunning.contract.Topics;
import org.dunning.notification.TestSql;
import org.dunning.testing.EventPublisher;
import org.dunning.testing.InfrastructureResource;
import org.dunning.testing.Tokens;
import org.dunning.testing.TopicReader;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

/** The postal-provider adapter, on, against a local HTTP stub: drafts created, retried, refused. */
@QuarkusTest
@QuarkusTestResource(value = InfrastructureResource.class, initArgs = {@ResourceArg(name = "database", value = "notification"),
        @ResourceArg(name = "smtp-proxy", value = "true")})
@QuarkusTestResource(value = PostalStub.class, restrictToAnnotatedClass = true)
class PostalProviderTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String kafka;

    final String tenant = "t-" + UUID.randomUUID();

    final UUID customer = UUID.randomUUID();

    ReminderEvents.ReminderStepDue letterStep(String template) {
        UUID plan = UUID.randomUUID();
        UUID step = UUID.randomUUID();
        UUID invoice = UUID.randomUUID();
        return ReminderEvents.ReminderStepDue.perInvoice(ReminderEvents.reminderKey(tenant, plan, step, invoice), plan, 1,
                step, "Final letter", PlanEvents.Action.LETTER, template, new ReminderEvents.CustomerRef(customer,
                        "Berg GmbH", "de", List.of()), List.of(new ReminderEvents.InvoiceRef(invoice, "PL-1",
                        LocalDate.of(2026, 10, 1), LocalDate.of(2026, 10, 15), "EUR", new BigDecimal("50.00"),
                        new BigDecimal("50.00"), 47)), LocalDate.of(2026, 12, 1), Instant.now());
    }

    void template(EventPublisher p, String key, String subject) {
        p.publish(Topics.PLAN_EVENTS, tenant, tenant, key, 1, new PlanEvents.TemplateSaved(UUID.randomUUID(), 1, key,
                PlanEvents.TemplateKind.LETTER, key, List.of(new PlanEvents.TemplateVariant("de", subject,
                "<p>{customer.name}</p><p>{invoice.number}: {invoice.outstanding}</p>"))));
    }

    static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";

    @Test
    void eachLetterBecomesADraftAtTheProviderAfterARetryAndARefusalIsKept() throws Exception {
        try (EventPublisher p = new EventPublisher(kafka)) {
            template(p, "letter", "Letzte Mahnung");
            template(p, "bad-letter", "refused");
            p.publish(Topics.INVOICE_EVENTS, tenant, tenant + "/" + customer, "c1", 1,
                    new InvoiceEvents.CustomerRegistered(customer, "Berg GmbH", "de", null, List.of(), null, List.of(),
                            new PostalAddress(null, List.of("Hafenstraße 7"), "20457", "Hamburg", null, "DE")));
            await().atMost(Duration.ofSeconds(30)).until(() -> TestSql.count("SELECT count(*) FROM customers WHERE tenant_id = '"
                    + tenant + "'") == 1);
            // the step comes in a trace (as the engine's tick sends it): the hand-over continues it
            var step = letterStep("letter");
            p.publish(Topics.REMINDER_STEPS, tenant + "/c", new Envelope(UUID.randomUUID(), "dunning/test",
                            step.type(), "l1", Instant.now(), tenant, 1,
                            EventTypes.dataSchema(step.type(), EventTypes.SCHEMA_VERSION)),
                    EventCodec.encode(step), Map.of("traceparent", "00-" + TRACE + "-00f067aa0ba902b7-01"));
            p.publish(Topics.REMINDER_STEPS, tenant, tenant + "/c", "l2", 1, letterStep("bad-letter"));
        }
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            given().header("Authorization", Tokens.bearer(tenant)).get("/letters?size=10").then().statusCode(200)
                    .body("items.size()", equalTo(2));
            given().header("Authorization", Tokens.bearer(tenant)).get("/letters?size=10").then()
                    .body("items.find { it.title == 'Letzte Mahnung' }.postalStatus", equalTo("DRAFTED"))
                    .body("items.find { it.title == 'Letzte Mahnung' }.postalReference", startsWith("draft-"))
                    .body("items.find { it.title == 'refused' }.postalStatus", equalTo("FAILED"))
                    .body("items.find { it.title == 'refused' }.postalError",
                            startsWith("the postal provider refused the letter: 422"));
        });
        String id = given().header("Authorization", Tokens.bearer(tenant)).get("/letters?size=10").then()
                .extract().path("items.find { it.title == 'Letzte Mahnung' }.id");
        List<PostalStub.Request> mine = PostalStub.REQUESTS.stream().filter(r -> r.body().contains(id)).toList();
        assertThat(mine).hasSize(2); // 503, then the draft
        assertThat(mine.get(1).authorization()).isEqualTo("Bearer secret-key");
        String document = mine.get(1).body().replaceAll(".*\"document\":\"([^\"]+)\".*", "$1");
        assertThat(new String(Base64.getDecoder().decode(document), 0, 5)).isEqualTo("%PDF-");
        assertThat(mine.get(1).body()).contains("\"recipient\":{\"name\":\"Berg GmbH\",\"addressLines\":"
                + "[\"Hafenstraße 7\",\"20457 Hamburg\",\"DEUTSCHLAND\"],\"address\":{", "\"postalCode\":\"20457\"", "\"country\":\"DE\"");
        // each attempt a span of the step's trace, named to the provider
        assertThat(mine).allSatisfy(r -> assertThat(r.traceParent()).startsWith("00-" + TRACE + "-"));
    }

    @Test
    void aLetterWithoutAPostalAddressIsNotHandedOverButFailedVisibly() throws Exception {
        UUID id = UUID.randomUUID();
        UUID invoice = UUID.randomUUID();
        // a letter printed before addresses existed, waiting for the adapter
        try (java.sql.Connection c = TestSql.connect();
             java.sql.PreparedStatement q = c.prepareStatement("INSERT INTO letters (id, tenant_id, reminder_key, "
                     + "customer_id, customer_name, invoice_ids, step_name, title, language, pages, pdf, created_at, "
                     + "postal_status, postal_next_at) VALUES (?, ?, ?, ?, 'Berg GmbH', ARRAY[?]::uuid[], 'Final letter', "
                     + "'Old', 'de', 1, ?, now(), 'PENDING', now())")) {
            q.setObject(1, id);
            q.setString(2, tenant);
            q.setString(3, "old/" + id);
            q.setObject(4, customer);
            q.setObject(5, invoice);
            q.setBytes(6, "%PDF-1.4".getBytes());
            q.executeUpdate();
        }
        try (TopicReader events = new TopicReader(kafka, Topics.NOTIFICATION_EVENTS)) {
            var failed = events.awaitRecords(r -> tenant.equals(TopicReader.header(r, "ce_tenantid"))
                    && "LetterFailed".equals(TopicReader.header(r, "ce_type")), Duration.ofSeconds(40)).get(0);
            var event = (NotificationEvents.LetterFailed) EventCodec.decode("LetterFailed", failed.value());
            assertThat(event.letterId()).isEqualTo(id);
            assertThat(event.invoiceIds()).containsExactly(invoice);
            assertThat(event.reason()).contains("no postal address");
        }
        given().header("Authorization", Tokens.bearer(tenant)).get("/letters/" + id).then().statusCode(200)
                .body("postalStatus", equalTo("FAILED")).body("postalError", startsWith("the letter has no postal address"));
        assertThat(PostalStub.REQUESTS.stream().filter(r -> r.body().contains(id.toString()))).isEmpty();
    }
}
