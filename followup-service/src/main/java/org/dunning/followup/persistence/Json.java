package org.dunning.followup.persistence;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import org.dunning.contract.EventCodec;

/** JSON columns, written and read with the contract's mapper (dates as ISO text). */
public final class Json {

    public static String write(Object o) {
        try {
            return EventCodec.mapper().writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    public static JsonNode read(String s) {
        if (s == null) {
            return null;
        }
        try {
            return EventCodec.mapper().readTree(s);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private Json() {
    }
}
