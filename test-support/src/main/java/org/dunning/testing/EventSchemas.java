package org.dunning.testing;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.dunning.contract.Envelope;
import org.dunning.contract.EventTypes;

import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Checks real published messages against the JSON Schemas the contract module documents (R6.3). */
public final class EventSchemas {

    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
    private static final Map<String, Schema> SCHEMAS = new ConcurrentHashMap<>();

    /** The problems of {@code json} as an event of {@code type}; empty when it is valid. */
    public static List<String> problems(String type, String json) {
        Schema schema = SCHEMAS.computeIfAbsent(type, EventSchemas::load);
        return schema.validate(json, InputFormat.JSON).stream().map(Error::toString).toList();
    }

    /** Fails unless the record's value is valid for the schema its {@code ce_type} and {@code ce_dataschema} name. */
    public static void assertValid(ConsumerRecord<String, String> record) {
        String type = TopicReader.header(record, Envelope.Headers.TYPE);
        String dataSchema = TopicReader.header(record, Envelope.Headers.DATASCHEMA);
        if (!EventTypes.dataSchema(type, EventTypes.SCHEMA_VERSION).equals(dataSchema)) {
            throw new AssertionError("record of type " + type + " names schema " + dataSchema);
        }
        List<String> problems = problems(type, record.value());
        if (!problems.isEmpty()) {
            throw new AssertionError(type + " does not match its schema: " + problems + "\n" + record.value());
        }
    }

    /** The problems of {@code json} as a fact of the inbound topic; empty when it is valid. */
    public static List<String> inboundFactProblems(String json) {
        return SCHEMAS.computeIfAbsent("inbound", t -> loadResource(INBOUND_SCHEMA))
                .validate(json, InputFormat.JSON).stream().map(Error::toString).toList();
    }

    public static final String INBOUND_SCHEMA = "/schemas/inbound/InvoiceFact.v1.json";

    private static Schema load(String type) {
        return loadResource(EventTypes.schemaResource(type, EventTypes.SCHEMA_VERSION));
    }

    private static Schema loadResource(String resource) {
        try (InputStream in = EventTypes.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new AssertionError("no schema " + resource);
            }
            return REGISTRY.getSchema(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8),
                    InputFormat.JSON);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private EventSchemas() {
    }
}
