package org.dunning.platform.persistence;

import io.smallrye.mutiny.Uni;
import io.vertx.sqlclient.data.Numeric;
import org.hibernate.reactive.mutiny.Mutiny;
import org.hibernate.reactive.mutiny.impl.MutinySessionImpl;
import org.hibernate.reactive.pool.ReactiveConnection;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A statement run on the connection of a Hibernate Reactive session, in its transaction, straight through the Vert.x
 * PostgreSQL client: the services' statements (a batch's inbox check, its events, its read models, a REST read) skip
 * Hibernate's native-query machinery, which parsed the statement's text and resolved each parameter's type on every
 * call (10-24 % of a consumer's CPU samples in a profile of the ledger bench; see docs/benchmarks.md).
 * <p>
 * The text keeps Hibernate's named parameters ({@code :name}, {@code cast(:ids as uuid[])}); they are turned into
 * PostgreSQL's positional ones once per statement text. Values are bound as the driver takes them: an {@link Instant}
 * as a {@code timestamptz}, a {@link BigDecimal} as a {@code numeric}, bytes as a {@code bytea}. A row comes back as
 * the driver reads it, with a {@code numeric} as a {@link BigDecimal} and a {@code bytea} as bytes. There is no flush
 * of managed entities before the statement: the callers write through statements only.
 */
public final class Sql {

    /** Parsed statement texts; the texts are constants, so this stays small (a runaway caller is not cached). */
    private static final Map<String, Parsed> PARSED = new ConcurrentHashMap<>();
    private static final int CACHED_AT_MOST = 2_000;

    /** A statement of {@code sql} on the session's connection. */
    public static Statement of(Mutiny.Session session, String sql) {
        Parsed parsed = PARSED.get(sql);
        if (parsed == null) {
            parsed = parse(sql);
            if (PARSED.size() < CACHED_AT_MOST) {
                PARSED.put(sql, parsed);
            }
        }
        return new Statement(session, parsed);
    }

    /**
     * A statement with its values, run by one of {@link #executeUpdate}, {@link #getResultList}, {@link #column},
     * {@link #row}, {@link #single}.
     */
    public static final class Statement {
        private final Mutiny.Session session;
        private final Parsed parsed;
        private final Object[] values;
        private final boolean[] set;

        private Statement(Mutiny.Session session, Parsed parsed) {
            this.session = session;
            this.parsed = parsed;
            this.values = new Object[parsed.names().size()];
            this.set = new boolean[values.length];
        }

        public Statement setParameter(String name, Object value) {
            Integer at = parsed.names().get(name);
            if (at == null) {
                throw new IllegalArgumentException("no parameter :" + name + " in " + parsed.sql());
            }
            values[at] = bindable(value);
            set[at] = true;
            return this;
        }

        /** The number of rows the statement changed. */
        public Uni<Integer> executeUpdate() {
            Object[] bound = bound();
            return Uni.createFrom().completionStage(() -> connection().update(parsed.sql(), bound));
        }

        /** The rows, each as its columns' values. */
        public Uni<List<Object[]>> getResultList() {
            Object[] bound = bound();
            return Uni.createFrom().completionStage(() -> connection().select(parsed.sql(), bound)).map(result -> {
                List<Object[]> rows = new ArrayList<>(result.size());
                while (result.hasNext()) {
                    Object[] row = result.next();
                    for (int i = 0; i < row.length; i++) {
                        if (row[i] instanceof Numeric n) {
                            row[i] = n.bigDecimalValue();
                        } else if (row[i] instanceof io.vertx.core.buffer.Buffer b) {
                            row[i] = b.getBytes();
                        }
                    }
                    rows.add(row);
                }
                return rows;
            });
        }

        /** The first column of the rows. */
        public Uni<List<Object>> column() {
            return getResultList().map(rows -> {
                List<Object> column = new ArrayList<>(rows.size());
                rows.forEach(r -> column.add(r[0]));
                return column;
            });
        }

        /** The one row there must be. */
        public Uni<Object[]> row() {
            return getResultList().map(rows -> {
                if (rows.size() != 1) {
                    throw new IllegalStateException(rows.size() + " rows, not one, from " + parsed.sql());
                }
                return rows.get(0);
            });
        }

        /** The first column of the one row there must be. */
        public Uni<Object> single() {
            return row().map(r -> r[0]);
        }

        private Object[] bound() {
            for (int i = 0; i < set.length; i++) {
                if (!set[i]) {
                    throw new IllegalStateException("parameter " + (i + 1) + " not set in " + parsed.sql());
                }
            }
            return values.clone();
        }

        private ReactiveConnection connection() {
            // the one way from the session to its connection, so that the statement runs in the session's transaction
            return ((MutinySessionImpl) session).getReactiveConnection();
        }
    }

    /** A value as the driver binds it. */
    static Object bindable(Object value) {
        if (value instanceof Instant i) {
            return i.atOffset(ZoneOffset.UTC);
        }
        if (value instanceof Instant[] is) {
            OffsetDateTime[] times = new OffsetDateTime[is.length];
            for (int i = 0; i < is.length; i++) {
                times[i] = is[i] == null ? null : is[i].atOffset(ZoneOffset.UTC);
            }
            return times;
        }
        if (value instanceof BigDecimal d) {
            return Numeric.create(d);
        }
        if (value instanceof byte[] bytes) {
            return io.vertx.core.buffer.Buffer.buffer(bytes);
        }
        if (value instanceof Collection<?>) {
            throw new IllegalArgumentException("bind an array, not a collection (it is not expanded into a list)");
        }
        return value;
    }

    record Parsed(String sql, Map<String, Integer> names) {
    }

    /**
     * {@code :name} becomes {@code $n} (one number a name); a cast ({@code ::text}), a quoted literal or identifier and a
     * comment are left as they are.
     */
    static Parsed parse(String sql) {
        StringBuilder out = new StringBuilder(sql.length());
        Map<String, Integer> names = new LinkedHashMap<>();
        int n = sql.length();
        for (int i = 0; i < n; i++) {
            char c = sql.charAt(i);
            if (c == '\'' || c == '"') {
                int end = sql.indexOf(c, i + 1);
                end = end < 0 ? n - 1 : end;
                out.append(sql, i, end + 1);
                i = end;
            } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                int end = sql.indexOf('\n', i);
                end = end < 0 ? n - 1 : end;
                out.append(sql, i, end + 1);
                i = end;
            } else if (c == ':' && i + 1 < n && sql.charAt(i + 1) == ':') {
                out.append("::");
                i++;
            } else if (c == ':' && i + 1 < n && Character.isJavaIdentifierStart(sql.charAt(i + 1))) {
                int end = i + 1;
                while (end < n && Character.isJavaIdentifierPart(sql.charAt(end))) {
                    end++;
                }
                String name = sql.substring(i + 1, end);
                int at = names.computeIfAbsent(name, k -> names.size());
                out.append('$').append(at + 1);
                i = end - 1;
            } else if (c == '$' || c == '?') {
                throw new IllegalArgumentException("positional parameters are not supported, name them: " + sql);
            } else {
                out.append(c);
            }
        }
        return new Parsed(out.toString(), Map.copyOf(names));
    }

    private Sql() {
    }
}
