package org.dunning.bench;

import org.dunning.launcher.DunningSystem;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where the machine's CPU went during a figure: each service (all its instances), PostgreSQL (every {@code postgres}
 * process), the Kafka broker (a process of its own) and this JVM, which hosts the bench's clients and the SMTP server
 * of the local run. On a small machine the
 * parts share the cores, so a figure is only understood beside this.
 */
final class Machine {

    /**
     * The services' JVM flags: {@code -Dbench.jvm="..."} (e.g. to record a profile with JFR), else {@code defaults}.
     */
    static List<String> jvmFlags(List<String> defaults) {
        String flags = System.getProperty("bench.jvm");
        return flags == null ? defaults : List.of(flags.trim().split("\\s+"));
    }

    static final String POSTGRES = "postgres";
    static final String KAFKA = "kafka";
    static final String HOST = "bench+smtp";
    /** The suffix of a service's part that is its JIT compiler threads' share. */
    static final String JIT = " jit";

    /** The CPU time each part has used so far. */
    static Map<String, Duration> cpu(DunningSystem system) {
        Map<String, Duration> cpu = new LinkedHashMap<>();
        DunningSystem.SERVICES.forEach(s -> {
            cpu.put(s.name(), system.cpu(s));
            cpu.put(s.name() + JIT, system.compilerCpu(s));
        });
        cpu.put(POSTGRES, ProcessHandle.allProcesses()
                .filter(h -> h.info().command().map(c -> c.endsWith("/postgres")).orElse(false))
                .map(h -> h.info().totalCpuDuration().orElse(Duration.ZERO)).reduce(Duration.ZERO, Duration::plus));
        cpu.put(KAFKA, system.infrastructure().kafka().cpu());
        cpu.put(HOST, ProcessHandle.current().info().totalCpuDuration().orElse(Duration.ZERO));
        return cpu;
    }

    /**
     * One line: the CPU seconds each part used between the two snapshots, a service's JIT compiler threads' share in
     * brackets (while it is large, the figure still measures the JIT's warm-up).
     */
    static String used(Map<String, Duration> before, Map<String, Duration> after) {
        StringBuilder line = new StringBuilder("CPU seconds (JIT compilers'):");
        after.forEach((part, d) -> {
            if (part.endsWith(JIT)) {
                line.append(String.format(" (%.1f)", seconds(before, after, part)));
            } else {
                line.append(String.format(" %s %.1f", part.replace("-service", ""), seconds(before, after, part)));
            }
        });
        return line.toString();
    }

    /** One warm-up round: does its work and returns how many items it handled. */
    @FunctionalInterface
    interface Round {
        int run(int index) throws Exception;
    }

    /**
     * Warm-up rounds (none a figure, each printed) until {@code service}'s JIT compilers took less than a tenth of its
     * CPU in one, or {@code rounds} ran: on two shared cores the full JIT compiles for a long while.
     */
    static void warmUp(DunningSystem system, String service, String items, int rounds, Round round) throws Exception {
        for (int i = 0; i < rounds; i++) {
            Map<String, Duration> before = cpu(system);
            long start = System.nanoTime();
            int n = round.run(i);
            double s = (System.nanoTime() - start) / 1e9;
            Map<String, Duration> after = cpu(system);
            double jit = jitShare(before, after, service);
            System.out.printf("warm-up round %d: %,d %s in %.1f s = %.0f/s; %s's JIT %.0f %% of its CPU%n  %s%n", i + 1,
                    n, items, s, n / s, service.replace("-service", ""), 100 * jit, used(before, after));
            if (jit < 0.1) {
                return;
            }
        }
    }

    /** The share of a service's CPU between the two snapshots that its JIT compiler threads took (0 to 1). */
    static double jitShare(Map<String, Duration> before, Map<String, Duration> after, String service) {
        double all = seconds(before, after, service);
        return all <= 0 ? 0 : seconds(before, after, service + JIT) / all;
    }

    private static double seconds(Map<String, Duration> before, Map<String, Duration> after, String part) {
        return (after.get(part).toMillis() - before.getOrDefault(part, Duration.ZERO).toMillis()) / 1000.0;
    }

    /**
     * Milliseconds until the next look at a run that has done {@code done} of {@code n} after {@code nanos}: a quarter
     * of the time the rest would take at the rate so far, between 20 ms and 500 ms (100 ms before anything is done).
     * A look costs what it measures (a count walks the rows written so far, a scrape of a service's meters renders
     * 100 KB of text in it), and on the two cores a bench shares with what it measures, looking every 50 or 100 ms,
     * as the benches did, was a load of its own; at a steady rate the last look is still at most 20 ms late.
     */
    static long nextLook(double done, double n, long nanos) {
        if (done <= 0) {
            return 100;
        }
        double restMillis = (n - done) * (nanos / 1e6) / done;
        return Math.max(20, Math.min(500, (long) (restMillis / 4)));
    }

    /**
     * Empties PostgreSQL's statement statistics when the bench runs with {@code -Ddunning.postgres.statements=true}
     * (every database's statements, read through any one of them).
     */
    static void resetStatements(java.sql.Connection db) throws java.sql.SQLException {
        if (Boolean.getBoolean(org.dunning.infra.PostgresServer.STATEMENTS)) {
            try (java.sql.Statement st = db.createStatement()) {
                st.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
                st.execute("SELECT pg_stat_statements_reset()");
            }
        }
    }

    /** The statements that took PostgreSQL the most time since {@link #resetStatements}, one line each. */
    static String statements(java.sql.Connection db, int top) throws java.sql.SQLException {
        if (!Boolean.getBoolean(org.dunning.infra.PostgresServer.STATEMENTS)) {
            return "";
        }
        StringBuilder lines = new StringBuilder();
        // by time: what keeps PostgreSQL busy; by calls: the round trips a service waits for
        for (String order : List.of("total_exec_time", "calls")) {
            lines.append("statements by ").append(order).append(" (database, calls, rows, ms):\n");
            try (java.sql.Statement st = db.createStatement(); java.sql.ResultSet rs = st.executeQuery("SELECT "
                    + "d.datname, s.calls, s.rows, s.total_exec_time, s.query FROM pg_stat_statements s JOIN "
                    + "pg_database d ON d.oid = s.dbid ORDER BY s." + order + " DESC LIMIT " + top)) {
                while (rs.next()) {
                    String query = rs.getString(5).replaceAll("\\s+", " ");
                    lines.append(String.format("  %-13s %8d %9d %9.0f  %s%n", rs.getString(1), rs.getLong(2),
                            rs.getLong(3), rs.getDouble(4), query.length() > 150 ? query.substring(0, 150) : query));
                }
            }
        }
        try (java.sql.Statement st = db.createStatement(); java.sql.ResultSet rs = st.executeQuery("SELECT d.datname, "
                + "sum(s.calls), sum(s.total_exec_time) FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid "
                + "GROUP BY d.datname ORDER BY 3 DESC")) {
            lines.append("by database (calls, ms):");
            while (rs.next()) {
                lines.append(String.format(" %s %d %.0f;", rs.getString(1), rs.getLong(2), rs.getDouble(3)));
            }
        }
        return lines.toString();
    }

    private Machine() {
    }
}
