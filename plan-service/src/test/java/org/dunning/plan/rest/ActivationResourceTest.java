package org.dunning.plan.rest;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import org.dunning.contract.Envelope;
import org.dunning.contract.InvoiceEvents;
import org.dunning.contract.Topics;
import org.dunning.testing.EventPublisher;
import org.dunning.testing.EventSchemas;
import org.dunning.testing.InfrastructureResource;
import org.dunning.testing.TopicReader;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.dunning.plan.rest.PlanResourceTest.as;
import static org.dunning.plan.rest.PlanResourceTest.plan;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

/** Assignment, segment defaults and the three switches over REST (R1.6, R3), and the events they publish. */
@QuarkusTest
@QuarkusTestResource(value = InfrastructureResource.class, initArgs = @ResourceArg(name = "database", value = "plan"))
class ActivationResourceTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String kafka;

    /** Tells plan-service (through the invoice topic, as invoice-service would) a customer's segment and an invoice. */
    void ledger(String tenant, UUID customer, String segment, UUID invoice) {
        try (EventPublisher p = new EventPublisher(kafka)) {
            p.publish(Topics.INVOICE_EVENTS, tenant, tenant + "/" + customer, "customer-" + customer, 1,
                    new InvoiceEvents.CustomerRegistered(customer, "Berg GmbH", "de", segment, List.of(), null,
                            List.of()));
            p.publish(Topics.INVOICE_EVENTS, tenant, tenant + "/" + customer, "invoice-" + invoice, 1,
                    new InvoiceEvents.InvoiceIssued(invoice, customer, "R-1", LocalDate.of(2026, 11, 1),
                            LocalDate.of(2026, 11, 15), "EUR", new BigDecimal("100.00")));
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> as(tenant).get("/invoices/" + invoice
                + "/automation").then().statusCode(200));
    }

    @Test
    void the_customer_plan_wins_over_the_segment_default_and_removing_it_falls_back() {
        String tenant = "t-" + UUID.randomUUID();
        String standard = plan(tenant);
        String vip = as(tenant).body(Map.of("name", "VIP", "planType", "ESCALATION_PER_INVOICE", "steps", List.of(
                        Map.of("name", "Call", "action", "CALL", "trigger", PlanResourceTest.trigger(20)))))
                .post("/plans").then().statusCode(201).extract().path("id");
        UUID customer = UUID.randomUUID();
        UUID invoice = UUID.randomUUID();
        ledger(tenant, customer, "key accounts", invoice);

        as(tenant).get("/customers/" + customer + "/automation").then().statusCode(200)
                .body("customerKnown", equalTo(true)).body("escalation", nullValue())
                .body("stoppedBy", contains("NO_ESCALATION_PLAN"));
        as(tenant).body(Map.of("planId", standard)).put("/segments/key accounts/plans/ESCALATION").then()
                .statusCode(200);
        as(tenant).get("/segments").then().body("segment", contains("key accounts"));
        as(tenant).get("/customers/" + customer + "/automation").then()
                .body("segment", equalTo("key accounts"))
                .body("escalation.planId", equalTo(standard)).body("escalation.source", equalTo("SEGMENT_DEFAULT"))
                .body("stoppedBy", empty());
        as(tenant).body(Map.of("planId", vip)).put("/customers/" + customer + "/plans/ESCALATION").then()
                .statusCode(200).body("plans.ESCALATION", equalTo(vip)).header("ETag", "\"1\"");
        as(tenant).get("/customers/" + customer + "/automation").then()
                .body("escalation.planId", equalTo(vip)).body("escalation.source", equalTo("CUSTOMER"))
                .body("escalation.name", equalTo("VIP"));
        as(tenant).delete("/customers/" + customer + "/plans/ESCALATION").then().statusCode(200);
        as(tenant).get("/customers/" + customer + "/automation").then()
                .body("escalation.planId", equalTo(standard));
        // a per-invoice plan cannot fill the overview slot
        as(tenant).body(Map.of("planId", vip)).put("/customers/" + customer + "/plans/OVERVIEW").then()
                .statusCode(422).body("errors[0].field", equalTo("planId"));
    }

    @Test
    void each_level_stops_automation_for_an_invoice() {
        String tenant = "t-" + UUID.randomUUID();
        String planId = plan(tenant);
        UUID customer = UUID.randomUUID();
        UUID invoice = UUID.randomUUID();
        ledger(tenant, customer, null, invoice);
        as(tenant).body(Map.of("planId", planId)).put("/customers/" + customer + "/plans/ESCALATION").then()
                .statusCode(200);
        String path = "/invoices/" + invoice + "/automation";
        as(tenant).get(path).then().body("applies", equalTo(true)).body("customerId", equalTo(customer.toString()));

        as(tenant).body(Map.of("reason", "in negotiation")).put("/customers/" + customer + "/pause").then()
                .statusCode(200).body("paused", equalTo(true));
        as(tenant).get(path).then().body("applies", equalTo(false)).body("stoppedBy", contains("CUSTOMER_PAUSED"));
        as(tenant).delete("/customers/" + customer + "/pause").then().statusCode(200).body("paused", equalTo(false));

        as(tenant).body(Map.of("enabled", false, "reason", "paid by cheque")).put(path).then().statusCode(200)
                .body("enabled", equalTo(false)).header("ETag", "\"1\"");
        as(tenant).get(path).then().body("applies", equalTo(false)).body("stoppedBy", contains("INVOICE_SWITCHED_OFF"))
                .body("reason", equalTo("paid by cheque"));
        as(tenant).header("If-Match", "\"0\"").body(Map.of("enabled", true)).put(path).then().statusCode(412);
        as(tenant).header("If-Match", "\"1\"").body(Map.of("enabled", true)).put(path).then().statusCode(200);

        as(tenant).get("/automation").then().body("enabled", equalTo(true)).body("version", equalTo(0));
        as(tenant).body(Map.of("enabled", false)).put("/automation").then().statusCode(200);
        as(tenant).get(path).then().body("applies", equalTo(false)).body("stoppedBy", contains("TENANT_AUTOMATION_OFF"));
        as(tenant).body(Map.of()).put("/automation").then().statusCode(422).body("errors[0].field", equalTo("enabled"));

        try (TopicReader reader = new TopicReader(kafka, Topics.PLAN_EVENTS)) {
            List<String> types = List.of("PlanAssigned", "CustomerAutomationChanged", "InvoiceAutomationChanged",
                    "TenantAutomationChanged");
            var records = reader.awaitCount(r -> tenant.equals(r.key())
                    && types.contains(TopicReader.header(r, Envelope.Headers.TYPE)), 6, Duration.ofSeconds(30));
            assertThat(records).extracting(r -> TopicReader.header(r, Envelope.Headers.TYPE)).containsExactly(
                    "PlanAssigned", "CustomerAutomationChanged", "CustomerAutomationChanged",
                    "InvoiceAutomationChanged", "InvoiceAutomationChanged", "TenantAutomationChanged");
            records.forEach(EventSchemas::assertValid);
        }
    }

    @Test
    void an_invoice_not_yet_known_is_404() {
        as("t-" + UUID.randomUUID()).get("/invoices/" + UUID.randomUUID() + "/automation").then().statusCode(404);
    }
}
