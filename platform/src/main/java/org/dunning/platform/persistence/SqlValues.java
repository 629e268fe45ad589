package org.dunning.platform.persistence;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

/** Reads the columns of native query rows, whichever Java type the driver chose for them. */
public final class SqlValues {

    public static UUID uuid(Object o) {
        return o == null ? null : o instanceof UUID u ? u : UUID.fromString(o.toString());
    }

    /**
     * A {@code uuid[]} column selected as {@code array_to_string(column, ',')}: the UUIDs, empty for an empty array.
     */
    public static java.util.List<UUID> uuids(Object arrayText) {
        String s = (String) arrayText;
        return s == null || s.isEmpty() ? java.util.List.of()
                : java.util.Arrays.stream(s.split(",")).map(UUID::fromString).toList();
    }

    /** UUIDs to bind as a PostgreSQL {@code uuid[]} parameter (the driver takes a {@code UUID[]}, not text). */
    public static UUID[] uuidArray(java.util.Collection<UUID> ids) {
        return ids.toArray(new UUID[0]);
    }

    public static LocalDate date(Object o) {
        if (o == null || o instanceof LocalDate) {
            return (LocalDate) o;
        }
        return o instanceof java.sql.Date d ? d.toLocalDate() : LocalDate.parse(o.toString());
    }

    public static BigDecimal decimal(Object o) {
        return o == null ? null : o instanceof BigDecimal b ? b : new BigDecimal(o.toString());
    }

    public static Instant instant(Object o) {
        if (o == null || o instanceof Instant) {
            return (Instant) o;
        }
        if (o instanceof OffsetDateTime t) {
            return t.toInstant();
        }
        if (o instanceof java.sql.Timestamp t) {
            return t.toInstant();
        }
        if (o instanceof LocalDateTime t) {
            return t.toInstant(ZoneOffset.UTC);
        }
        throw new IllegalArgumentException("not a timestamp: " + o.getClass());
    }

    /**
     * A column of rows as text, to bind as {@code cast(:x as text[])} for {@code unnest} (cast further in SQL:
     * {@code cast(cast(:x as text[]) as date[])}); null stays null.
     */
    public static <T> String[] texts(java.util.List<T> rows, java.util.function.Function<T, ?> column) {
        return rows.stream().map(column).map(v -> v == null ? null : v.toString()).toArray(String[]::new);
    }

    /** A column of rows as UUIDs, to bind as {@code cast(:x as uuid[])}. */
    public static <T> UUID[] uuids(java.util.List<T> rows, java.util.function.Function<T, UUID> column) {
        return rows.stream().map(column).toArray(UUID[]::new);
    }

    private SqlValues() {
    }
}
