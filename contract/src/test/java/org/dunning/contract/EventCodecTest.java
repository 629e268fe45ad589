package org.dunning.contract;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventCodecTest {

    @Test
    void everyTypeHasAStableNameThatRoundTrips() {
        UUID id = UUID.randomUUID();
        InvoiceEvents.InvoiceIssued issued = new InvoiceEvents.InvoiceIssued(id, UUID.randomUUID(), "INV-1",
                LocalDate.of(2026, 11, 1), LocalDate.of(2026, 11, 15), "EUR", new BigDecimal("1234.50"));
        String json = EventCodec.encode(issued);
        assertThat(json).contains("\"dueDate\":\"2026-11-15\"").contains("\"amount\":1234.50");
        assertThat(EventCodec.decode(issued.type(), json)).isEqualTo(issued);
        assertThat(EventTypes.names()).allSatisfy(n -> assertThat(EventTypes.typeOf(EventTypes.classOf(n).orElseThrow()))
                .isEqualTo(n));
    }

    @Test
    void anEventOfAnOlderShapeStillReads() {
        // Version 1 of CustomerRegistered had no externalReference, internalUsers, nor contacts[].bounced.
        String v1 = "{\"customerId\":\"" + UUID.randomUUID() + "\",\"name\":\"Berg\",\"language\":\"de\","
                + "\"contacts\":[{\"name\":\"Anna\",\"email\":\"anna@berg.example\"}]}";
        InvoiceEvents.CustomerRegistered e = (InvoiceEvents.CustomerRegistered) EventCodec.decode("CustomerRegistered", v1);
        assertThat(e.contacts()).containsExactly(InvoiceEvents.Contact.of("Anna", "anna@berg.example", null, null));
        assertThat(e.internalUsers()).isNull();
        assertThat(e.billingAddress()).as("the first shape had no address").isNull();
        PlanEvents.TenantSettingsChanged settings = (PlanEvents.TenantSettingsChanged) EventCodec.decode(
                "TenantSettingsChanged", "{\"settingsVersion\":1,\"weekdaySendTime\":\"09:00:00\",\"timeZone\":"
                        + "\"Europe/Paris\",\"minimumGapDays\":0}");
        assertThat(settings.letterhead()).as("settings of the first shape have no letterhead").isNull();
    }

    @Test
    void aBillingAddressRoundTripsAndMatchesItsSchema() throws Exception {
        InvoiceEvents.CustomerUpdated updated = new InvoiceEvents.CustomerUpdated(UUID.randomUUID(), "Berg", "de", null,
                List.of(), null, List.of(), new PostalAddress("Buchhaltung", List.of("Hauptstraße 1"), "10115",
                "Berlin", null, "DE"));
        String json = EventCodec.encode(updated);
        assertThat(EventCodec.decode("CustomerUpdated", json)).isEqualTo(updated);
        assertThat(SchemaFilesTest.schema("CustomerUpdated").validate(json, com.networknt.schema.InputFormat.JSON))
                .isEmpty();
        assertThat(SchemaFilesTest.schema("CustomerUpdated").validate(json.replace("\"DE\"", "\"Germany\""),
                com.networknt.schema.InputFormat.JSON)).as("the country is a code").isNotEmpty();
    }

    @Test
    void anUnknownTypeOrBrokenJsonIsMalformed() {
        assertThatThrownBy(() -> EventCodec.decode("InvoiceEaten", "{}")).isInstanceOf(MalformedEventException.class);
        assertThatThrownBy(() -> EventCodec.decode("InvoiceIssued", "{not json"))
                .isInstanceOf(MalformedEventException.class);
    }

    @Test
    void inboundFactsReadByKind() throws Exception {
        InboundFacts.Fact f = EventCodec.mapper().readValue("{\"kind\":\"PaymentReceived\",\"tenantId\":\"t\","
                + "\"sourceSystem\":\"sap\",\"externalId\":\"P-1\",\"sourceVersion\":1,\"invoiceExternalId\":\"9\","
                + "\"amount\":10.00,\"paidOn\":\"2026-11-20\"}", InboundFacts.Fact.class);
        assertThat(f).isEqualTo(new InboundFacts.PaymentReceived("t", "sap", "P-1", 1L, "9", new BigDecimal("10.00"),
                LocalDate.of(2026, 11, 20)));
        assertThat(List.of(f)).hasSize(1);
    }
}
