package org.dunning.plan.rest;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import org.dunning.contract.Envelope;
import org.dunning.contract.EventCodec;
import org.dunning.contract.PlanEvents;
import org.dunning.contract.Topics;
import org.dunning.testing.EventSchemas;
import org.dunning.testing.InfrastructureResource;
import org.dunning.testing.TopicReader;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dunning.plan.rest.PlanResourceTest.as;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

/** Tenant settings over REST: defaults, partial changes, validation, If-Match and the published event. */
@QuarkusTest
@QuarkusTestResource(value = InfrastructureResource.class, initArgs = @ResourceArg(name = "database", value = "plan"))
class SettingsResourceTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String kafka;

    @Test
    void settings_start_at_the_defaults_and_change_what_is_named() {
        String tenant = "t-" + UUID.randomUUID();
        as(tenant).get("/settings").then().statusCode(200).header("ETag", "\"0\"")
                .body("settings.weekdaySendTime", startsWith("09:00")).body("settings.timeZone", equalTo("Europe/Paris"))
                .body("settings.weekendSendTime", startsWith("13:00")).body("settings.holidayCalendar", equalTo(false))
                .body("settings.minimumGapDays", equalTo(0));
        as(tenant).header("If-Match", "\"0\"").body(Map.of("weekdaySendTime", "08:30", "timeZone", "Europe/Berlin",
                        "holidayCalendar", true, "holidayCountry", "DE", "minimumGapDays", 3,
                        "lateCharges", Map.of("enabled", true, "flatFee", 40, "annualInterestRatePercent", 12.15),
                        "senderName", "Acme GmbH", "signature", "Ihre Buchhaltung"))
                .patch("/settings").then().statusCode(200).header("ETag", "\"1\"")
                .body("settings.weekdaySendTime", startsWith("08:30")).body("settings.weekendSendTime", startsWith("13:00"))
                .body("settings.lateCharges.enabled", equalTo(true));
        as(tenant).header("If-Match", "\"0\"").body(Map.of("minimumGapDays", 5)).patch("/settings").then()
                .statusCode(412);
        as(tenant).body(Map.of("timeZone", "Nowhere/Town", "minimumGapDays", 99, "holidayCountry", "XX"))
                .patch("/settings").then().statusCode(422)
                .body("errors.field", contains("timeZone", "holidayCountry", "minimumGapDays"));
        as(tenant).get("/settings").then().body("version", equalTo(1)).body("settings.minimumGapDays", equalTo(3));

        try (TopicReader reader = new TopicReader(kafka, Topics.PLAN_EVENTS)) {
            var records = reader.awaitRecords(r -> tenant.equals(r.key())
                    && "TenantSettingsChanged".equals(TopicReader.header(r, Envelope.Headers.TYPE)), Duration.ofSeconds(30));
            EventSchemas.assertValid(records.get(0));
            var changed = (PlanEvents.TenantSettingsChanged) EventCodec.decode("TenantSettingsChanged",
                    records.get(0).value());
            assertThat(changed.weekdaySendTime()).isEqualTo(LocalTime.of(8, 30));
            assertThat(changed.holidayCountry()).isEqualTo("DE");
            assertThat(changed.settingsVersion()).isEqualTo(1);
        }
    }

    @Test
    void minimum_amounts_are_checked_per_currency_replaced_whole_and_published() {
        String tenant = "t-" + UUID.randomUUID();
        as(tenant).body(Map.of("minimumAmounts", Map.of("XYZ", 5, "EUR", 0, "JPY", 0.5, "USD", 1.234)))
                .patch("/settings").then().statusCode(422)
                .body("errors.field", org.hamcrest.Matchers.containsInAnyOrder("minimumAmounts.XYZ",
                        "minimumAmounts.EUR", "minimumAmounts.JPY", "minimumAmounts.USD"));
        as(tenant).body(Map.of("minimumAmounts", Map.of("eur", 5, "JPY", 500, "CHF", 2.5)))
                .patch("/settings").then().statusCode(200)
                .body("settings.minimumAmounts.EUR", equalTo(5.0f)).body("settings.minimumAmounts.JPY", equalTo(500))
                .body("settings.minimumAmounts.CHF", equalTo(2.5f));
        as(tenant).body(Map.of("minimumGapDays", 2)).patch("/settings").then().statusCode(200)
                .body("settings.minimumAmounts.EUR", equalTo(5.0f));
        as(tenant).body(Map.of("minimumAmounts", Map.of("USD", 10))).patch("/settings").then().statusCode(200)
                .body("settings.minimumAmounts.size()", equalTo(1)).body("settings.minimumAmounts.USD", equalTo(10.0f));

        List<PlanEvents.TenantSettingsChanged> published = published(tenant, 3);
        assertThat(published.get(0).minimumAmounts()).containsOnlyKeys("CHF", "EUR", "JPY");
        assertThat(published.get(0).minimumAmounts().get("EUR")).isEqualByComparingTo("5.00");
        assertThat(published.get(2).minimumAmounts()).containsOnlyKeys("USD");
    }

    /** The tenant's first {@code count} TenantSettingsChanged on the plan topic, each valid by its schema. */
    List<PlanEvents.TenantSettingsChanged> published(String tenant, int count) {
        try (TopicReader reader = new TopicReader(kafka, Topics.PLAN_EVENTS)) {
            var records = reader.awaitCount(r -> tenant.equals(r.key())
                    && "TenantSettingsChanged".equals(TopicReader.header(r, Envelope.Headers.TYPE)), count,
                    Duration.ofSeconds(30));
            records.forEach(EventSchemas::assertValid);
            return records.stream().map(r -> (PlanEvents.TenantSettingsChanged) EventCodec.decode(
                    "TenantSettingsChanged", r.value())).toList();
        }
    }

    static final Map<String, Object> LETTERHEAD = Map.of("legalName", "Acme Software GmbH",
            "address", Map.of("street", java.util.List.of("Friedrichstraße 123"), "postalCode", "10117",
                    "city", "Berlin", "country", "DE"),
            "contactLine", "+49 30 1234567", "registration", "Amtsgericht Charlottenburg HRB 123456 B",
            "vatId", "de 123456789", "bank", Map.of("iban", "de89 3704 0044 0532 0130 00", "bic", "cobadeffxxx",
                    "bankName", "Commerzbank"));

    @Test
    void the_letterhead_is_checked_kept_and_published() {
        String tenant = "t-" + UUID.randomUUID();
        as(tenant).body(Map.of("letterhead", Map.of("bank", Map.of("iban", "DE89370400440532013001", "bic", "COBA"),
                        "vatId", "123", "address", Map.of("street", java.util.List.of("x"), "postalCode", "1",
                                "city", "Berlin", "country", "DE"))))
                .patch("/settings").then().statusCode(422)
                .body("errors.field", org.hamcrest.Matchers.containsInAnyOrder("letterhead.bank.iban",
                        "letterhead.bank.bic", "letterhead.vatId", "letterhead.address.postalCode"))
                .body("errors.find { it.field == 'letterhead.bank.iban' }.message",
                        equalTo("not a valid IBAN: its check digits are wrong"));
        as(tenant).body(Map.of("letterhead", LETTERHEAD)).patch("/settings").then().statusCode(200)
                .body("settings.letterhead.bank.iban", equalTo("DE89370400440532013000"))
                .body("settings.letterhead.bank.bic", equalTo("COBADEFFXXX"))
                .body("settings.letterhead.vatId", equalTo("DE123456789"))
                .body("settings.letterhead.address.city", equalTo("Berlin"));
        // a change names what it changes: the rest of the letterhead stays
        as(tenant).body(Map.of("letterhead", Map.of("contactLine", "billing@acme.example"))).patch("/settings").then()
                .statusCode(200).body("settings.letterhead.contactLine", equalTo("billing@acme.example"))
                .body("settings.letterhead.legalName", equalTo("Acme Software GmbH"));
        PlanEvents.TenantSettingsChanged changed = published(tenant, 2).get(1);
        assertThat(changed.letterhead().bank().iban()).isEqualTo("DE89370400440532013000");
        assertThat(changed.letterhead().contactLine()).isEqualTo("billing@acme.example");
    }

    static final byte[] SVG = ("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"120\" height=\"40\">"
            + "<rect width=\"120\" height=\"40\" fill=\"#c00\"/></svg>").getBytes(java.nio.charset.StandardCharsets.UTF_8);

    @Test
    void a_logo_is_a_png_or_an_inert_svg_of_limited_size() throws Exception {
        String tenant = "t-" + UUID.randomUUID();
        var png = new java.io.ByteArrayOutputStream();
        javax.imageio.ImageIO.write(new java.awt.image.BufferedImage(60, 20, java.awt.image.BufferedImage.TYPE_INT_RGB),
                "png", png);
        given(tenant).contentType("image/png").body(png.toByteArray()).put("/settings/logo").then().statusCode(200)
                .body("logo.contentType", equalTo("image/png")).body("logo.bytes", equalTo(png.size()))
                .body("settings.letterhead.logo", org.hamcrest.Matchers.nullValue());
        byte[] back = given(tenant).get("/settings/logo").then().statusCode(200).contentType("image/png")
                .extract().asByteArray();
        assertThat(back).isEqualTo(png.toByteArray());
        given(tenant).contentType("image/svg+xml").body(SVG).put("/settings/logo").then().statusCode(200)
                .body("logo.contentType", equalTo("image/svg+xml"));
        byte[] script = "<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>".getBytes();
        given(tenant).contentType("image/svg+xml").body(script).put("/settings/logo").then().statusCode(422)
                .body("errors[0].message", equalTo("an SVG logo must not contain script"));
        byte[] external = ("<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\">"
                + "<image xlink:href=\"http://169.254.169.254/\"/></svg>").getBytes();
        given(tenant).contentType("image/svg+xml").body(external).put("/settings/logo").then().statusCode(422);
        given(tenant).contentType("image/png").body("not a png".getBytes()).put("/settings/logo").then()
                .statusCode(422).body("errors[0].message", equalTo("not a PNG image"));
        byte[] big = new byte[300 * 1024];
        System.arraycopy(png.toByteArray(), 0, big, 0, png.size());
        given(tenant).contentType("image/png").body(big).put("/settings/logo").then().statusCode(422)
                .body("errors[0].message", startsWith("at most 200 KB"));
        given(tenant).contentType("image/gif").body(png.toByteArray()).put("/settings/logo").then()
                .statusCode(415);
        given(tenant).delete("/settings/logo").then().statusCode(200).body("logo", org.hamcrest.Matchers.nullValue());
        given(tenant).get("/settings/logo").then().statusCode(404);
    }

    static io.restassured.specification.RequestSpecification given(String tenant) {
        return io.restassured.RestAssured.given().header("Authorization", org.dunning.testing.Tokens.bearer(tenant));
    }
}
