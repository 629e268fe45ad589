package org.dunning.escalation.projection;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.dunning.contract.InvoiceEvents;
import org.dunning.contract.PlanEvents;
import org.dunning.contract.ReminderEvents;
import org.dunning.contract.Topics;
import org.dunning.platform.time.AdjustableClock;
import org.dunning.testing.EventPublisher;
import org.dunning.testing.InfrastructureResource;
import org.dunning.testing.Tokens;
import org.dunning.testing.TopicReader;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItem;

/**
 * Invariant 5: dropping the projection and replaying the topics gives the same schedule and the same record of what
 * fired and was skipped, and publishes nothing again.
 */
@QuarkusTest
@QuarkusTestResource(value = InfrastructureResource.class, initArgs = @ResourceArg(name = "database", value = "escalation"))
class RebuildTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String kafka;
    @Inject
    AdjustableClock clock;

    @AfterEach
    void tearDown() {
        clock.reset();
    }

    String get(String tenant, String path) {
        return given().header("Authorization", Tokens.bearer(tenant)).get(path).then().statusCode(200).extract()
                .asString();
    }

    @Test
    void aRebuiltProjectionHasTheSameScheduleAndRecordAndPublishesNothingAgain() {
        String tenant = "t-" + UUID.randomUUID();
        UUID customer = UUID.randomUUID();
        UUID plan = UUID.randomUUID();
        UUID overview = UUID.randomUUID();
        String key = tenant + "/" + customer;
        clock.set(Instant.parse("2026-12-01T07:00:00Z"));
        PlanEvents.Step first = step("Friendly", 3, PlanEvents.Action.AUTO_EMAIL);
        PlanEvents.Step second = step("Firm", 10, PlanEvents.Action.AUTO_EMAIL);
        PlanEvents.Step call = step("Call", 21, PlanEvents.Action.CALL);
        UUID late = UUID.randomUUID();
        UUID fresh = UUID.randomUUID();
        try (EventPublisher p = new EventPublisher(kafka)) {
            p.publish(Topics.INVOICE_EVENTS, tenant, key, "c", 1, new InvoiceEvents.CustomerRegistered(customer,
                    "Berg GmbH", "de", null, List.of(InvoiceEvents.Contact.of("Anna", "anna@berg.example", null,
                    "accounting")), null, List.of()));
            // imported late: its three steps are past, only the call fires (the others are skipped)
            p.publish(Topics.INVOICE_EVENTS, tenant, key, "i1", 1, new InvoiceEvents.InvoiceIssued(late, customer,
                    "R-1", LocalDate.of(2026, 10, 15), LocalDate.of(2026, 11, 1), "EUR", new BigDecimal("10.00")));
            p.publish(Topics.INVOICE_EVENTS, tenant, key, "i2", 1, new InvoiceEvents.InvoiceIssued(fresh, customer,
                    "R-2", LocalDate.of(2026, 11, 17), LocalDate.of(2026, 12, 1), "EUR", new BigDecimal("20.00")));
            p.publish(Topics.PLAN_EVENTS, tenant, tenant, "p", 1,
                    PlanEvents.PlanCreated.escalation(plan, 1, "Standard", List.of(first, second, call)));
            p.publish(Topics.PLAN_EVENTS, tenant, tenant, "p", 2, PlanEvents.PlanAssigned.of(customer, plan));
            p.publish(Topics.PLAN_EVENTS, tenant, tenant, "o", 1, new PlanEvents.PlanCreated(overview, 1, "Overview",
                    PlanEvents.PlanType.RECURRING_OVERVIEW, List.of(), null, new PlanEvents.OverviewSettings(
                    new PlanEvents.Interval(1, PlanEvents.IntervalUnit.WEEKS), LocalDate.of(2026, 12, 2),
                    PlanEvents.InvoiceScope.OVERDUE_ONLY, new PlanEvents.Recipients(PlanEvents.ContactScope.ALL,
                    List.of(), false), "overview", false)));
            p.publish(Topics.PLAN_EVENTS, tenant, tenant, "o", 2,
                    new PlanEvents.PlanAssigned(customer, overview, PlanEvents.Slot.OVERVIEW));
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().header("Authorization",
                Tokens.bearer(tenant)).get("/invoices/" + fresh + "/schedule").then().body("size()", greaterThan(2)));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().header("Authorization",
                Tokens.bearer(tenant)).get("/customers/" + customer + "/checks").then()
                .body("status", hasItem("PENDING")));
        // Friday 4 December: the late invoice's call and the fresh one's first e-mail have fired, an overview too
        clock.set(Instant.parse("2026-12-04T08:00:30Z"));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().header("Authorization",
                        Tokens.bearer(tenant)).get("/invoices/" + fresh + "/schedule").then()
                .body("status", hasItem("FIRED")));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().header("Authorization",
                        Tokens.bearer(tenant)).get("/customers/" + customer + "/checks").then()
                .body("status", hasItem("FIRED")));

        String lateBefore = get(tenant, "/invoices/" + late + "/schedule");
        String freshBefore = get(tenant, "/invoices/" + fresh + "/schedule");
        String checksBefore = get(tenant, "/customers/" + customer + "/checks");
        String forecastBefore = get(tenant, "/forecast?customerId=" + customer);
        assertThat(lateBefore).contains("SKIPPED", "FIRED");

        try (TopicReader steps = new TopicReader(kafka, Topics.REMINDER_STEPS);
             TopicReader lateness = new TopicReader(kafka, Topics.LATENESS_EVENTS)) {
            steps.awaitRecords(r -> r.value().contains(tenant), Duration.ofSeconds(30));
            int stepsBefore = steps.settle(r -> r.value().contains(tenant), Duration.ofSeconds(2)).size();
            int latenessBefore = lateness.settle(r -> key.equals(r.key()), Duration.ofSeconds(1)).size();

            given().header("Authorization", Tokens.bearer(tenant, "user", "admin"))
                    .post("/admin/projection/rebuild").then().statusCode(200)
                    .body("recordsReplayed", greaterThan(6)).body("decisionsRestored", greaterThan(3));
            given().header("Authorization", Tokens.bearer(tenant, "user")).post("/admin/projection/rebuild").then()
                    .statusCode(403);

            assertThat(get(tenant, "/invoices/" + late + "/schedule")).isEqualTo(lateBefore);
            assertThat(get(tenant, "/invoices/" + fresh + "/schedule")).isEqualTo(freshBefore);
            assertThat(get(tenant, "/customers/" + customer + "/checks")).isEqualTo(checksBefore);
            assertThat(get(tenant, "/forecast?customerId=" + customer)).isEqualTo(forecastBefore);
            assertThat(steps.settle(r -> r.value().contains(tenant), Duration.ofSeconds(3))).hasSize(stepsBefore);
            assertThat(lateness.settle(r -> key.equals(r.key()), Duration.ofSeconds(1))).hasSize(latenessBefore);
        }
        // and the engine goes on: the second e-mail fires once on 11 December
        String secondKey = ReminderEvents.reminderKey(tenant, plan, second.stepId(), fresh);
        try (TopicReader steps = new TopicReader(kafka, Topics.REMINDER_STEPS)) {
            clock.set(Instant.parse("2026-12-11T08:00:30Z"));
            steps.awaitRecords(r -> r.value().contains(secondKey), Duration.ofSeconds(30));
            assertThat(steps.settle(r -> r.value().contains(secondKey), Duration.ofSeconds(2))).hasSize(1);
        }
    }

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbc;
    @ConfigProperty(name = "quarkus.datasource.username")
    String user;
    @ConfigProperty(name = "quarkus.datasource.password")
    String password;

    /** A rebuild on another instance holds the lock: the live consumer and the engine here wait, then go on. */
    @Test
    void whileARebuildRunsAnywhereTheConsumerAndTheEngineWait() throws Exception {
        String tenant = "t-" + UUID.randomUUID();
        UUID customer = UUID.randomUUID();
        UUID plan = UUID.randomUUID();
        String key = tenant + "/" + customer;
        clock.set(Instant.parse("2026-12-01T07:00:00Z"));
        PlanEvents.Step first = step("Friendly", 3, PlanEvents.Action.AUTO_EMAIL);
        UUID one = UUID.randomUUID();
        UUID two = UUID.randomUUID();
        try (EventPublisher p = new EventPublisher(kafka)) {
            p.publish(Topics.INVOICE_EVENTS, tenant, key, "c", 1, new InvoiceEvents.CustomerRegistered(customer,
                    "Berg GmbH", "de", null, List.of(InvoiceEvents.Contact.of("Anna", "anna@berg.example", null,
                    "accounting")), null, List.of()));
            p.publish(Topics.PLAN_EVENTS, tenant, tenant, "p", 1,
                    PlanEvents.PlanCreated.escalation(plan, 1, "Standard", List.of(first)));
            p.publish(Topics.PLAN_EVENTS, tenant, tenant, "p", 2, PlanEvents.PlanAssigned.of(customer, plan));
            p.publish(Topics.INVOICE_EVENTS, tenant, key, "i1", 1, new InvoiceEvents.InvoiceIssued(one, customer,
                    "R-1", LocalDate.of(2026, 11, 17), LocalDate.of(2026, 12, 1), "EUR", new BigDecimal("20.00")));
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().header("Authorization",
                Tokens.bearer(tenant)).get("/invoices/" + one + "/schedule").then().body("status", hasItem("PENDING")));

        try (java.sql.Connection rebuilding = java.sql.DriverManager.getConnection(jdbc, user, password);
             java.sql.Statement st = rebuilding.createStatement()) {
            st.execute("SELECT pg_advisory_lock(" + RebuildState.LOCK + ")");
            try (EventPublisher p = new EventPublisher(kafka)) {
                p.publish(Topics.INVOICE_EVENTS, tenant, key, "i2", 1, new InvoiceEvents.InvoiceIssued(two, customer,
                        "R-2", LocalDate.of(2026, 11, 17), LocalDate.of(2026, 12, 1), "EUR", new BigDecimal("30.00")));
            }
            clock.set(Instant.parse("2026-12-04T08:00:30Z"));
            Thread.sleep(4000);
            // the second invoice waits with its batch: the projection does not know it yet
            given().header("Authorization", Tokens.bearer(tenant)).get("/invoices/" + two + "/schedule").then()
                    .statusCode(404);
            assertThat(get(tenant, "/invoices/" + one + "/schedule")).contains("PENDING").doesNotContain("FIRED");
            st.execute("SELECT pg_advisory_unlock(" + RebuildState.LOCK + ")");
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().header("Authorization",
                Tokens.bearer(tenant)).get("/invoices/" + one + "/schedule").then().body("status", hasItem("FIRED")));
        // planned when its batch went on (past 09:00 on its day: at the next slot)
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().header("Authorization",
                Tokens.bearer(tenant)).get("/invoices/" + two + "/schedule").then().body("status", hasItem("PENDING")));
    }

    static PlanEvents.Step step(String name, int days, PlanEvents.Action action) {
        return new PlanEvents.Step(UUID.randomUUID(), name, new PlanEvents.Trigger(PlanEvents.TriggerReference.DUE_DATE,
                PlanEvents.Direction.AFTER, days), action, action == PlanEvents.Action.CALL ? null : "friendly", null);
    }
}
