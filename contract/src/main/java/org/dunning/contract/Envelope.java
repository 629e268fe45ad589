package org.dunning.contract;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The CloudEvents attributes of an integration event (binary mode: one Kafka header {@code ce_<name>} each), plus the
 * extensions {@code tenantid} and {@code sequence} (the version of the event in its stream). The record value is the
 * event's JSON, the record key keeps per-customer order.
 */
public record Envelope(UUID id, String source, String type, String subject, Instant time, String tenantId,
                       long sequence, String dataSchema) {

    public static final String SPEC_VERSION = "1.0";
    public static final String CONTENT_TYPE = "application/json";

    /** Kafka header names. */
    public static final class Headers {
        public static final String ID = "ce_id";
        public static final String SOURCE = "ce_source";
        public static final String TYPE = "ce_type";
        public static final String SUBJECT = "ce_subject";
        public static final String TIME = "ce_time";
        public static final String SPECVERSION = "ce_specversion";
        public static final String TENANT = "ce_tenantid";
        public static final String SEQUENCE = "ce_sequence";
        public static final String DATASCHEMA = "ce_dataschema";
        public static final String CONTENT_TYPE = "content-type";

        private Headers() {
        }
    }

    public Map<String, String> toHeaders() {
        Map<String, String> h = new LinkedHashMap<>();
        h.put(Headers.ID, id.toString());
        h.put(Headers.SOURCE, source);
        h.put(Headers.TYPE, type);
        h.put(Headers.SUBJECT, subject);
        h.put(Headers.TIME, time.toString());
        h.put(Headers.SPECVERSION, SPEC_VERSION);
        h.put(Headers.TENANT, tenantId);
        h.put(Headers.SEQUENCE, Long.toString(sequence));
        h.put(Headers.DATASCHEMA, dataSchema);
        h.put(Headers.CONTENT_TYPE, CONTENT_TYPE);
        return h;
    }

    /** Reads the attributes back; throws {@link MalformedEventException} naming the first missing or bad header. */
    public static Envelope fromHeaders(Map<String, String> h) {
        try {
            return new Envelope(UUID.fromString(required(h, Headers.ID)), required(h, Headers.SOURCE),
                    required(h, Headers.TYPE), required(h, Headers.SUBJECT), Instant.parse(required(h, Headers.TIME)),
                    required(h, Headers.TENANT), Long.parseLong(required(h, Headers.SEQUENCE)),
                    h.getOrDefault(Headers.DATASCHEMA, ""));
        } catch (RuntimeException e) {
            if (e instanceof MalformedEventException m) {
                throw m;
            }
            throw new MalformedEventException("bad CloudEvents header: " + e.getMessage());
        }
    }

    private static String required(Map<String, String> h, String name) {
        String v = h.get(name);
        if (v == null || v.isBlank()) {
            throw new MalformedEventException("missing header " + name);
        }
        return v;
    }

    /** The Kafka record key that keeps everything about one customer (or one stream) of a tenant in order. */
    public static String key(String tenantId, Object partitionId) {
        return tenantId + "/" + partitionId;
    }
}
