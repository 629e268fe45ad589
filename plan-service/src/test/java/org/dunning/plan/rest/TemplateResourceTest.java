package org.dunning.plan.rest;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import org.dunning.contract.Envelope;
import org.dunning.contract.Topics;
import org.dunning.testing.EventSchemas;
import org.dunning.testing.InfrastructureResource;
import org.dunning.testing.TopicReader;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dunning.plan.rest.PlanResourceTest.as;
import static org.dunning.plan.rest.PlanResourceTest.template;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;

/** Templates over REST (R2.6): checked on save, versioned, previewed with the shared renderer. */
@QuarkusTest
@QuarkusTestResource(value = InfrastructureResource.class, initArgs = @ResourceArg(name = "database", value = "plan"))
class TemplateResourceTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String kafka;

    @Test
    void a_template_with_an_unknown_placeholder_is_refused_naming_variant_and_line() {
        String tenant = "t-" + UUID.randomUUID();
        as(tenant).body(Map.of("key", "bad", "kind", "EMAIL", "name", "Bad", "variants", List.of(
                        Map.of("language", "de", "subject", "Rechnung {invoice.number}",
                                "body", "<p>Hallo</p>\n<p>{customer.nmae}</p>"))))
                .post("/templates").then().statusCode(422).contentType(startsWith("application/problem+json"))
                .body("errors[0].field", equalTo("variants[0].body"))
                .body("errors[0].message", equalTo("line 2: {customer.nmae}: unknown placeholder customer.nmae"));
        as(tenant).get("/templates").then().body("items.size()", equalTo(0));
    }

    @Test
    void a_template_is_edited_archived_when_unused_and_published() {
        String tenant = "t-" + UUID.randomUUID();
        String id = template(tenant, "friendly", "EMAIL");
        as(tenant).header("If-Match", "\"1\"").body(Map.of("name", "Friendly v2", "variants", List.of(
                        Map.of("language", "de", "subject", "Erinnerung {invoice.number}", "body", "{invoice.amount}"))))
                .put("/templates/" + id).then().statusCode(200).header("ETag", "\"2\"")
                .body("key", equalTo("friendly")).body("variants.size()", equalTo(1));
        as(tenant).get("/templates/" + id + "/history").then().body("type", contains("TemplateCreated",
                "TemplateRevised"));
        as(tenant).body(Map.of("key", "friendly", "kind", "EMAIL", "name", "again", "variants", List.of(
                        Map.of("language", "de", "subject", "s", "body", "b"))))
                .post("/templates").then().statusCode(422).body("errors[0].field", equalTo("key"));
        // in use by a plan: cannot be archived
        String planId = as(tenant).body(Map.of("name", "P", "planType", "ESCALATION_PER_INVOICE", "steps", List.of(
                        Map.of("name", "Mail", "action", "AUTO_EMAIL", "templateKey", "friendly",
                                "trigger", PlanResourceTest.trigger(3)))))
                .post("/plans").then().statusCode(201).extract().path("id");
        as(tenant).post("/templates/" + id + "/archive").then().statusCode(409)
                .body("detail", containsString("'P'"));
        as(tenant).post("/plans/" + planId + "/archive").then().statusCode(200);
        as(tenant).post("/templates/" + id + "/archive").then().statusCode(200).body("archived", equalTo(true));

        try (TopicReader reader = new TopicReader(kafka, Topics.PLAN_EVENTS)) {
            List<String> types = List.of("TemplateSaved", "TemplateArchived");
            var records = reader.awaitCount(r -> tenant.equals(r.key())
                    && types.contains(TopicReader.header(r, Envelope.Headers.TYPE)), 3, Duration.ofSeconds(30));
            records.forEach(EventSchemas::assertValid);
        }
    }

    @Test
    void a_preview_renders_sample_data_in_the_language_with_the_tenant_settings() {
        String tenant = "t-" + UUID.randomUUID();
        as(tenant).body(Map.of("senderName", "Acme GmbH", "lateCharges", Map.of("enabled", true)))
                .patch("/settings").then().statusCode(200);
        String id = as(tenant).body(Map.of("key", "firm", "kind", "EMAIL", "name", "Firm", "variants", List.of(
                        Map.of("language", "de", "subject", "Rechnung {invoice.number}",
                                "body", "{invoice.outstanding} fällig {invoice.dueDate}{#if fees.applies}, "
                                        + "Pauschale {fees.flatFee}{/if} – {tenant.name}"),
                        Map.of("language", "en", "subject", "Invoice {invoice.number}",
                                "body", "{invoice.outstanding} due {invoice.dueDate}"))))
                .post("/templates").then().statusCode(201).extract().path("id");
        as(tenant).body(Map.of("language", "de")).post("/templates/" + id + "/preview").then().statusCode(200)
                .body("language", equalTo("de")).body("subject", equalTo("Rechnung INV-2026-0042"))
                .body("html", startsWith("1.234,56 € fällig ")).body("html", containsString("Pauschale 80,00 €"))
                .body("html", containsString("Acme GmbH")).body("data", equalTo("sample"));
        as(tenant).body(Map.of("language", "fr")).post("/templates/" + id + "/preview").then().statusCode(200)
                .body("language", equalTo("en")).body("html", startsWith("€1,234.56 due "));
    }

    @Test
    void a_text_message_template_previews_its_text_and_the_parts_it_takes_and_an_sms_step_names_it() {
        String tenant = "t-" + UUID.randomUUID();
        String id = as(tenant).body(Map.of("key", "text", "kind", "SMS", "name", "Text", "variants", List.of(
                        Map.of("language", "de", "body", "{customer.name}: {invoice.number} über "
                                + "{invoice.outstanding} ist offen. <Bitte zahlen>"))))
                .post("/templates").then().statusCode(201).extract().path("id");
        // plain text (nothing escaped); the euro sign takes two septets of the GSM alphabet
        as(tenant).body(Map.of("language", "de")).post("/templates/" + id + "/preview").then().statusCode(200)
                .body("text", containsString("1.234,56 € ist offen. <Bitte "
                        + "zahlen>")).body("html", equalTo(null)).body("sms.encoding", equalTo("GSM_7"))
                .body("sms.segments", equalTo(1));
        as(tenant).body(Map.of("language", "de", "kind", "SMS", "body", "Zapłać " + "x".repeat(70)))
                .post("/templates/preview").then().statusCode(200).body("sms.encoding", equalTo("UCS_2"))
                .body("sms.units", equalTo(77)).body("sms.segments", equalTo(2));
        as(tenant).body(Map.of("kind", "SMS", "subject", "s", "body", "b")).post("/templates/preview").then()
                .statusCode(422).body("errors[0].field", equalTo("subject"));
        as(tenant).body(Map.of("name", "P", "planType", "ESCALATION_PER_INVOICE", "steps", List.of(
                        Map.of("name", "Text", "action", "SMS", "templateKey", "text",
                                "trigger", PlanResourceTest.trigger(3)))))
                .post("/plans").then().statusCode(201).body("steps[0].action", equalTo("SMS"));
    }

    @Test
    void a_letter_template_prints_to_pdf_and_to_a_picture_of_its_first_page() throws Exception {
        String tenant = "t-" + UUID.randomUUID();
        as(tenant).body(Map.of("senderName", "Acme", "letterhead", SettingsResourceTest.LETTERHEAD))
                .patch("/settings").then().statusCode(200);
        as(tenant).contentType("image/svg+xml").body(SettingsResourceTest.SVG).put("/settings/logo").then()
                .statusCode(200);
        String id = as(tenant).body(Map.of("key", "letter", "kind", "LETTER", "name", "Letter", "variants", List.of(
                        Map.of("language", "de", "subject", "Letzte Mahnung",
                                "body", "<p>Offen: {totalOutstanding}, IBAN {tenant.iban}, Zweck {payReference}</p>"))))
                .post("/templates").then().statusCode(201).extract().path("id");
        byte[] pdf = as(tenant).accept("application/pdf").body(Map.of("language", "de"))
                .post("/templates/" + id + "/preview").then().statusCode(200).contentType("application/pdf")
                .header("X-Pages", "1").extract().asByteArray();
        try (var doc = org.apache.pdfbox.Loader.loadPDF(pdf)) {
            String text = new org.apache.pdfbox.text.PDFTextStripper().getText(doc);
            assertThat(text).contains("Letzte Mahnung", "Muster GmbH", "80331 München", "Acme Software GmbH",
                    "DE89 3704 0044 0532 0130 00", "Zweck INV-2026-0042, INV-2026-", "HRB 123456");
        }
        byte[] png = as(tenant).accept("image/png").body(Map.of("language", "de"))
                .post("/templates/" + id + "/preview").then().statusCode(200).contentType("image/png")
                .extract().asByteArray();
        var image = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(png));
        assertThat(image.getWidth()).isEqualTo(Math.round(210 / 25.4 * TemplateResource.PNG_DPI));
        assertThat(image.getHeight()).isGreaterThan(image.getWidth());
        // a draft prints the same way, checked first
        as(tenant).accept("application/pdf").body(Map.of("subject", "X", "body", "{nope}"))
                .post("/templates/preview").then().statusCode(422);
        as(tenant).accept("application/pdf").body(Map.of("language", "en", "subject", "Final demand",
                        "body", "<p>{customer.address}</p>")).post("/templates/preview").then().statusCode(200)
                .contentType("application/pdf");
        // JSON previews stay as they were
        as(tenant).body(Map.of("language", "de")).post("/templates/" + id + "/preview").then().statusCode(200)
                .body("subject", equalTo("Letzte Mahnung"));
    }

    @Test
    void a_draft_is_checked_then_previewed_and_the_placeholders_are_listed() {
        String tenant = "t-" + UUID.randomUUID();
        as(tenant).body(Map.of("language", "de", "subject", "{invoiceCount} Rechnungen",
                        "body", "{#for i in invoices}{i.number};{/for} {totalOutstanding}"))
                .post("/templates/preview").then().statusCode(200).body("subject", equalTo("2 Rechnungen"))
                .body("html", equalTo("INV-2026-0042;INV-2026-0057; 1.714,56 €"));
        as(tenant).body(Map.of("language", "de", "subject", "x", "body", "{#for i in invoices}{i.nope}{/for}"))
                .post("/templates/preview").then().statusCode(422).body("errors[0].field", equalTo("body"));
        as(tenant).get("/templates/placeholders").then().statusCode(200)
                .body("path", hasItem("invoices[].number")).body("path", hasItem("fees.totalDue"));
    }
}
