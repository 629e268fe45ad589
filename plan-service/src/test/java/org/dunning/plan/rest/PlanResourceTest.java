package org.dunning.plan.rest;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.dunning.contract.Envelope;
import org.dunning.contract.EventCodec;
import org.dunning.contract.PlanEvents;
import org.dunning.contract.Topics;
import org.dunning.testing.EventSchemas;
import org.dunning.testing.InfrastructureResource;
import org.dunning.testing.Tokens;
import org.dunning.testing.TopicReader;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

/** Plans over REST (R1.1–R1.5), their versions, and their events on the plan topic. */
@QuarkusTest
@QuarkusTestResource(value = InfrastructureResource.class, initArgs = @ResourceArg(name = "database", value = "plan"))
class PlanResourceTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String kafka;

    static RequestSpecification as(String tenant) {
        return given().header("Authorization", Tokens.bearer(tenant)).contentType(ContentType.JSON);
    }

    static Map<String, Object> trigger(int days) {
        return Map.of("reference", "DUE_DATE", "direction", "AFTER", "days", days);
    }

    static String template(String tenant, String key, String kind) {
        return as(tenant).body(Map.of("key", key, "kind", kind, "name", key, "variants", List.of(
                        Map.of("language", "de", "subject", "Rechnung {invoice.number}",
                                "body", "<p>{invoice.outstanding} seit {invoice.daysLate} Tagen</p>"),
                        Map.of("language", "en", "subject", "Invoice {invoice.number}",
                                "body", "<p>{invoice.outstanding} for {invoice.daysLate} days</p>"))))
                .post("/templates").then().statusCode(201).extract().path("id");
    }

    /** A tenant with an e-mail template "friendly" and an escalation-per-invoice plan (mail after 3 days, call after 10). */
    static String plan(String tenant) {
        template(tenant, "friendly", "EMAIL");
        return as(tenant).body(Map.of("name", "Standard", "planType", "ESCALATION_PER_INVOICE", "steps", List.of(
                        Map.of("name", "Friendly reminder", "action", "AUTO_EMAIL", "templateKey", "friendly",
                                "trigger", trigger(3)),
                        Map.of("name", "Call", "action", "CALL", "trigger", trigger(10)))))
                .post("/plans").then().statusCode(201).header("ETag", "\"1\"")
                .body("steps[0].stepId", notNullValue()).body("version", equalTo(1)).extract().path("id");
    }

    @Test
    void a_plan_is_created_edited_archived_and_every_version_is_published() {
        String tenant = "t-" + UUID.randomUUID();
        String planId = plan(tenant);
        String step1 = as(tenant).get("/plans/" + planId).then().statusCode(200).header("ETag", "\"1\"")
                .extract().path("steps[0].stepId");
        Map<String, Object> edit = Map.of("name", "Standard (firmer)", "planType", "ESCALATION_PER_INVOICE",
                "steps", List.of(Map.of("stepId", step1, "name", "Friendly reminder", "action", "AUTO_EMAIL",
                                "templateKey", "friendly", "trigger", trigger(5)),
                        Map.of("name", "Letter-less call", "action", "CALL", "trigger", trigger(12))),
                "maxAutomaticReminders", 1);
        // a stale If-Match is refused and writes nothing
        as(tenant).header("If-Match", "\"7\"").body(edit).put("/plans/" + planId).then().statusCode(412)
                .contentType(startsWith("application/problem+json"));
        as(tenant).header("If-Match", "\"1\"").body(edit).put("/plans/" + planId).then().statusCode(200)
                .header("ETag", "\"2\"").body("steps[0].stepId", equalTo(step1))
                .body("steps[0].trigger.days", equalTo(5)).body("maxAutomaticReminders", equalTo(1));
        as(tenant).get("/plans/" + planId + "/history").then().statusCode(200)
                .body("type", contains("PlanCreated", "PlanRevised"))
                .body("[0].data.steps[0].trigger.days", equalTo(3))
                .body("[1].data.steps[0].trigger.days", equalTo(5));
        as(tenant).header("If-Match", "\"2\"").post("/plans/" + planId + "/archive").then().statusCode(200)
                .body("archived", equalTo(true)).header("ETag", "\"3\"");
        as(tenant).get("/plans").then().body("items", hasSize(0));
        as(tenant).get("/plans?archived=true").then().body("items", hasSize(1));
        as(tenant).header("If-Match", "\"3\"").body(edit).put("/plans/" + planId).then().statusCode(409);

        try (TopicReader reader = new TopicReader(kafka, Topics.PLAN_EVENTS)) {
            var records = reader.awaitCount(r -> tenant.equals(r.key())
                    && !"TemplateSaved".equals(TopicReader.header(r, Envelope.Headers.TYPE)), 3, Duration.ofSeconds(30));
            assertThat(records).extracting(r -> TopicReader.header(r, Envelope.Headers.TYPE))
                    .containsExactly("PlanCreated", "PlanRevised", "PlanArchived");
            records.forEach(EventSchemas::assertValid);
            PlanEvents.PlanRevised revised = (PlanEvents.PlanRevised) EventCodec.decode("PlanRevised",
                    records.get(1).value());
            assertThat(revised.planVersion()).isEqualTo(2);
            assertThat(revised.steps().get(0).stepId()).isEqualTo(UUID.fromString(step1));
            assertThat(revised.maxAutomaticReminders()).isEqualTo(1);
            assertThat(((PlanEvents.PlanCreated) EventCodec.decode("PlanCreated", records.get(0).value()))
                    .maxAutomaticReminders()).isNull();
        }
    }

    @Test
    void the_three_plan_types_can_be_built_as_the_seeds_describe() {
        String tenant = "t-" + UUID.randomUUID();
        template(tenant, "grouped", "EMAIL");
        template(tenant, "letter", "LETTER");
        as(tenant).body(Map.of("name", "Weekly group", "planType", "ESCALATION_PER_GROUP", "group", Map.of(
                        "checkEvery", Map.of("every", 1, "unit", "WEEKS"), "startDate", "2026-12-07",
                        "scope", "OVERDUE_ONLY", "steps", List.of(
                                Map.of("name", "Grouped e-mail", "minDaysLate", 1, "action", "AUTO_EMAIL",
                                        "templateKey", "grouped",
                                        "recipients", Map.of("contacts", "ALL", "internalUsers", true)),
                                Map.of("name", "Grouped call", "minDaysLate", 21, "action", "CALL"),
                                Map.of("name", "Grouped letter", "minDaysLate", 45, "action", "LETTER",
                                        "templateKey", "letter")))))
                .post("/plans").then().statusCode(201).body("group.steps", hasSize(3))
                .body("group.steps[0].recipients.internalUsers", equalTo(true));
        as(tenant).body(Map.of("name", "Monthly overview", "planType", "RECURRING_OVERVIEW", "overview", Map.of(
                        "every", Map.of("every", 1, "unit", "MONTHS"), "startDate", "2026-12-01",
                        "scope", "ALL_UNPAID", "templateKey", "grouped", "includeCreditNotes", true,
                        "recipients", Map.of("contacts", "ROLES", "contactRoles", List.of("accounting")))))
                .post("/plans").then().statusCode(201).body("overview.includeCreditNotes", equalTo(true));
        as(tenant).get("/plans?planType=RECURRING_OVERVIEW").then().body("items.name", contains("Monthly overview"));
    }

    @Test
    void an_invalid_plan_is_refused_naming_each_field_and_writes_nothing() {
        String tenant = "t-" + UUID.randomUUID();
        as(tenant).body(Map.of("name", "Bad", "planType", "ESCALATION_PER_INVOICE", "steps", List.of(
                        Map.of("name", "x", "action", "CALL",
                                "trigger", Map.of("reference", "ISSUE_DATE", "direction", "BEFORE", "days", 2)),
                        Map.of("name", "y", "action", "AUTO_EMAIL", "templateKey", "missing", "trigger", trigger(4)))))
                .post("/plans").then().statusCode(422).contentType(startsWith("application/problem+json"))
                .body("errors.field", contains("steps[0].trigger.direction", "steps[1].templateKey"));
        as(tenant).body(Map.of("name", "Too many", "planType", "ESCALATION_PER_INVOICE", "maxAutomaticReminders", 0,
                        "steps", List.of(Map.of("name", "x", "action", "CALL", "trigger", trigger(2)))))
                .post("/plans").then().statusCode(422)
                .body("errors.field", contains("maxAutomaticReminders"))
                .body("errors[0].message", equalTo("1 to 50 (leave it out for no limit)"));
        as(tenant).body(Map.of("name", "Bad", "planType", "ESCALATION_PER_INVOICE", "steps", List.of(
                        Map.of("name", "x", "action", "FAX", "trigger", trigger(2)))))
                .post("/plans").then().statusCode(400).contentType(startsWith("application/problem+json"))
                .body("errors[0].field", equalTo("steps[0].action"));
        as(tenant).get("/plans").then().body("items", hasSize(0));
    }

    /** A customer the invoice topic told plan-service about; its id. */
    String known(String tenant) {
        UUID customer = UUID.randomUUID();
        try (org.dunning.testing.EventPublisher p = new org.dunning.testing.EventPublisher(kafka)) {
            p.publish(Topics.INVOICE_EVENTS, tenant, tenant + "/" + customer, "customer-" + customer, 1,
                    new org.dunning.contract.InvoiceEvents.CustomerRegistered(customer, "Berg GmbH", "de", null,
                            List.of(), null, List.of()));
        }
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                as(tenant).get("/customers/" + customer + "/plans").then().statusCode(200));
        return customer.toString();
    }

    @Test
    void a_plan_of_another_tenant_cannot_be_seen_changed_or_assigned() {
        String planId = plan("tenant-a-" + UUID.randomUUID());
        String other = "tenant-b-" + UUID.randomUUID();
        as(other).get("/plans/" + planId).then().statusCode(404).contentType(startsWith("application/problem+json"));
        as(other).post("/plans/" + planId + "/archive").then().statusCode(404);
        String customer = known(other);
        as(other).body(Map.of("planId", planId)).put("/customers/" + customer + "/plans/ESCALATION").then()
                .statusCode(422).body("errors[0].field", equalTo("planId"));
        // a customer plan-service has not heard of is not assigned anything
        as(other).body(Map.of("planId", planId)).put("/customers/" + UUID.randomUUID() + "/plans/ESCALATION").then()
                .statusCode(404).body("detail", org.hamcrest.Matchers.containsString("retry"));
    }

    @Test
    void a_retried_create_with_the_same_idempotency_key_creates_one_plan() {
        String tenant = "t-" + UUID.randomUUID();
        Map<String, Object> body = Map.of("name", "Once", "planType", "ESCALATION_PER_INVOICE",
                "steps", List.of(Map.of("name", "x", "action", "CALL", "trigger", trigger(2))));
        String first = as(tenant).header("Idempotency-Key", "p-1").body(body).post("/plans").then().statusCode(201)
                .extract().path("id");
        as(tenant).header("Idempotency-Key", "p-1").body(body).post("/plans").then().statusCode(201)
                .body("id", equalTo(first));
        as(tenant).get("/plans").then().body("items", hasSize(1));
    }

    @Test
    void a_plan_in_use_cannot_be_archived() {
        String tenant = "t-" + UUID.randomUUID();
        String planId = plan(tenant);
        String customer = known(tenant);
        as(tenant).body(Map.of("planId", planId)).put("/customers/" + customer + "/plans/ESCALATION").then()
                .statusCode(200);
        as(tenant).post("/plans/" + planId + "/archive").then().statusCode(409)
                .body("detail", startsWith("plan " + planId + " is assigned to 1 customer(s)"));
        as(tenant).delete("/customers/" + customer + "/plans/ESCALATION").then().statusCode(200);
        as(tenant).post("/plans/" + planId + "/archive").then().statusCode(200);
        as(tenant).body(Map.of("planId", planId)).put("/customers/" + customer + "/plans/ESCALATION").then()
                .statusCode(422).body("errors[0].message", equalTo("the plan is archived"));
    }

    @Test
    void the_starter_kit_installs_once() {
        String tenant = "t-" + UUID.randomUUID();
        as(tenant).post("/starter-kit").then().statusCode(201).body("installedNow", equalTo(true))
                .body("planIds", hasSize(3)).body("templateIds", hasSize(6));
        as(tenant).post("/starter-kit").then().statusCode(200).body("installedNow", equalTo(false))
                .body("planIds", hasSize(3));
        as(tenant).get("/plans").then().body("items.name",
                contains("Grouped escalation", "Monthly overview", "Standard escalation"));
        as(tenant).get("/templates").then().body("items.key", contains("account-overview", "final-letter",
                "final-notice", "firm-reminder", "friendly-reminder", "grouped-reminder"));
        as(tenant).get("/plans?planType=ESCALATION_PER_INVOICE").then()
                .body("items[0].steps.action", contains("AUTO_EMAIL", "AUTO_EMAIL", "CALL", "EMAIL_WITH_VALIDATION",
                        "LETTER"));
    }

    @Test
    void the_starter_kit_keeps_a_template_the_tenant_already_has() {
        String tenant = "t-" + UUID.randomUUID();
        String own = template(tenant, "friendly-reminder", "EMAIL");
        as(tenant).post("/starter-kit").then().statusCode(201).body("templateIds", hasSize(5));
        as(tenant).get("/templates/" + own).then().body("version", equalTo(1))
                .body("variants[0].subject", equalTo("Rechnung {invoice.number}"));
    }
}
