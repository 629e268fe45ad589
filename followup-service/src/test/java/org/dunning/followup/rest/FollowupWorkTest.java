package org.dunning.followup.rest;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.dunning.contract.EventCodec;
import org.dunning.contract.FollowupEvents;
import org.dunning.contract.IntegrationEvent;
import org.dunning.contract.InvoiceEvents;
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
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

/**
 * Issue #7 against the real broker and database: tasks from every source, the task API, the validation flow, call
 * outcomes, manual follow-ups and the timeline of a whole story, read back over REST.
 */
@QuarkusTest
@QuarkusTestResource(value = InfrastructureResource.class, initArgs = @ResourceArg(name = "database", value = "followup"))
class FollowupWorkTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String kafka;

    final String tenant = "t-" + UUID.randomUUID();
    final UUID customer = UUID.randomUUID();
    final UUID invoice = UUID.randomUUID();
    // the tenant has no settings: its day is the settings' default zone's
    final LocalDate today = LocalDate.now(java.time.ZoneId.of("Europe/Paris"));

    io.restassured.specification.RequestSpecification api() {
        return given().header("Authorization", Tokens.bearer(tenant)).contentType(ContentType.JSON);
    }

    void publish(EventPublisher p, String topic, IntegrationEvent e) {
        p.publish(topic, tenant, tenant + "/" + customer, UUID.randomUUID().toString(), 1, e);
    }

    ReminderEvents.ReminderStepDue call(String key) {
        return new ReminderEvents.ReminderStepDue(key, UUID.randomUUID(), 1, UUID.randomUUID(), "Call", PlanEvents.Action.CALL,
                null, new ReminderEvents.CustomerRef(customer, "Berg GmbH", "de",
                List.of(ReminderEvents.Recipient.contact("Anna Berg", "anna@berg.example", "+49 30 1234", "accounting"))),
                List.of(new ReminderEvents.InvoiceRef(invoice, "INV-7", today.minusDays(30), today.minusDays(16), "EUR",
                        new BigDecimal("99.00"), new BigDecimal("99.00"), 16)), today, Instant.now(),
                PlanEvents.PlanType.ESCALATION_PER_INVOICE, List.of());
    }

    NotificationEvents.DraftAwaitingValidation draft(UUID emailId) {
        return new NotificationEvents.DraftAwaitingValidation(emailId, tenant + "/draft/" + emailId, customer,
                "Berg GmbH", List.of(invoice), "Second reminder", List.of("anna@berg.example"), "Zahlungserinnerung",
                "<p>Guten Tag Anna Berg</p>", today);
    }

    String awaitTask(String type) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> api().get("/tasks?type=" + type).then()
                .statusCode(200).body("items.size()", equalTo(1)));
        return api().get("/tasks?type=" + type).then().extract().path("items[0].id");
    }

    boolean isFor(ConsumerRecord<String, String> r, String type) {
        return type.equals(TopicReader.header(r, "ce_type")) && tenant.equals(TopicReader.header(r, "ce_tenantid"));
    }

    @Test
    void everySourceMakesOneTaskWhateverTheRedeliveries() {
        UUID failedMail = UUID.randomUUID();
        UUID letter = UUID.randomUUID();
        UUID unaddressed = UUID.randomUUID();
        try (EventPublisher p = new EventPublisher(kafka)) {
            for (int i = 0; i < 2; i++) {
                publish(p, Topics.REMINDER_STEPS, call(tenant + "/call-1"));
                publish(p, Topics.NOTIFICATION_EVENTS, draft(UUID.fromString("00000000-0000-0000-0000-000000000001")));
                publish(p, Topics.NOTIFICATION_EVENTS, new NotificationEvents.LetterReady(letter, tenant + "/letter",
                        customer, "Berg GmbH", List.of(invoice), "Final letter", "/letters/" + letter + "/pdf", 1, today));
                // a letter that could not be made: the customer's postal address is missing
                publish(p, Topics.NOTIFICATION_EVENTS, new NotificationEvents.LetterFailed(unaddressed,
                        tenant + "/letter-2", customer, "Berg GmbH", List.of(invoice), "Final letter",
                        "the customer has no postal address (billingAddress): add it, then post the letter", today,
                        Instant.now()));
                // a permanent failure and the bounce it causes: one task to fix the contact
                publish(p, Topics.NOTIFICATION_EVENTS, new NotificationEvents.EmailFailed(failedMail, tenant + "/mail",
                        customer, List.of(invoice), NotificationEvents.Audience.CUSTOMER, List.of("gone@berg.example"),
                        "550 no such user", true, 1, Instant.now()));
                publish(p, Topics.NOTIFICATION_EVENTS, new NotificationEvents.EmailBounced(failedMail, customer,
                        "gone@berg.example", "550 no such user", Instant.now()));
            }
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> api().get("/tasks?customerId=" + customer).then()
                .body("items.type", containsInAnyOrder("CALL", "VALIDATE_EMAIL", "SEND_LETTER", "FIX_CONTACT",
                        "FIX_CONTACT")));
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                api().get("/tasks").then().body("items.size()", equalTo(5)));
        api().get("/tasks?type=FIX_CONTACT").then()
                .body("items.find { it.title.startsWith('The letter') }.title",
                        equalTo("The letter \"Final letter\" to Berg GmbH cannot be posted: fix the customer's postal "
                                + "address"))
                .body("items.find { it.title.startsWith('The letter') }.detail", startsWith("the customer has no postal"));
        api().get("/tasks?type=SEND_LETTER").then().body("items[0].documentPath", equalTo("/letters/" + letter + "/pdf"));
        api().get("/tasks?type=FIX_CONTACT").then()
                .body("items.find { it.title.startsWith('The e-mail') }.detail", equalTo("550 no such user"))
                .body("items.find { it.title.startsWith('The e-mail') }.title",
                        startsWith("The e-mail to gone@berg.example failed"));
        api().get("/tasks?type=CALL").then().body("items[0].contacts[0].phone", equalTo("+49 30 1234"))
                .body("items[0].invoiceIds[0]", equalTo(invoice.toString()));
        given().header("Authorization", Tokens.bearer("other-" + tenant)).get("/tasks").then()
                .body("items.size()", equalTo(0));
    }

    /** The ledger made the customer and the invoice: follow-up learns them from the invoice topic. */
    void ledgerKnowsTheCustomerAndInvoice() {
        try (EventPublisher p = new EventPublisher(kafka)) {
            publish(p, Topics.INVOICE_EVENTS, new InvoiceEvents.CustomerRegistered(customer, "Berg GmbH", "de", null,
                    List.of(), null, List.of()));
            publish(p, Topics.INVOICE_EVENTS, new InvoiceEvents.InvoiceIssued(invoice, customer, "INV-7",
                    today.minusDays(30), today.minusDays(16), "EUR", new BigDecimal("99.00")));
        }
        awaitKinds("INVOICE_ISSUED");
    }

    @Test
    void aCommandNamingACustomerOrInvoiceTheTenantDoesNotHaveIsRefusedAndCreatesNothing() {
        ledgerKnowsTheCustomerAndInvoice();
        UUID stranger = UUID.randomUUID();
        api().body(Map.of("title", "Call", "customerId", stranger.toString(), "dueDate", today.toString()))
                .post("/tasks").then().statusCode(404).contentType("application/problem+json")
                .body("detail", org.hamcrest.Matchers.containsString("retry"));
        api().body(Map.of("customerId", stranger.toString(), "channel", "CALL")).post("/contacts").then()
                .statusCode(404);
        api().body(Map.of("title", "Call", "customerId", customer.toString(), "invoiceIds",
                        List.of(UUID.randomUUID().toString()), "dueDate", today.toString())).post("/tasks").then()
                .statusCode(422).body("errors[0].field", equalTo("invoiceIds[0]"));
        // the same customer id is unknown to another tenant
        given().header("Authorization", Tokens.bearer("other-" + tenant)).contentType(ContentType.JSON)
                .body(Map.of("customerId", customer.toString(), "channel", "CALL")).post("/contacts").then()
                .statusCode(404);
        api().get("/tasks?customerId=" + stranger).then().body("items.size()", equalTo(0));
        api().get("/invoices/" + invoice + "/timeline").then().body("items.kind", contains("INVOICE_ISSUED"));
    }

    @Test
    void todayIsTheTenantsDayInItsTimeZone() {
        ledgerKnowsTheCustomerAndInvoice();
        try (EventPublisher p = new EventPublisher(kafka)) {
            // 08:00 UTC on 1 December is 21:00 on 30 November in Pago Pago
            p.publish(Topics.PLAN_EVENTS, tenant, tenant, UUID.randomUUID().toString(), 1,
                    new PlanEvents.TenantSettingsChanged(2, java.time.LocalTime.of(9, 0), "Pacific/Pago_Pago",
                            java.time.LocalTime.of(13, 0), "Europe/Paris", false, null, 0, null, null, null));
        }
        String admin = Tokens.bearer(tenant);
        try {
            given().header("Authorization", admin).contentType(ContentType.JSON)
                    .body(Map.of("instant", "2026-12-01T08:00:00Z")).put("/admin/clock").then().statusCode(200);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> api().body(Map.of("customerId",
                            customer.toString(), "channel", "CALL", "contactedOn", "2026-12-01")).post("/contacts").then()
                    .statusCode(422).body("errors[0].field", equalTo("contactedOn"))
                    .body("errors[0].message", startsWith("today (2026-11-30)")));
            api().body(Map.of("customerId", customer.toString(), "channel", "CALL")).post("/contacts").then()
                    .statusCode(201).body("contactedOn", equalTo("2026-11-30"));
        } finally {
            given().header("Authorization", admin).delete("/admin/clock").then().statusCode(200);
        }
    }

    @Test
    void aCollectorWorksTasksOverRestWithETags() {
        ledgerKnowsTheCustomerAndInvoice();
        String a = api().header("Idempotency-Key", "k1").body(Map.of("title", "Check the contract", "customerId",
                customer.toString(), "dueDate", today.toString())).post("/tasks").then().statusCode(201)
                .header("ETag", "\"1\"").body("type", equalTo("MANUAL")).extract().path("id");
        api().header("Idempotency-Key", "k1").body(Map.of("title", "Check the contract", "customerId",
                customer.toString(), "dueDate", today.toString())).post("/tasks").then().statusCode(201)
                .body("id", equalTo(a));
        String b = api().body(Map.of("type", "CALL", "title", "Call back", "customerId", customer.toString(),
                "invoiceIds", List.of(invoice.toString()), "dueDate", today.plusDays(2).toString())).post("/tasks")
                .then().statusCode(201).extract().path("id");
        api().body(Map.of("title", "", "dueDate", "x")).post("/tasks").then().statusCode(400);
        api().body(Map.of("title", "")).post("/tasks").then().statusCode(422);

        api().header("If-Match", "\"1\"").body(Map.of("assignee", "maria")).post("/tasks/" + a + "/assign").then()
                .statusCode(200).header("ETag", "\"2\"").body("assignee", equalTo("maria"));
        api().header("If-Match", "\"1\"").body(Map.of("assignee", "paul")).post("/tasks/" + a + "/assign").then()
                .statusCode(412);
        api().get("/tasks?assignee=maria").then().body("items.id", contains(a));
        api().get("/tasks?dueTo=" + today).then().body("items.id", contains(a));
        api().get("/tasks?sort=-dueDate").then().body("items.id", contains(b, a));
        api().get("/tasks?sort=dueDate&size=1&page=1").then().body("items.id", contains(b));
        api().get("/tasks?sort=sideways").then().statusCode(422).body("errors[0].field", equalTo("sort"));

        api().body(Map.of("until", today.plusDays(5).toString())).post("/tasks/" + a + "/snooze").then()
                .statusCode(200).body("dueDate", equalTo(today.plusDays(5).toString()));
        api().get("/tasks?dueTo=" + today).then().body("items.size()", equalTo(0));
        api().body(Map.of("until", today.toString())).post("/tasks/" + a + "/snooze").then().statusCode(422);

        api().body(Map.of("outcome", "LETTER_SENT")).post("/tasks/" + a + "/complete").then().statusCode(422)
                .body("errors[0].field", equalTo("outcome"));
        api().body(Map.of("outcome", "DONE", "note", "contract checked")).post("/tasks/" + a + "/complete").then()
                .statusCode(200).body("status", equalTo("DONE")).body("outcome", equalTo("DONE"))
                .body("closedBy", startsWith("dev-user"));
        api().body(Map.of("outcome", "DONE")).post("/tasks/" + a + "/complete").then().statusCode(409);
        api().body(Map.of("note", "not needed")).post("/tasks/" + b + "/dismiss").then().statusCode(200)
                .body("status", equalTo("DISMISSED"));
        api().get("/tasks?status=OPEN").then().body("items.size()", equalTo(0));
        given().header("Authorization", Tokens.bearer("other-" + tenant)).get("/tasks/" + a).then().statusCode(404);
    }

    @Test
    void aDraftIsReadEditedAndApprovedOrDismissed() {
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        try (EventPublisher p = new EventPublisher(kafka);
             TopicReader events = new TopicReader(kafka, Topics.FOLLOWUP_EVENTS)) {
            publish(p, Topics.NOTIFICATION_EVENTS, draft(first));
            String task = awaitTask("VALIDATE_EMAIL");
            api().get("/tasks/" + task).then().body("draft.subject", equalTo("Zahlungserinnerung"))
                    .body("draft.bodyHtml", equalTo("<p>Guten Tag Anna Berg</p>")).body("emailId", equalTo(first.toString()));
            api().body(Map.of("outcome", "DONE")).post("/tasks/" + task + "/complete").then().statusCode(422);
            api().body(Map.of("subject", "Zahlungserinnerung INV-7", "bodyHtml", "<p>Liebe Anna</p>"))
                    .post("/tasks/" + task + "/approve").then().statusCode(200).body("outcome", equalTo("APPROVED"));
            ConsumerRecord<String, String> approved = events.awaitRecords(r -> isFor(r, "EmailApproved"),
                    Duration.ofSeconds(20)).get(0);
            EventSchemas.assertValid(approved);
            var a = (FollowupEvents.EmailApproved) EventCodec.decode("EmailApproved", approved.value());
            assertThat(a.emailId()).isEqualTo(first);
            assertThat(a.subject()).isEqualTo("Zahlungserinnerung INV-7");
            assertThat(a.bodyHtml()).isEqualTo("<p>Liebe Anna</p>");
            assertThat(approved.key()).isEqualTo(tenant + "/" + customer);

            publish(p, Topics.NOTIFICATION_EVENTS, draft(second));
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> api().get("/tasks?type=VALIDATE_EMAIL&status=OPEN")
                    .then().body("items.size()", equalTo(1)));
            String other = api().get("/tasks?type=VALIDATE_EMAIL&status=OPEN").then().extract().path("items[0].id");
            api().body(Map.of("note", "customer called")).post("/tasks/" + other + "/dismiss").then().statusCode(200);
            ConsumerRecord<String, String> dismissed = events.awaitRecords(r -> isFor(r, "EmailDismissed"),
                    Duration.ofSeconds(20)).get(0);
            EventSchemas.assertValid(dismissed);
            assertThat(dismissed.value()).contains(second.toString());
        }
    }

    @Test
    void callOutcomesArePublishedForTheLedgerAndCountAsContacts() {
        ledgerKnowsTheCustomerAndInvoice();
        try (EventPublisher p = new EventPublisher(kafka);
             TopicReader events = new TopicReader(kafka, Topics.FOLLOWUP_EVENTS)) {
            publish(p, Topics.REMINDER_STEPS, call(tenant + "/call-2"));
            String task = awaitTask("CALL");
            api().body(Map.of("outcome", "PROMISE_TO_PAY")).post("/tasks/" + task + "/complete").then()
                    .statusCode(422).body("errors[0].field", equalTo("promisedDate"));
            api().body(Map.of("outcome", "PROMISE_TO_PAY", "promisedDate", today.minusDays(1).toString()))
                    .post("/tasks/" + task + "/complete").then().statusCode(422);
            api().body(Map.of("outcome", "PROMISE_TO_PAY", "promisedDate", today.plusDays(10).toString(), "note",
                    "pays on the 10th")).post("/tasks/" + task + "/complete").then().statusCode(200)
                    .body("promisedDate", equalTo(today.plusDays(10).toString()));
            ConsumerRecord<String, String> promise = events.awaitRecords(r -> isFor(r, "PromiseToPayRecorded"),
                    Duration.ofSeconds(20)).get(0);
            EventSchemas.assertValid(promise);
            var pr = (FollowupEvents.PromiseToPayRecorded) EventCodec.decode("PromiseToPayRecorded", promise.value());
            assertThat(pr.invoiceIds()).containsExactly(invoice);
            assertThat(pr.promisedDate()).isEqualTo(today.plusDays(10));
            ConsumerRecord<String, String> contact = events.awaitRecords(r -> isFor(r, "ContactLogged"),
                    Duration.ofSeconds(20)).get(0);
            EventSchemas.assertValid(contact);
            assertThat(contact.value()).contains("\"channel\":\"CALL\"");

            String disputed = api().body(Map.of("type", "CALL", "title", "Call again", "customerId", customer.toString(),
                    "invoiceIds", List.of(invoice.toString()), "dueDate", today.toString())).post("/tasks").then()
                    .extract().path("id");
            api().body(Map.of("outcome", "DISPUTED")).post("/tasks/" + disputed + "/complete").then()
                    .statusCode(422).body("errors[0].field", equalTo("note"));
            api().body(Map.of("outcome", "DISPUTED", "note", "goods damaged")).post("/tasks/" + disputed + "/complete")
                    .then().statusCode(200);
            ConsumerRecord<String, String> dispute = events.awaitRecords(r -> isFor(r, "DisputeReported"),
                    Duration.ofSeconds(20)).get(0);
            EventSchemas.assertValid(dispute);
            assertThat(dispute.value()).contains("goods damaged");

            String unreached = api().body(Map.of("type", "CALL", "title", "Call once more", "customerId",
                    customer.toString(), "dueDate", today.toString())).post("/tasks").then().extract().path("id");
            api().body(Map.of("outcome", "NOT_REACHED")).post("/tasks/" + unreached + "/complete").then()
                    .statusCode(200);
            // two calls reached the customer, the third did not: two contacts
            assertThat(events.settle(r -> isFor(r, "ContactLogged"), Duration.ofSeconds(2))).hasSize(2);
        }
    }

    @Test
    void aContactLoggedByHandIsPublishedOnceAndGoesOnTheTimeline() {
        ledgerKnowsTheCustomerAndInvoice();
        try (TopicReader events = new TopicReader(kafka, Topics.FOLLOWUP_EVENTS)) {
            Map<String, Object> body = Map.of("customerId", customer.toString(), "invoiceIds", List.of(invoice.toString()),
                    "channel", "EMAIL", "note", "sent the statement by hand");
            api().header("Idempotency-Key", "c1").body(body).post("/contacts").then().statusCode(201)
                    .body("contactedOn", equalTo(today.toString()));
            api().header("Idempotency-Key", "c1").body(body).post("/contacts").then().statusCode(200);
            api().body(Map.of("customerId", customer.toString(), "channel", "PIGEON")).post("/contacts").then()
                    .statusCode(422).body("errors[0].field", equalTo("channel"));
            api().body(Map.of("customerId", customer.toString(), "channel", "CALL", "contactedOn",
                    today.plusDays(3).toString())).post("/contacts").then().statusCode(422);
            ConsumerRecord<String, String> logged = events.awaitRecords(r -> isFor(r, "ContactLogged"),
                    Duration.ofSeconds(20)).get(0);
            EventSchemas.assertValid(logged);
            assertThat(events.settle(r -> isFor(r, "ContactLogged"), Duration.ofSeconds(2))).hasSize(1);
        }
        api().get("/invoices/" + invoice + "/timeline").then().body("items.kind", contains("INVOICE_ISSUED", "CONTACT_LOGGED"))
                .body("items[1].summary", startsWith("EMAIL contact on " + today + ": sent the statement by hand"));
    }

    @Test
    void theTimelineTellsTheWholeStoryOfAnInvoice() {
        UUID email = UUID.randomUUID();
        ledgerKnowsTheCustomerAndInvoice();
        try (EventPublisher p = new EventPublisher(kafka)) {
            ReminderEvents.ReminderStepDue reminder = new ReminderEvents.ReminderStepDue(tenant + "/mail-1",
                    UUID.randomUUID(), 1, UUID.randomUUID(), "Friendly reminder", PlanEvents.Action.AUTO_EMAIL,
                    "friendly", call("x").customer(), call("x").invoices(), today.minusDays(10), Instant.now(),
                    PlanEvents.PlanType.ESCALATION_PER_INVOICE, List.of());
            publish(p, Topics.REMINDER_STEPS, reminder);
            awaitKinds("INVOICE_ISSUED", "STEP_FIRED");
            publish(p, Topics.NOTIFICATION_EVENTS, new NotificationEvents.EmailSent(email, reminder.reminderKey(),
                    customer, List.of(invoice), NotificationEvents.Audience.CUSTOMER, List.of("anna@berg.example"),
                    "Zahlungserinnerung INV-7", "Rechnung INV-7: 99,00 €", "<m@x>", Instant.now()));
            awaitKinds("INVOICE_ISSUED", "STEP_FIRED", "EMAIL_SENT");
            publish(p, Topics.REMINDER_STEPS, call(tenant + "/call-3"));
            String task = awaitTask("CALL");
            api().body(Map.of("outcome", "PROMISE_TO_PAY", "promisedDate", today.plusDays(3).toString()))
                    .post("/tasks/" + task + "/complete").then().statusCode(200);
            publish(p, Topics.INVOICE_EVENTS, new InvoiceEvents.ExpectedPaymentDateChanged(invoice, customer,
                    today.plusDays(3)));
            awaitKinds("INVOICE_ISSUED", "STEP_FIRED", "EMAIL_SENT", "STEP_FIRED", "TASK_CREATED", "TASK_COMPLETED",
                    "EXPECTED_PAYMENT_DATE");
            publish(p, Topics.INVOICE_EVENTS, new InvoiceEvents.PaymentRecorded(invoice, customer, "bank-9",
                    new BigDecimal("99.00"), today, BigDecimal.ZERO, InvoiceEvents.InvoiceStatus.PAID));
            awaitKinds("INVOICE_ISSUED", "STEP_FIRED", "EMAIL_SENT", "STEP_FIRED", "TASK_CREATED", "TASK_COMPLETED",
                    "EXPECTED_PAYMENT_DATE", "PAYMENT_RECORDED");
            // a redelivered reminder adds nothing
            publish(p, Topics.REMINDER_STEPS, reminder);
        }
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4)).untilAsserted(() ->
                api().get("/invoices/" + invoice + "/timeline").then().body("items.size()", equalTo(8)));
        api().get("/invoices/" + invoice + "/timeline").then()
                .body("items[2].summary", equalTo("E-mail sent to anna@berg.example: \"Zahlungserinnerung INV-7\""))
                .body("items[2].details.bodyText", equalTo("Rechnung INV-7: 99,00 €"))
                .body("items[5].summary", equalTo("Task completed: PROMISE_TO_PAY on " + today.plusDays(3)))
                .body("items[7].summary", startsWith("Payment of 99.00 received"));
        api().get("/customers/" + customer + "/timeline").then().body("items.size()", equalTo(8));
        // another tenant has no such invoice
        given().header("Authorization", Tokens.bearer("other-" + tenant)).get("/invoices/" + invoice + "/timeline")
                .then().statusCode(404);
    }

    void awaitKinds(String... kinds) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> api().get("/invoices/" + invoice + "/timeline")
                .then().statusCode(200).body("items.kind", contains(kinds)));
    }
}
