package org.dunning.platform.inbox;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.dunning.contract.Envelope;
import org.dunning.contract.EventCodec;
import org.dunning.contract.IntegrationEvent;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * An integration event read from Kafka, with its CloudEvents envelope and the trace it belongs to (its
 * {@code traceparent} header; null when it has none).
 */
public record Received(Envelope envelope, IntegrationEvent event, String traceParent) {

    public Received(Envelope envelope, IntegrationEvent event) {
        this(envelope, event, null);
    }

    /** Reads a record; throws {@link org.dunning.contract.MalformedEventException} with the reason if it cannot. */
    public static Received from(ConsumerRecord<String, String> record) {
        Map<String, String> headers = new HashMap<>();
        for (Header h : record.headers()) {
            headers.put(h.key(), h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8));
        }
        Envelope envelope = Envelope.fromHeaders(headers);
        return new Received(envelope, EventCodec.decode(envelope.type(), record.value()),
                headers.get(org.dunning.platform.tracing.Traces.HEADER));
    }

    public String tenantId() {
        return envelope.tenantId();
    }
}
