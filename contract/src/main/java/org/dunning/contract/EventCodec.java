package org.dunning.contract;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/** JSON of integration events, the same way on every side: ISO dates, exact decimals, unknown fields tolerated. */
public final class EventCodec {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            // Fields are only ever added: one missing from an older event takes its default (false, 0).
            .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    public static String encode(IntegrationEvent event) {
        try {
            return MAPPER.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode " + event.type(), e);
        }
    }

    /** Any value (a part of an event) as JSON, written the way events are. */
    public static String encodeValue(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode " + value.getClass(), e);
        }
    }

    /** A value written by {@link #encodeValue}, read back as {@code type}. */
    public static <T> T decodeValue(String json, Class<T> type) {
        try {
            return MAPPER.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new MalformedEventException("cannot read " + type.getSimpleName() + ": " + e.getOriginalMessage());
        }
    }

    public static IntegrationEvent decode(String type, String json) {
        Class<? extends IntegrationEvent> cls = EventTypes.classOf(type)
                .orElseThrow(() -> new MalformedEventException("unknown event type " + type));
        if (json == null) {
            throw new MalformedEventException("empty value for " + type);
        }
        try {
            return MAPPER.readValue(json, cls);
        } catch (JsonProcessingException e) {
            throw new MalformedEventException("value is not a valid " + type + ": " + e.getOriginalMessage(), e);
        }
    }

    private EventCodec() {
    }
}
