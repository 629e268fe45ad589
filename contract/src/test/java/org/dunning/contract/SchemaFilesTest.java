package org.dunning.contract;

import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Every event type has its JSON Schema, and the schemas accept what the codec writes and refuse what it cannot. */
class SchemaFilesTest {

    static Schema schema(String type) throws Exception {
        try (InputStream in = EventTypes.class.getResourceAsStream(EventTypes.schemaResource(type, 1))) {
            assertThat(in).as("schema of " + type).isNotNull();
            return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
                    .getSchema(new String(in.readAllBytes(), StandardCharsets.UTF_8), InputFormat.JSON);
        }
    }

    @Test
    void everyTypeHasASchema() throws Exception {
        for (String type : EventTypes.names()) {
            schema(type);
        }
    }

    @Test
    void whatTheCodecWritesIsValidAndABrokenEventIsNot() throws Exception {
        ReminderEvents.ReminderStepDue due = ReminderEvents.ReminderStepDue.perInvoice("k", UUID.randomUUID(), 1,
                UUID.randomUUID(), "1st", PlanEvents.Action.AUTO_EMAIL, "reminder",
                new ReminderEvents.CustomerRef(UUID.randomUUID(), "Berg", "de",
                        List.of(ReminderEvents.Recipient.contact("Anna", null, "+49", null))),
                List.of(new ReminderEvents.InvoiceRef(UUID.randomUUID(), "A-1", LocalDate.of(2026, 11, 1),
                        LocalDate.of(2026, 11, 15), "EUR", new BigDecimal("10.00"), new BigDecimal("10.00"), 3)),
                LocalDate.of(2026, 11, 18), Instant.parse("2026-11-18T08:00:00Z"));
        assertThat(schema("ReminderStepDue").validate(EventCodec.encode(due), InputFormat.JSON)).isEmpty();
        assertThat(schema("InvoiceIssued").validate("{\"invoiceId\":\"x\",\"amount\":\"ten\"}", InputFormat.JSON))
                .isNotEmpty();
    }
}
