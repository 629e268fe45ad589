package org.dunning.platform.rest;

import jakarta.ws.rs.ext.ParamConverter;
import jakarta.ws.rs.ext.ParamConverterProvider;
import jakarta.ws.rs.ext.Provider;
import org.dunning.platform.domain.Violations;

import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * Query and path parameters read strictly: a flag is {@code true} or {@code false} (not "anything else is false"), a
 * date or instant lies in the years a business date may ({@link Violations#FIRST_YEAR} to
 * {@link Violations#LAST_YEAR}). A value that does not fit is a 400 naming the value.
 */
@Provider
public class StrictParams implements ParamConverterProvider {

    @Override
    @SuppressWarnings("unchecked")
    public <T> ParamConverter<T> getConverter(Class<T> rawType, Type genericType, Annotation[] annotations) {
        if (rawType == Boolean.class || rawType == boolean.class) {
            return (ParamConverter<T>) new Converter<>(StrictParams::flag);
        }
        if (rawType == LocalDate.class) {
            return (ParamConverter<T>) new Converter<>(StrictParams::date);
        }
        if (rawType == Instant.class) {
            return (ParamConverter<T>) new Converter<>(StrictParams::instant);
        }
        return null;
    }

    static Boolean flag(String value) {
        return switch (value.trim().toLowerCase()) {
            case "true" -> Boolean.TRUE;
            case "false" -> Boolean.FALSE;
            default -> throw new IllegalArgumentException("'" + value + "' is not true or false");
        };
    }

    static LocalDate date(String value) {
        LocalDate d = LocalDate.parse(value.trim());
        if (d.getYear() < Violations.FIRST_YEAR || d.getYear() > Violations.LAST_YEAR) {
            throw new IllegalArgumentException("'" + value + "' is not a date between " + Violations.FIRST_YEAR
                    + " and " + Violations.LAST_YEAR);
        }
        return d;
    }

    static Instant instant(String value) {
        Instant i = Instant.parse(value.trim());
        int year = i.atOffset(ZoneOffset.UTC).getYear();
        if (year < Violations.FIRST_YEAR || year > Violations.LAST_YEAR) {
            throw new IllegalArgumentException("'" + value + "' is not an instant between " + Violations.FIRST_YEAR
                    + " and " + Violations.LAST_YEAR);
        }
        return i;
    }

    private record Converter<T>(java.util.function.Function<String, T> parse) implements ParamConverter<T> {
        @Override
        public T fromString(String value) {
            return value == null ? null : parse.apply(value);
        }

        @Override
        public String toString(T value) {
            return value == null ? null : value.toString();
        }
    }
}
