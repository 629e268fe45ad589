package org.dunning.plan.rest;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.dunning.contract.Envelope;
import org.dunning.contract.EventCodec;
import org.dunning.contract.PlanEvents;
import org.dunning.contract.Topics;
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
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

@QuarkusTest
@QuarkusTestResource(value = InfrastructureResource.class, initArgs = @ResourceArg(name = "database", value = "plan"))
class PlanResourceTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String kafka;

    static String plan(String tenant) {
        return given().header("Authorization", Tokens.bearer(tenant)).contentType(ContentType.JSON)
                .body(Map.of("name", "Standard", "steps", List.of(
                        Map.of("name", "Friendly reminder", "action", "AUTO_EMAIL",
                                "trigger", Map.of("reference", "DUE_DATE", "direction", "AFTER", "days", 3)),
                        Map.of("name", "Call", "action", "CALL",
                                "trigger", Map.of("reference", "DUE_DATE", "direction", "AFTER", "days", 10)))))
                .post("/plans").then().statusCode(201).body("steps[0].stepId", notNullValue())
                .body("version", equalTo(1)).extract().path("id");
    }

    @Test
    void aPlanIsCreatedAssignedAndPublished() {
        String tenant = "t-" + UUID.randomUUID();
        String planId = plan(tenant);
        String customerId = UUID.randomUUID().toString();
        given().header("Authorization", Tokens.bearer(tenant)).contentType(ContentType.JSON)
                .body(Map.of("planId", planId)).put("/customers/" + customerId + "/plan").then().statusCode(200)
                .body("planId", equalTo(planId));
        given().header("Authorization", Tokens.bearer(tenant)).get("/customers/" + customerId + "/plan").then()
                .statusCode(200).body("planId", equalTo(planId));

        try (TopicReader reader = new TopicReader(kafka, Topics.PLAN_EVENTS)) {
            var created = reader.awaitRecords(r -> (tenant + "/" + planId).equals(r.key()), Duration.ofSeconds(30));
            PlanEvents.PlanCreated event = (PlanEvents.PlanCreated) EventCodec.decode(
                    TopicReader.header(created.get(0), Envelope.Headers.TYPE), created.get(0).value());
            assertThat(event.steps()).extracting(PlanEvents.Step::action)
                    .containsExactly(PlanEvents.Action.AUTO_EMAIL, PlanEvents.Action.CALL);
            assertThat(event.planVersion()).isEqualTo(1);
            var assigned = reader.awaitRecords(r -> (tenant + "/" + customerId).equals(r.key()), Duration.ofSeconds(30));
            assertThat(TopicReader.header(assigned.get(0), Envelope.Headers.TYPE)).isEqualTo("PlanAssigned");
            org.dunning.testing.EventSchemas.assertValid(created.get(0));
            org.dunning.testing.EventSchemas.assertValid(assigned.get(0));
        }
    }

    @Test
    void aPlanOfAnotherTenantCannotBeSeenOrAssigned() {
        String planId = plan("tenant-a");
        given().header("Authorization", Tokens.bearer("tenant-b")).get("/plans/" + planId).then().statusCode(404)
                .contentType(startsWith("application/problem+json"));
        given().header("Authorization", Tokens.bearer("tenant-b")).contentType(ContentType.JSON)
                .body(Map.of("planId", planId)).put("/customers/" + UUID.randomUUID() + "/plan").then()
                .statusCode(422).body("errors[0].field", equalTo("planId"));
    }

    @Test
    void aRetriedCreateWithTheSameIdempotencyKeyCreatesOnePlan() {
        String tenant = "t-" + UUID.randomUUID();
        Map<String, Object> body = Map.of("name", "Once", "steps", List.of(Map.of("name", "x", "action", "CALL",
                "trigger", Map.of("reference", "DUE_DATE", "direction", "AFTER", "days", 2))));
        String first = given().header("Authorization", Tokens.bearer(tenant)).header("Idempotency-Key", "p-1")
                .contentType(ContentType.JSON).body(body).post("/plans").then().statusCode(201).extract().path("id");
        given().header("Authorization", Tokens.bearer(tenant)).header("Idempotency-Key", "p-1")
                .contentType(ContentType.JSON).body(body).post("/plans").then().statusCode(201)
                .body("id", equalTo(first));
        given().header("Authorization", Tokens.bearer(tenant)).get("/plans").then().body("items.size()", equalTo(1));
    }

    @Test
    void anInvalidPlanIsRefusedNamingTheField() {
        given().header("Authorization", Tokens.bearer("t")).contentType(ContentType.JSON)
                .body(Map.of("name", "Bad", "steps", List.of(Map.of("name", "x", "action", "CALL",
                        "trigger", Map.of("reference", "ISSUE_DATE", "direction", "BEFORE", "days", 2)))))
                .post("/plans").then().statusCode(422).contentType(startsWith("application/problem+json"))
                .body("errors[0].field", equalTo("steps[0].trigger.direction"));
        given().header("Authorization", Tokens.bearer("t")).contentType(ContentType.JSON)
                .body(Map.of("name", "Bad", "steps", List.of(Map.of("name", "x", "action", "FAX",
                        "trigger", Map.of("reference", "DUE_DATE", "direction", "AFTER", "days", 2)))))
                .post("/plans").then().statusCode(400).contentType(startsWith("application/problem+json"));
    }
}
