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
    /**
     * The step that makes a task is fired on escalation-service's clock, the task made on this one's: with the
     * firing service's clock ahead (two seconds here), the task's line still follows its step's on the timeline.
     */
    @Test
    void aTasksLineIsNeverBeforeItsStepsWhateverTheClocks() {
        String tenant = "t-" + UUID.randomUUID();
        ReminderEvents.ReminderStepDue call = due(tenant, PlanEvents.Action.CALL, "INV-7");
        Envelope ahead = new Envelope(UUID.randomUUID(), "dunning/escalation-service", call.type(), call.reminderKey(),
                Instant.now().plusSeconds(2), tenant, 1, org.dunning.contract.EventTypes.dataSchema(call.type(),
                org.dunning.contract.EventTypes.SCHEMA_VERSION));
        UUID customer = call.customer().customerId();
        UUID invoice = call.invoices().get(0).invoiceId();
        try (EventPublisher publisher = new EventPublisher(kafka)) {
            // the ledger's customer and invoice, so that the invoice's timeline can be read
            publisher.publish(Topics.INVOICE_EVENTS, tenant, tenant + "/c", customer.toString(), 1,
                    new org.dunning.contract.InvoiceEvents.CustomerRegistered(customer, "Berg GmbH", "de", null,
                            List.of(), null, List.of()));
            publisher.publish(Topics.INVOICE_EVENTS, tenant, tenant + "/c", invoice.toString(), 1,
                    new org.dunning.contract.InvoiceEvents.InvoiceIssued(invoice, customer, "INV-7",
                            LocalDate.of(2026, 11, 7), LocalDate.of(2026, 11, 21), "EUR", new BigDecimal("99.00")));
            publisher.publish(Topics.REMINDER_STEPS, tenant + "/c", ahead, EventCodec.encode(call));
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given()
                .header("Authorization", Tokens.bearer(tenant)).get("/invoices/" + invoice + "/timeline").then()
                .statusCode(200).body("items.kind", org.hamcrest.Matchers.contains("INVOICE_ISSUED", "STEP_FIRED",
                        "TASK_CREATED")));
    }
}
