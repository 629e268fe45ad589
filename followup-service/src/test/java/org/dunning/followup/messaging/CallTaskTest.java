package org.dunning.followup.messaging;

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

@QuarkusTest
@QuarkusTestResource(value = InfrastructureResource.class, initArgs = @ResourceArg(name = "database", value = "followup"))
class CallTaskTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String kafka;

    static ReminderEvents.ReminderStepDue due(String tenant, PlanEvents.Action action, String number) {
        UUID plan = UUID.randomUUID();
        UUID step = UUID.randomUUID();
        UUID invoice = UUID.randomUUID();
        return ReminderEvents.ReminderStepDue.perInvoice(ReminderEvents.reminderKey(tenant, plan, step, invoice), plan, 1, step,
                "Phone call", action, "reminder",
                new ReminderEvents.CustomerRef(UUID.randomUUID(), "Berg GmbH", "de",
                        List.of(ReminderEvents.Recipient.contact("Anna Berg", "anna@berg.example", "+49 30 1234", "accounting"))),
                List.of(new ReminderEvents.InvoiceRef(invoice, number, LocalDate.of(2026, 11, 7),
                        LocalDate.of(2026, 11, 21), "EUR", new BigDecimal("99.00"), new BigDecimal("99.00"), 21)),
                LocalDate.of(2026, 12, 12), Instant.parse("2026-12-12T12:00:00Z"));
    }

    @Test
    void aCallStepMakesOneTaskWhateverTheRedeliveries() {
        String tenant = "t-" + UUID.randomUUID();
        ReminderEvents.ReminderStepDue call = due(tenant, PlanEvents.Action.CALL, "INV-9");
        try (EventPublisher publisher = new EventPublisher(kafka)) {
            publisher.publish(Topics.REMINDER_STEPS, tenant, tenant + "/c", call.reminderKey(), 1,
                    due(tenant, PlanEvents.Action.AUTO_EMAIL, "INV-8"));
            Envelope sent = publisher.publish(Topics.REMINDER_STEPS, tenant, tenant + "/c", call.reminderKey(), 1, call);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given()
                    .header("Authorization", Tokens.bearer(tenant)).get("/tasks").then().statusCode(200)
                    .body("items.size()", equalTo(1)));
            publisher.publish(Topics.REMINDER_STEPS, tenant + "/c", sent, EventCodec.encode(call));
            publisher.publish(Topics.REMINDER_STEPS, tenant, tenant + "/c", call.reminderKey(), 1, call);
        }
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).untilAsserted(() -> given()
                .header("Authorization", Tokens.bearer(tenant)).get("/tasks?type=CALL&status=OPEN").then()
                .statusCode(200).body("items.size()", equalTo(1))
                .body("items[0].title", equalTo("Phone call: call Berg GmbH about INV-9"))
                .body("items[0].contacts[0].phone", equalTo("+49 30 1234"))
                .body("items[0].invoices[0].number", equalTo("INV-9"))
                .body("items[0].dueDate", equalTo("2026-12-12")));
        given().header("Authorization", Tokens.bearer("other")).get("/tasks").then().statusCode(200)
                .body("items.size()", equalTo(0));
    }
}
