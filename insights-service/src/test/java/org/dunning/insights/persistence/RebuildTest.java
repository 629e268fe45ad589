package org.dunning.insights.persistence;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import org.dunning.contract.IntegrationEvent;
import org.dunning.contract.InvoiceEvents;
import org.dunning.contract.NotificationEvents;
import org.dunning.contract.PlanEvents;
import org.dunning.contract.ReminderEvents;
import org.dunning.contract.Topics;
import org.dunning.platform.time.AdjustableClock;
import org.dunning.testing.EventPublisher;
import org.dunning.testing.InfrastructureResource;
import org.dunning.testing.Tokens;
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
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasSize;

/**
 * Invariant 5 for the insights: dropping the projection and replaying the topics gives the same figures; while a
 * rebuild runs anywhere the live consumers wait and apply what came meanwhile after it.
 */
@QuarkusTest
@QuarkusTestResource(value = InfrastructureResource.class, initArgs = @ResourceArg(name = "database",
        value = "insights"))
class RebuildTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String kafka;
    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbc;
    @ConfigProperty(name = "quarkus.datasource.username")
    String user;
    @ConfigProperty(name = "quarkus.datasource.password")
    String password;
    @jakarta.inject.Inject
    AdjustableClock clock;

    final String tenant = "t-" + UUID.randomUUID();
    final UUID customer = UUID.randomUUID();
    final UUID plan = UUID.randomUUID();
    final UUID step = UUID.randomUUID();

    @AfterEach
    void tearDown() {
        clock.reset();
    }

    void publish(EventPublisher p, String topic, IntegrationEvent e) {
        p.publish(topic, tenant, tenant + "/" + customer, UUID.randomUUID().toString(), 1, e);
    }

    String get(String path) {
        return given().header("Authorization", Tokens.bearer(tenant)).get(path).then().statusCode(200).extract()
                .asString();
    }

    @Test
    void aRebuiltProjectionGivesTheSameFigures() {
        clock.set(Instant.parse("2026-12-31T12:00:00Z"));
        UUID paid = UUID.randomUUID();
        UUID open = UUID.randomUUID();
        try (EventPublisher p = new EventPublisher(kafka)) {
            publish(p, Topics.PLAN_EVENTS, new PlanEvents.PlanCreated(plan, 1, "Standard",
                    PlanEvents.PlanType.ESCALATION_PER_INVOICE, List.of(), null, null, null));
            publish(p, Topics.INVOICE_EVENTS, issued(paid, "R-1", "2026-10-15", "1000.00"));
            publish(p, Topics.INVOICE_EVENTS, issued(open, "R-2", "2026-11-15", "800.00"));
            publish(p, Topics.INVOICE_EVENTS, new InvoiceEvents.PaymentRecorded(paid, customer, "BANK-1",
                    new BigDecimal("400.00"), LocalDate.of(2026, 10, 25), new BigDecimal("600.00"),
                    InvoiceEvents.InvoiceStatus.PARTIALLY_PAID));
            publish(p, Topics.INVOICE_EVENTS, new InvoiceEvents.PaymentRecorded(paid, customer, "BANK-2",
                    new BigDecimal("600.00"), LocalDate.of(2026, 11, 5), new BigDecimal("0.00"),
                    InvoiceEvents.InvoiceStatus.PAID));
            publish(p, Topics.REMINDER_STEPS, due("k1", paid, "2026-10-18"));
            publish(p, Topics.REMINDER_STEPS, due("k2", open, "2026-11-18"));
            publish(p, Topics.NOTIFICATION_EVENTS, sent("k1", paid, "2026-10-18"));
            publish(p, Topics.NOTIFICATION_EVENTS, sent("k2", open, "2026-11-18"));
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given()
                .header("Authorization", Tokens.bearer(tenant)).get("/reminders?from=2026-10-01&to=2026-12-31")
                .then().body("rows", hasSize(1)).body("rows[0].reminders", equalTo(2))
                .body("rows[0].settledWithin.30.settled", equalTo(1))
                // the plan topic has a consumer of its own: its name may come after the reminders
                .body("rows[0].planName", equalTo("Standard")));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given()
                .header("Authorization", Tokens.bearer(tenant)).get("/ageing").then()
                .body("currencies[0].total.invoices", equalTo(1)));
        List<String> paths = List.of("/reminders?from=2026-10-01&to=2026-12-31", "/ageing",
                "/dso?from=2026-10&to=2026-12", "/dso?from=2026-10&to=2026-12&customerId=" + customer);
        List<String> before = paths.stream().map(this::get).toList();

        given().header("Authorization", Tokens.bearer(tenant, "user")).post("/admin/projection/rebuild").then()
                .statusCode(403);
        given().header("Authorization", Tokens.bearer(tenant, "user", "admin")).post("/admin/projection/rebuild")
                .then().statusCode(200).body("recordsReplayed", greaterThanOrEqualTo(9));

        assertThat(paths.stream().map(this::get).toList()).isEqualTo(before);
    }

    /** A rebuild on another instance holds the lock: the live consumers here wait, then go on. */
    @Test
    void whileARebuildRunsAnywhereTheConsumersWait() throws Exception {
        clock.set(Instant.parse("2026-12-31T12:00:00Z"));
        UUID invoice = UUID.randomUUID();
        try (EventPublisher p = new EventPublisher(kafka)) {
            publish(p, Topics.INVOICE_EVENTS, issued(invoice, "R-3", "2026-12-01", "50.00"));
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given()
                .header("Authorization", Tokens.bearer(tenant)).get("/ageing").then()
                .body("currencies[0].total.invoices", equalTo(1)));
        try (java.sql.Connection rebuilding = java.sql.DriverManager.getConnection(jdbc, user, password);
             java.sql.Statement st = rebuilding.createStatement()) {
            st.execute("SELECT pg_advisory_lock(" + Rebuild.REBUILDING + "), pg_advisory_lock(" + Rebuild.LOCK + ")");
            // a second rebuild, here, is refused while the other instance rebuilds
            given().header("Authorization", Tokens.bearer(tenant, "user", "admin"))
                    .post("/admin/projection/rebuild").then().statusCode(409);
            try (EventPublisher p = new EventPublisher(kafka)) {
                publish(p, Topics.INVOICE_EVENTS, new InvoiceEvents.PaymentRecorded(invoice, customer, "BANK-3",
                        new BigDecimal("50.00"), LocalDate.of(2026, 12, 20), new BigDecimal("0.00"),
                        InvoiceEvents.InvoiceStatus.PAID));
            }
            Thread.sleep(4000);
            // the payment waits with its batch: the invoice is still owed
            given().header("Authorization", Tokens.bearer(tenant)).get("/ageing").then()
                    .body("currencies[0].total.invoices", equalTo(1));
            st.execute("SELECT pg_advisory_unlock(" + Rebuild.LOCK + "), pg_advisory_unlock(" + Rebuild.REBUILDING
                    + ")");
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given()
                .header("Authorization", Tokens.bearer(tenant)).get("/ageing").then()
                .body("currencies", hasSize(0)));
    }

    InvoiceEvents.InvoiceIssued issued(UUID invoice, String number, String due, String amount) {
        LocalDate dueDate = LocalDate.parse(due);
        return new InvoiceEvents.InvoiceIssued(invoice, customer, number, dueDate.minusDays(14), dueDate, "EUR",
                new BigDecimal(amount));
    }

    ReminderEvents.ReminderStepDue due(String key, UUID invoice, String fireDate) {
        return new ReminderEvents.ReminderStepDue(key, plan, 1, step, "Friendly", PlanEvents.Action.AUTO_EMAIL,
                "friendly", new ReminderEvents.CustomerRef(customer, "Berg", "de", List.of()), List.of(
                new ReminderEvents.InvoiceRef(invoice, "X", LocalDate.of(2026, 10, 1), LocalDate.of(2026, 10, 15),
                        "EUR", BigDecimal.TEN, BigDecimal.TEN, 3)), LocalDate.parse(fireDate),
                Instant.parse(fireDate + "T08:00:00Z"), PlanEvents.PlanType.ESCALATION_PER_INVOICE, List.of(), false,
                null);
    }

    NotificationEvents.EmailSent sent(String key, UUID invoice, String day) {
        return new NotificationEvents.EmailSent(UUID.randomUUID(), key, customer, List.of(invoice),
                NotificationEvents.Audience.CUSTOMER, List.of("anna@berg.example"), "s", "t", "<m>",
                Instant.parse(day + "T08:01:00Z"));
    }
}
