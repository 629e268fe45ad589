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
}
