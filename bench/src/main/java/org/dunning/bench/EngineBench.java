package org.dunning.bench;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.dunning.contract.Envelope;
import org.dunning.contract.EventCodec;
import org.dunning.contract.EventTypes;
import org.dunning.contract.InvoiceEvents;
import org.dunning.contract.Topics;
import org.dunning.infra.DevTokens;
import org.dunning.launcher.DunningSystem;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * escalation-service at scale (invariant 6): with a million open invoices over a hundred thousand customers in its
 * projection, the time of a tick with nothing due beside the raw cost of the same index query in plain SQL in the
 * same run (back to back, and once a second as the tick runs; right after the start, and again after the rounds, when
 * the tick's code has run a while); then firing rounds of due steps (by default 10,000, then 100,000, after a round
 * of 30,000 that warms the engine up, not a figure), each until every step has fired and its events are published,
 * with the CPU seconds of each part; the last round with a second instance of escalation-service (both fire, none
 * twice); then the
 * projection rebuild's replay speed in events per second. Prints figures (the last lines {@code BENCH name value
 * unit}); asserts nothing. notification-, followup- and insights-service are stopped first, so that the e-mails,
 * tasks and figures of the fired steps do not share the machine with the engine (the morning-batch bench measures
 * them together). The services run with production JVM flags ({@link DunningSystem#PRODUCTION}, the full JIT;
 * {@code -Dbench.jvm} to change them). The
 * projection is filled with SQL (the topics would take hours on a laptop), the rebuild replays what the topics hold
 * plus {@code bench.replay} published invoices.
 * <p>
 * Run: {@code ./mvnw -q install -DskipTests && ./mvnw -q -pl bench exec:java -Dbench.main=org.dunning.bench.EngineBench}
 * ({@code -Dbench.invoices}, {@code -Dbench.customers}, {@code -Dbench.due} (the rounds, e.g. {@code 10000,100000}),
 * {@code -Dbench.due.replicas} (0: no round with two instances), {@code -Dbench.warmup} (the due steps of a first
 * round that is not a figure, 30,000; 0: none), {@code -Dbench.replay} to change sizes).
 */
public final class EngineBench {

    static final Instant T = Instant.parse("2027-03-01T08:00:00Z"); // a Monday, 09:00 Paris

    public static void main(String[] args) throws Exception {
        int invoices = Integer.getInteger("bench.invoices", 1_000_000);
        int customers = Integer.getInteger("bench.customers", 100_000);
        List<Integer> rounds = new ArrayList<>(Arrays.stream(System.getProperty("bench.due", "10000,100000")
                .split(",")).map(String::trim).map(Integer::valueOf).toList());
        int pair = Integer.getInteger("bench.due.replicas", 100_000);
        if (pair > 0) {
            rounds.add(pair);
        }
        // a first round that is not measured: the engine's code runs warm in the rounds, as in a service that has
        // been up a while (the first work after the start ran at half the speed of the rounds after it, its JIT
        // compilers taking 60 % of the service's CPU; after 10,000 still 40-60 %); the other benches warm up too
        int warmup = Integer.getInteger("bench.warmup", 30_000);
        if (warmup > 0) {
            rounds.add(0, warmup);
        }
        int replay = Integer.getInteger("bench.replay", 20_000);
        Path home = Path.of(System.getProperty("dunning.home", ".")).toAbsolutePath().normalize();
        java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.WARNING);
        List<String> jvm = Machine.jvmFlags(DunningSystem.PRODUCTION);
        System.out.printf("Starting the system (%s, services with %s) ...%n", home, String.join(" ", jvm));
        Map<String, Double> figures = new LinkedHashMap<>();
        try (DunningSystem system = DunningSystem.start(new DunningSystem.Options(home,
                Files.createTempDirectory("dunning-engine-bench-"), false, false, "prod,demo").withJvm(jvm))) {
            system.kill(DunningSystem.service("notification-service"));
            system.kill(DunningSystem.service("followup-service"));
            system.kill(DunningSystem.service("insights-service"));
            List<String> apis = new ArrayList<>(List.of(system.url("escalation-service")));
            String jdbc = system.infrastructure().postgres().jdbcUrl("escalation");
            String tenant = "bench-" + UUID.randomUUID();
            String token = "Bearer " + DevTokens.token(tenant);
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            try (Connection db = DriverManager.getConnection(jdbc, "postgres", "postgres")) {
                setClock(http, apis, token, T.minus(Duration.ofHours(1)));
                long fill = System.nanoTime();
                fill(db, tenant, invoices, customers, rounds);
                System.out.printf("filled %,d invoices over %,d customers (due in rounds of %s, a day apart from %s) "
                        + "in %.1f s%n", invoices, customers, rounds, T, seconds(fill));

                double rawIdle = rawQuery(db, T.minus(Duration.ofHours(1)), 50, 0);
                double rawDue = rawQuery(db, T.plusSeconds(30), 50, 0);
                double[] idle = idleTicks(http, apis.get(0));
                double idleTick = idle[1];
                // the plain query as the tick runs: once a second on an idle machine, not back to back
                double rawSpaced = rawQuery(db, T.minus(Duration.ofHours(1)), 10, 1000);
                System.out.printf("%n== escalation engine (%,d open invoices, %,d customers, %d cores) ==%n",
                        invoices, customers, Runtime.getRuntime().availableProcessors());
                System.out.printf("tick, nothing due (mean of %d ticks)          : %8.1f ms (cold: the first ticks "
                        + "after the start)%n", (long) idle[0], idleTick);
                System.out.printf("raw   due-index query, nothing due (plain SQL): %8.1f ms%n", rawIdle);
                System.out.printf("raw   due-index query, nothing due, once a second (plain SQL): %.1f ms%n",
                        rawSpaced);
                System.out.printf("raw   due-index query, 1000 of the due (plain SQL): %6.1f ms%n", rawDue);
                figures.put("engine_idle_tick_ms", idleTick);
                figures.put("engine_idle_raw_query_ms", rawIdle);
                figures.put("engine_idle_raw_query_spaced_ms", rawSpaced);
                figures.put("engine_idle_tick_vs_spaced_raw_x", idleTick / rawSpaced);
                figures.put("engine_idle_tick_vs_raw_x", idleTick / rawIdle);

                long firedSoFar = 0;
                for (int r = 0; r < rounds.size(); r++) {
                    boolean two = pair > 0 && r == rounds.size() - 1;
                    boolean warming = warmup > 0 && r == 0;
                    if (two) {
                        apis.add(system.addReplica(DunningSystem.service("escalation-service"), Duration.ofMinutes(3)));
                    }
                    double[] firedBefore = apis.stream().mapToDouble(a -> counter(http, a)).toArray();
                    int n = rounds.get(r);
                    firedSoFar += n;
                    Machine.resetStatements(db);
                    var cpuBefore = Machine.cpu(system);
                    setClock(http, apis, token, T.plus(Duration.ofDays(r)).plusSeconds(30));
                    long start = System.nanoTime();
                    // followed through the instances' meters (counting rows in the database every 100 ms would
                    // take a core of PostgreSQL from the engine), checked in the database once at the end
                    double firedNow;
                    while ((firedNow = firedSince(http, apis, firedBefore)) < n) {
                        Thread.sleep(Machine.nextLook(firedNow, n, System.nanoTime() - start));
                        if (seconds(start) > 1800) {
                            throw new IllegalStateException("only " + firedSince(http, apis, firedBefore)
                                    + " fired after 30 minutes");
                        }
                    }
                    double firedIn = seconds(start);
                    Outbox.published(db, Duration.ofMillis(20), Duration.ofMinutes(30));
                    double publishedIn = seconds(start);
                    var cpuAfter = Machine.cpu(system);
                    if (fired(db, tenant) != firedSoFar) {
                        throw new IllegalStateException(fired(db, tenant) + " steps fired, " + firedSoFar + " expected");
                    }
                    String name = "engine_" + (two ? "2_instances_" : "") + n;
                    System.out.printf("%sfire %,d due steps%s: fired in %.1f s = %,.0f steps/s; fired and published "
                                    + "in %.1f s = %,.0f steps/s%n", warming ? "warm-up (not a figure): " : "", n,
                            two ? " with 2 instances" : "", firedIn, n / firedIn, publishedIn, n / publishedIn);
                    System.out.println("  " + Machine.used(cpuBefore, cpuAfter));
                    System.out.println("  " + Outbox.looks());
                    if (Boolean.getBoolean(org.dunning.infra.PostgresServer.STATEMENTS)) {
                        System.out.println(Machine.statements(db, 25));
                    }
                    if (warming) {
                        continue;
                    }
                    figures.put(name + "_fired_per_s", n / firedIn);
                    figures.put(name + "_fired_published_per_s", n / publishedIn);
                    if (two) {
                        StringBuilder each = new StringBuilder();
                        for (int a = 0; a < apis.size(); a++) {
                            double mine = counter(http, apis.get(a)) - firedBefore[a];
                            each.append(a == 0 ? "" : ", ").append(String.format("%,.0f", mine));
                            figures.put("engine_2_instances_fired_by_" + (a + 1), mine);
                        }
                        long twice = twice(db, tenant);
                        System.out.printf("  fired per instance: %s; reminders fired twice: %d%n", each, twice);
                        figures.put("engine_2_instances_fired_twice", (double) twice);
                    }
                }

                // the same after the rounds (nothing due any more), when the tick's code has run as in a service
                // that has been up a while, beside the plain query in the same state: the fired rows' entries stay
                // in the due index until they are vacuumed, and both walk past them
                double[] warm = idleTicks(http, apis.get(0));
                double rawWarm = rawQuery(db, T.plus(Duration.ofDays(rounds.size() - 1)).plusSeconds(30), 50, 0);
                System.out.printf("tick, nothing due, after the rounds (mean of %d ticks): %.1f ms; the plain query "
                        + "then %.1f ms: %.1fx%n", (long) warm[0], warm[1], rawWarm, warm[1] / rawWarm);
                figures.put("engine_idle_tick_warm_ms", warm[1]);
                figures.put("engine_idle_raw_query_warm_ms", rawWarm);
                figures.put("engine_idle_tick_warm_vs_raw_x", warm[1] / rawWarm);

                long applied = processed(db);
                long published = publish(system.infrastructure().kafka().bootstrapServers(), replay);
                // let the consumer apply what was just published first, so that the rebuild replays it all
                while (processed(db) < applied + published) {
                    Thread.sleep(500);
                }
                long rebuildStart = System.nanoTime();
                HttpResponse<String> report = http.send(HttpRequest.newBuilder(URI.create(apis.get(0)
                                + "/admin/projection/rebuild")).header("Authorization", token)
                        .timeout(Duration.ofHours(1)).POST(HttpRequest.BodyPublishers.noBody()).build(),
                        HttpResponse.BodyHandlers.ofString());
                double rebuildSeconds = seconds(rebuildStart);
                long replayed = field(report.body(), "recordsReplayed");
                long restored = field(report.body(), "decisionsRestored");
                double replaySeconds = field(report.body(), "replayMillis") / 1000.0;
                System.out.printf("rebuild: %,d decisions restored and %,d records replayed (%,d published for it) in "
                                + "%.1f s = %,.0f events/s; the replay alone %,.0f records/s%n", restored, replayed,
                        published, rebuildSeconds, (restored + replayed) / rebuildSeconds, replayed / replaySeconds);
                figures.put("rebuild_events_per_s", (restored + replayed) / rebuildSeconds);
                figures.put("rebuild_replay_records_per_s", replayed / replaySeconds);
            }
        }
        figures.forEach((k, v) -> System.out.printf("BENCH %s %.1f %s%n", k, v,
                k.endsWith("_ms") ? "ms" : k.endsWith("_x") ? "x" : k.endsWith("_per_s") ? "/s" : "count"));
    }

    /**
     * The projection of a tenant with one plan of one step, filled with SQL: the first {@code rounds.get(0)} invoices
     * have their step due at T, the next {@code rounds.get(1)} a day later, and so on; the others later still.
     */
    static void fill(Connection db, String tenant, int invoices, int customers, List<Integer> rounds) throws Exception {
        UUID plan = UUID.randomUUID();
        UUID step = UUID.randomUUID();
        String steps = "[{\"stepId\":\"" + step + "\",\"name\":\"Friendly\",\"trigger\":{\"reference\":\"DUE_DATE\","
                + "\"direction\":\"AFTER\",\"days\":3},\"action\":\"AUTO_EMAIL\",\"templateKey\":\"friendly\"}]";
        // the day (after T) of invoice i's step: its round's index, or after the last round
        StringBuilder day = new StringBuilder("(CASE");
        int upTo = 0;
        for (int r = 0; r < rounds.size(); r++) {
            upTo += rounds.get(r);
            day.append(" WHEN i <= ").append(upTo).append(" THEN ").append(r);
        }
        day.append(" ELSE ").append(rounds.size()).append(" + i % 300 END)");
        try (Statement st = db.createStatement()) {
            st.execute("INSERT INTO plans (tenant_id, id, version, name, steps, plan_type) VALUES ('" + tenant + "', '"
                    + plan + "', 1, 'Bench', '" + steps + "', 'ESCALATION_PER_INVOICE')");
            st.execute("INSERT INTO customers (tenant_id, id, name, language, contacts) SELECT '" + tenant + "', "
                    + "md5('c' || i)::uuid, 'Customer ' || i, 'de', '[{\"name\":\"A\",\"email\":\"a' || i || "
                    + "'@bench.example\",\"phone\":null,\"role\":null,\"bounced\":false}]' FROM generate_series(1, "
                    + customers + ") i");
            st.execute("INSERT INTO assignments (tenant_id, customer_id, plan_id) SELECT '" + tenant + "', "
                    + "md5('c' || i)::uuid, '" + plan + "' FROM generate_series(1, " + customers + ") i");
            st.execute("INSERT INTO invoices (tenant_id, id, customer_id, number, issue_date, due_date, currency, "
                    + "amount, outstanding, status) SELECT '" + tenant + "', md5('i' || i)::uuid, md5('c' || (1 + i % "
                    + customers + "))::uuid, 'B-' || i, date '2027-01-01', date '2027-02-26' + " + day
                    + ", 'EUR', 100, 100, 'OPEN' FROM generate_series(1, " + invoices + ") i");
            st.execute("INSERT INTO schedule (reminder_key, tenant_id, invoice_id, customer_id, plan_id, step_id, "
                    + "step_order, fire_date, fire_at, status) SELECT '" + tenant + "/" + plan + "/" + step
                    + "/' || md5('i' || i)::uuid, '" + tenant + "', md5('i' || i)::uuid, md5('c' || (1 + i % "
                    + customers + "))::uuid, '" + plan + "', '" + step + "', 0, date '2027-03-01' + " + day
                    + ", timestamptz '" + T + "' + " + day + " * interval '1 day', 'PENDING' FROM "
                    + "generate_series(1, " + invoices + ") i");
            st.execute("ANALYZE schedule");
        }
    }

    /**
     * The engine's due query in plain SQL: mean milliseconds of {@code runs} runs, {@code gapMillis} apart (0: back to
     * back; the pauses are not timed).
     */
    static double rawQuery(Connection db, Instant now, int runs, long gapMillis) throws Exception {
        long total = 0;
        for (int i = 0; i < runs; i++) {
            if (gapMillis > 0) {
                Thread.sleep(gapMillis);
            }
            long t = System.nanoTime();
            try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery("SELECT reminder_key FROM schedule "
                    + "WHERE status = 'PENDING' AND fire_at <= timestamptz '" + now + "' ORDER BY fire_at, "
                    + "reminder_key LIMIT 1000")) {
                while (rs.next()) {
                    rs.getString(1);
                }
            }
            total += System.nanoTime() - t;
        }
        return total / 1e6 / runs;
    }

    static long processed(Connection db) throws Exception {
        try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery("SELECT count(*) FROM processed_events "
                + "WHERE consumer = 'escalation-projection'")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static long fired(Connection db, String tenant) throws Exception {
        try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery("SELECT count(*) FROM schedule WHERE "
                + "tenant_id = '" + tenant + "' AND status = 'FIRED'")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** A number field of the rebuild's report. */
    static long field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":(\\d+)").matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("no " + name + " in " + json);
        }
        return Long.parseLong(m.group(1));
    }

    /** Reminders of the tenant with more than one ReminderStepDue (the event store's key makes this 0). */
    static long twice(Connection db, String tenant) throws Exception {
        try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery("SELECT count(*) FROM (SELECT "
                + "stream_id FROM events WHERE tenant_id = '" + tenant + "' AND type = 'ReminderStepDue' GROUP BY "
                + "stream_id HAVING count(*) > 1) x")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** The steps the instances fired since {@code before} (their meters). */
    static double firedSince(HttpClient http, List<String> apis, double[] before) {
        double n = 0;
        for (int a = 0; a < apis.size(); a++) {
            n += counter(http, apis.get(a)) - before[a];
        }
        return n;
    }

    /** The steps an instance has fired since it started (its metrics). */
    static double counter(HttpClient http, String api) {
        Matcher m = Pattern.compile("(?m)^dunning_escalation_fired_total(\\{[^}]*})? ([0-9.eE+-]+)$")
                .matcher(metrics(http, api));
        return m.find() ? Double.parseDouble(m.group(2)) : 0;
    }

    /** A service's /q/metrics (Prometheus text). */
    static String metrics(HttpClient http, String api) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(api + "/q/metrics")).GET().build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The ticks of one instance over 10 s (after 3 s of rest): how many, and their mean in milliseconds. */
    static double[] idleTicks(HttpClient http, String api) throws InterruptedException {
        Thread.sleep(3000);
        double[] before = tickMetrics(http, api);
        Thread.sleep(10_000);
        double[] after = tickMetrics(http, api);
        return new double[]{after[0] - before[0], (after[1] - before[1]) / Math.max(1, after[0] - before[0]) * 1000};
    }

    /** From /q/metrics: ticks counted, their total seconds, the longest tick in seconds. */
    static double[] tickMetrics(HttpClient http, String api) {
        String text = metrics(http, api);
        return new double[]{metric(text, "dunning_escalation_tick_seconds_count"),
                metric(text, "dunning_escalation_tick_seconds_sum"), metric(text, "dunning_escalation_tick_seconds_max")};
    }

    static double metric(String text, String name) {
        Matcher m = Pattern.compile("(?m)^" + name + "\\{[^}]*outcome=\"ok\"[^}]*} ([0-9.eE+-]+)$").matcher(text);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    /** Moves the demo clock of every instance (each reads its offset at start and keeps its own). */
    static void setClock(HttpClient http, List<String> apis, String token, Instant at) throws Exception {
        for (String api : apis) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(api + "/admin/clock"))
                    .header("Authorization", token).header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString("{\"instant\":\"" + at + "\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("clock: " + r.statusCode() + " " + r.body());
            }
        }
    }

    /** Invoices of another tenant straight onto the invoice topic, for the rebuild to replay. */
    static long publish(String kafka, int n) throws Exception {
        String tenant = "bench-replay-" + UUID.randomUUID();
        UUID[] customers = new UUID[Math.max(1, n / 20)];
        for (int i = 0; i < customers.length; i++) {
            customers[i] = UUID.randomUUID();
        }
        try (KafkaProducer<String, String> p = new KafkaProducer<>(java.util.Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka, ProducerConfig.LINGER_MS_CONFIG, 5),
                new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < n; i++) {
                UUID id = UUID.randomUUID();
                UUID customer = customers[i % customers.length];
                var e = new InvoiceEvents.InvoiceIssued(id, customer, "R-" + i, LocalDate.of(2027, 1, 1),
                        LocalDate.of(2027, 2, 1), "EUR", new BigDecimal("10.00"));
                Envelope env = new Envelope(UUID.randomUUID(), "dunning/bench", e.type(), "invoice-" + id,
                        Instant.now(), tenant, 1, EventTypes.dataSchema(e.type(), EventTypes.SCHEMA_VERSION));
                var record = new ProducerRecord<String, String>(Topics.INVOICE_EVENTS, tenant + "/" + customer,
                        EventCodec.encode(e));
                env.toHeaders().forEach((k, v) -> record.headers().add(k, v.getBytes(StandardCharsets.UTF_8)));
                p.send(record);
            }
            p.flush();
        }
        return n;
    }

    static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private EngineBench() {
    }
}
