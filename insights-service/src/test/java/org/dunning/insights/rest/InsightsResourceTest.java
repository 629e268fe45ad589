package org.dunning.insights.rest;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import org.dunning.contract.IntegrationEvent;
import org.dunning.contract.InvoiceEvents;
import org.dunning.contract.NotificationEvents;
import org.dunning.contract.PlanEvents;
import org.dunning.contract.ReminderEvents;
import org.dunning.contract.Topics;
import org.dunning.testing.EventPublisher;
import org.dunning.testing.InfrastructureResource;
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
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

/**
 * R8.4 from the real topics: two invoices, a payment, an A/B-tested step whose e-mails went out (and one that was
 * suppressed), read back over REST with the figures computed by hand in the comments.
 */
@QuarkusTest
@QuarkusTestResource(value = InfrastructureResource.class, initArgs = @ResourceArg(name = "database",
        value = "insights"))
class InsightsResourceTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String kafka;

    @jakarta.inject.Inject
    org.dunning.platform.time.AdjustableClock clock;

    final String tenant = "t-" + UUID.randomUUID();
    final UUID customer = UUID.randomUUID();
    final UUID plan = UUID.randomUUID();
    final UUID step = UUID.randomUUID();

    void publish(EventPublisher p, String topic, IntegrationEvent e) {
        p.publish(topic, tenant, tenant + "/" + customer, UUID.randomUUID().toString(), 1, e);
    }

    ReminderEvents.ReminderStepDue due(String key, UUID invoice, String variant, String fireDate) {
        return new ReminderEvents.ReminderStepDue(key, plan, 1, step, "Friendly", PlanEvents.Action.AUTO_EMAIL,
                variant.equals("B") ? "friendly-b" : "friendly", new ReminderEvents.CustomerRef(customer, "Berg",
                "de", List.of()), List.of(new ReminderEvents.InvoiceRef(invoice, "X", LocalDate.of(2026, 10, 1),
                LocalDate.of(2026, 10, 15), "EUR", BigDecimal.TEN, BigDecimal.TEN, 3)), LocalDate.parse(fireDate),
                Instant.parse(fireDate + "T08:00:00Z"), PlanEvents.PlanType.ESCALATION_PER_INVOICE, List.of(), false,
                variant);
    }

    NotificationEvents.EmailSent sent(String key, UUID invoice, String day) {
        return new NotificationEvents.EmailSent(UUID.randomUUID(), key, customer, List.of(invoice),
                NotificationEvents.Audience.CUSTOMER, List.of("anna@berg.example"), "s", "t", "<m>",
                Instant.parse(day + "T08:01:00Z"));
    }

    @Test
    void whatWorksWhatIsOwedAndTheDsoFromTheTopics() {
        clock.set(Instant.parse("2026-12-31T12:00:00Z"));
        UUID i1 = UUID.randomUUID();
        UUID i3 = UUID.randomUUID();
        try (EventPublisher p = new EventPublisher(kafka)) {
            publish(p, Topics.PLAN_EVENTS, new PlanEvents.PlanCreated(plan, 1, "Standard",
                    PlanEvents.PlanType.ESCALATION_PER_INVOICE, List.of(), null, null, null));
            // I1: 1000 EUR due 15 Oct, paid 5 Nov; I3: 800 EUR due 15 Nov, open
            publish(p, Topics.INVOICE_EVENTS, new InvoiceEvents.InvoiceIssued(i1, customer, "I1",
                    LocalDate.of(2026, 10, 1), LocalDate.of(2026, 10, 15), "EUR", new BigDecimal("1000.00")));
            publish(p, Topics.INVOICE_EVENTS, new InvoiceEvents.InvoiceIssued(i3, customer, "I3",
                    LocalDate.of(2026, 11, 1), LocalDate.of(2026, 11, 15), "EUR", new BigDecimal("800.00")));
            publish(p, Topics.INVOICE_EVENTS, new InvoiceEvents.PaymentRecorded(i1, customer, "BANK-1",
                    new BigDecimal("1000.00"), LocalDate.of(2026, 11, 5), new BigDecimal("0.00"),
                    InvoiceEvents.InvoiceStatus.PAID));
            // variant A for I1 on 18 Oct (settled 18 days later), B for I3 on 18 Nov (not settled), and an A for I3
            // on 20 Nov whose e-mail was suppressed: never sent, not counted
            publish(p, Topics.REMINDER_STEPS, due("k1", i1, "A", "2026-10-18"));
            publish(p, Topics.REMINDER_STEPS, due("k3", i3, "B", "2026-11-18"));
            publish(p, Topics.REMINDER_STEPS, due("k4", i3, "A", "2026-11-20"));
            publish(p, Topics.NOTIFICATION_EVENTS, sent("k1", i1, "2026-10-18"));
            publish(p, Topics.NOTIFICATION_EVENTS, sent("k3", i3, "2026-11-18"));
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given()
                .header("Authorization", Tokens.bearer(tenant))
                .get("/reminders?from=2026-10-01&to=2026-12-31").then().statusCode(200)
                .body("rows", hasSize(2))
                .body("rows[0].planName", equalTo("Standard")).body("rows[0].variant", equalTo("A"))
                .body("rows[0].reminders", equalTo(1))
                .body("rows[0].settledWithin.7.settled", equalTo(0)).body("rows[0].settledWithin.7.of", equalTo(1))
                .body("rows[0].settledWithin.30.settled", equalTo(1))
                .body("rows[0].settledWithin.30.percent", equalTo(100.0f))
                .body("rows[0].recovered.EUR", equalTo(1000.00f))
                .body("rows[0].medianDaysToSettle", equalTo(18))
                .body("rows[1].variant", equalTo("B")).body("rows[1].templateKey", equalTo("friendly-b"))
                .body("rows[1].settledWithin.30.settled", equalTo(0))
                .body("rows[1].medianDaysToSettle", nullValue()));
        // 31 Dec: I3 is 46 days past due
        given().header("Authorization", Tokens.bearer(tenant)).get("/ageing").then().statusCode(200)
                .body("asOf", equalTo("2026-12-31")).body("currencies", hasSize(1))
                .body("currencies[0].buckets.31-60.amount", equalTo(800.00f))
                .body("currencies[0].total.invoices", equalTo(1));
        // November: 800 owed at its end (I1 paid), 800 invoiced: 800 × 30 / 800 = 30.0 days
        given().header("Authorization", Tokens.bearer(tenant)).get("/dso?from=2026-11&to=2026-11").then()
                .statusCode(200).body("months", hasSize(1)).body("months[0].days", equalTo(30.0f))
                .body("months[0].receivables", equalTo(800.00f));
        // before its payment, I1 is owed (16 days past due on 31 Oct) and October's DSO counts it: 1000 × 31 / 1000
        given().header("Authorization", Tokens.bearer(tenant)).get("/ageing?asOf=2026-10-31").then().statusCode(200)
                .body("currencies[0].buckets.1-30.amount", equalTo(1000.00f))
                .body("currencies[0].total.invoices", equalTo(1));
        given().header("Authorization", Tokens.bearer(tenant)).get("/dso?from=2026-10&to=2026-10").then()
                .statusCode(200).body("months[0].days", equalTo(31.0f));
        // paid on 5 Nov: from that day on it is read no more for the ageing
        given().header("Authorization", Tokens.bearer(tenant)).get("/ageing?asOf=2026-11-05").then().statusCode(200)
                .body("currencies[0].buckets.current.amount", equalTo(800.00f))
                .body("currencies[0].total.invoices", equalTo(1));
        given().header("Authorization", Tokens.bearer("other-" + tenant)).get("/ageing").then()
                .statusCode(200).body("currencies", hasSize(0));
    }

    @Test
    void wrongPeriodsAreRefusedNamingTheParameter() {
        given().header("Authorization", Tokens.bearer(tenant)).get("/reminders?from=2026-13-01").then()
                .statusCode(422).body("errors[0].field", equalTo("from"));
        given().header("Authorization", Tokens.bearer(tenant))
                .get("/reminders?from=2026-12-31&to=2026-01-01").then().statusCode(422)
                .body("errors[0].field", equalTo("from"));
        given().header("Authorization", Tokens.bearer(tenant))
                .get("/reminders?from=2024-01-01&to=2026-01-01").then().statusCode(422)
                .body("errors[0].field", equalTo("to"));
        given().header("Authorization", Tokens.bearer(tenant)).get("/dso?from=2026-1").then()
                .statusCode(422).body("errors[0].field", equalTo("from"));
        given().get("/ageing").then().statusCode(401);
    }
}
