package org.dunning.platform.rest;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;
import org.dunning.platform.domain.Violations;

import java.io.IOException;

/**
 * Request bodies are read strictly: one JSON value and nothing after it ({@code {}{}} is refused); with
 * {@code quarkus.jackson.fail-on-unknown-properties}, no field the API does not know; and no text with a control
 * character (other than line breaks and tabs) or half of a surrogate pair, which no field means and PostgreSQL cannot
 * keep. Each is a 400 naming the field.
 */
@Singleton
public class StrictJson implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        mapper.registerModule(new SimpleModule("dunning-strict-text").addDeserializer(String.class, new CleanText()));
    }

    /** Jackson's own string reading, then the check. */
    static final class CleanText extends StringDeserializer {
        @Override
        public String deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            String value = super.deserialize(p, ctxt);
            if (value != null && !new Violations().note("text", value, Integer.MAX_VALUE).isEmpty()) {
                return (String) ctxt.handleWeirdStringValue(String.class, value,
                        "contains a control character or half of a surrogate pair");
            }
            return value;
        }
    }
}
