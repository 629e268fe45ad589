package org.dunning.platform.persistence;

import io.vertx.pgclient.PgException;
import org.dunning.platform.domain.Conflict;
import org.dunning.platform.domain.DomainException;
import org.dunning.platform.domain.ValidationFailed;

import java.util.Arrays;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Refusals of the database that no retry can change: the data does not fit (SQLSTATE class 22, e.g. a number too
 * large for its column, a character PostgreSQL cannot store) or breaks a constraint (class 23, e.g. a unique key).
 * They are turned into the domain's own refusals, naming the field and never quoting SQL, so that REST answers 409 or
 * 422 and a consumer dead-letters the record at once instead of retrying it as if the database were away.
 * The rules in the domain check these limits first; this is where a limit they missed still ends as a clear refusal.
 */
public final class DatabaseErrors {

    private static final Pattern KEY = Pattern.compile("Key \\(([^)]*)\\)");

    /** The refusal {@code t} stands for, if it is (or wraps) one of the database's permanent refusals. */
    public static Optional<DomainException> refusal(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof PgException p && permanent(p.getSqlState())) {
                return Optional.of(describe(p.getSqlState(), field(p)));
            }
            // Hibernate Reactive hands the driver's error on as a JDBC SQLException with the SQLSTATE
            if (c instanceof java.sql.SQLException q && permanent(q.getSQLState())) {
                return Optional.of(describe(q.getSQLState(), constraintField(q.getMessage())));
            }
        }
        return Optional.empty();
    }

    /**
     * Whether {@code t} is (or wraps) PostgreSQL choosing this transaction as a deadlock's victim (SQLSTATE 40P01):
     * the other side went on, so the same work in a new transaction can pass.
     */
    public static boolean deadlock(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if ("40P01".equals(stateOf(c))) {
                return true;
            }
        }
        return false;
    }

    /**
     * The SQLSTATE of the driver's error, or of the JDBC SQLException Hibernate Reactive hands it on as; else null.
     */
    private static String stateOf(Throwable c) {
        return c instanceof PgException p ? p.getSqlState()
                : c instanceof java.sql.SQLException q ? q.getSQLState() : null;
    }

    private static boolean permanent(String state) {
        return state != null && (state.startsWith("22") || state.startsWith("23"));
    }

    private static final Pattern CONSTRAINT = Pattern.compile("constraint \"([a-z0-9_]+)\"");

    /** A unique constraint named {@code <table>_<field>[_per_tenant]}: the field, else nothing. */
    private static String constraintField(String message) {
        if (message == null) {
            return null;
        }
        Matcher m = CONSTRAINT.matcher(message);
        if (!m.find()) {
            return null;
        }
        String[] parts = m.group(1).replace("_per_tenant", "").split("_", 2);
        return parts.length == 2 ? camel(parts[1]) : null;
    }

    static DomainException describe(String state, String field) {
        return switch (state) {
            case "23505" -> new Conflict((field == null ? "a record with the same key" : "a record with this " + field)
                    + " exists already");
            case "23503" -> ValidationFailed.of(field == null ? "body" : field, "refers to a record that does not exist");
            case "23502" -> ValidationFailed.of(field == null ? "body" : field, "required");
            case "22003" -> ValidationFailed.of(field == null ? "body" : field, "a number too large to keep");
            case "22001" -> ValidationFailed.of(field == null ? "body" : field, "a text too long to keep");
            case "22007", "22008" -> ValidationFailed.of(field == null ? "body" : field, "a date or time out of range");
            case "22021", "22P05" -> ValidationFailed.of(field == null ? "body" : field,
                    "contains a character that cannot be kept (such as U+0000)");
            default -> ValidationFailed.of(field == null ? "body" : field,
                    "a value the ledger cannot keep (SQLSTATE " + state + ")");
        };
    }

    /** The field the refusal concerns: the column, else the key's columns (the tenant left out). */
    private static String field(PgException p) {
        if (p.getColumn() != null) {
            return camel(p.getColumn());
        }
        if (p.getDetail() != null) {
            Matcher m = KEY.matcher(p.getDetail());
            if (m.find()) {
                return String.join(", ", Arrays.stream(m.group(1).split(",")).map(String::trim)
                        .filter(c -> !c.equals("tenant_id")).map(DatabaseErrors::camel).toList());
            }
        }
        return null;
    }

    private static String camel(String column) {
        StringBuilder b = new StringBuilder();
        boolean up = false;
        for (char ch : column.toCharArray()) {
            if (ch == '_') {
                up = true;
            } else {
                b.append(up ? Character.toUpperCase(ch) : ch);
                up = false;
            }
        }
        return b.toString();
    }

    private DatabaseErrors() {
    }
}
