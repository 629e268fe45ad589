package org.dunning.bench;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.dunning.contract.Topics;
import org.dunning.infra.DevTokens;
import org.dunning.infra.PostgresServer;
import org.dunning.launcher.DunningSystem;
import org.dunning.launcher.Lag;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The ledger's throughput beside what this machine's Kafka and PostgreSQL do for the same work, measured in the same
 * run (issue #13). Prints figures and a {@code BENCH <name> <value> <unit>} line for each; asserts nothing.
 * <ul>
 *   <li>raw Kafka: the facts produced and consumed with plain clients (topic made up front, consumer joined before
 *   the clock starts, {@code bench.raw} records);</li>
 *   <li>raw PostgreSQL: the rows the ledger writes per fact (an event, an invoice row, an external reference) with
 *   plain JDBC, 500 facts per transaction;</li>
 *   <li>inbound facts applied per second, every downstream consumer running as in production;</li>
 *   <li>the relay: a backlog of {@code bench.backlog} events (default 100,000) committed at once, published per
 *   second, after a backlog of {@code bench.relay.warmup} (default 100,000) that is not a figure: the consumers
 *   downstream get batches of thousands only from a backlog, and their JIT compilers took a third of the machine's
 *   CPU in the first one after the inbound warm-up rounds;</li>
 *   <li>REST {@code POST /invoices} at {@code bench.concurrency} clients, with p50/p99 latency;</li>
 *   <li>the relay, REST and inbound again with the services downstream stopped: the ledger's own path with the
 *   machine to itself;</li>
 *   <li>inbound again with a second instance of invoice-service and of escalation-service.</li>
 * </ul>
 * The databases run with {@code fsync} off (a throw-away folder; {@code synchronous_commit} stays on), the same for
 * the services and the raw baseline; the services run with production JVM flags. Run: {@code ./mvnw -q install -DskipTests && ./mvnw -q -pl bench exec:java}
 * ({@code -Dbench.invoices=N -Dbench.raw=N -Dbench.backlog=N -Dbench.relay.warmup=N -Dbench.concurrency=C
 * -Dbench.warmup=N -Dbench.warmup.rounds=N}: inbound facts in each warm-up round, default 10,000; rounds until
 * invoice-service's JIT compilers take less than a tenth of its CPU in one, at most {@code bench.warmup.rounds}, five).
 */
public final class LedgerBench {

    public static void main(String[] args) throws Exception {
        int n = Integer.getInteger("bench.invoices", 20_000);
        int raw = Integer.getInteger("bench.raw", 50_000);
        int concurrency = Integer.getInteger("bench.concurrency", 32);
        int backlog = Integer.getInteger("bench.backlog", 100_000);
        int warmup = Integer.getInteger("bench.warmup", 10_000);
        int restWarmup = Integer.getInteger("bench.rest.warmup", 20_000);
        int relayWarmup = Integer.getInteger("bench.relay.warmup", 100_000);
        int warmupRounds = Integer.getInteger("bench.warmup.rounds", 5);
        // -Dbench.only=rest,relay runs those parts only (raw, inbound, rest, relay, alone, replicas), e.g. while profiling one
        java.util.Set<String> only = java.util.Set.of(System.getProperty("bench.only", "raw,inbound,rest,relay,alone,replicas")
                .split(","));
        // -Dbench.jvm="..." replaces the services' production flags, e.g. to record a profile with JFR
        List<String> jvm = new ArrayList<>(Machine.jvmFlags(DunningSystem.PRODUCTION));
        // the pipeline's figure and the waits between parts read the consumers' committed offsets: committed every
        // 500 ms here, not every 5 s (the Kafka client's default, as deployed), so that the figure is not mostly the
        // commit interval (what the consumers do is the same; a commit is one request a channel)
        jvm.add("-Dkafka.auto.commit.interval.ms=500");
        Path home = Path.of(System.getProperty("dunning.home", ".")).toAbsolutePath().normalize();
        java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.WARNING);
        System.out.printf("Starting the system (%s, services with %s) ...%n", home, String.join(" ", jvm));
        try (DunningSystem system = DunningSystem.start(new DunningSystem.Options(home,
                Files.createTempDirectory("dunning-bench-"), false, false, "prod,demo")
                .withJvm(jvm))) {
            String api = system.url("invoice-service");
            String kafka = system.infrastructure().kafka().bootstrapServers();
            String jdbc = system.infrastructure().postgres().jdbcUrl("invoice");
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(5)).build();
            // the REST load: HTTP/1.1, so 32 clients are 32 connections (HTTP/2 would multiplex them all over one
            // connection, and the server serves one connection on one event loop — one core for all 32)
            io.vertx.core.Vertx vertx = io.vertx.core.Vertx.vertx();
            io.vertx.core.http.HttpClient load = vertx.createHttpClient(new io.vertx.core.http.HttpClientOptions()
                    .setKeepAlive(true), new io.vertx.core.http.PoolOptions().setHttp1MaxSize(concurrency));
            try {

                // the JIT and the pools do not count: rounds of inbound facts (each until every consumer caught up)
                // until invoice-service's JIT compilers took less than a tenth of its CPU in one, at most five; on two
                // shared cores the full JIT compiles for a long while (the rounds are printed, none is a figure)
                rest(http, load, api, "warmup", restWarmup, concurrency);
                Lag lag = new Lag(kafka);
                Machine.warmUp(system, "invoice-service", "inbound facts", warmup > 0 ? warmupRounds : 0, round -> {
                    inbound(kafka, jdbc, "warmup-" + round, warmup);
                    quiet(lag);
                    return warmup;
                });

                Map<String, Double> figures = new LinkedHashMap<>();
                System.out.printf("%n== the ledger (%d facts, %d cores; raw baselines %d records) ==%n", n,
                        Runtime.getRuntime().availableProcessors(), raw);
                quiet(lag);
                double pgRate = Double.NaN;
                if (only.contains("raw")) {
                    double kafkaRate = rawKafka(kafka, raw);
                    System.out.printf("raw     Kafka produce + consume, same records        : %8.0f /s%n", kafkaRate);
                    pgRate = rawPostgres(jdbc, raw);
                    System.out.printf("raw     PostgreSQL, the rows of a fact, 500 a commit : %8.0f /s%n", pgRate);
                    figures.put("raw_kafka_records_per_s", kafkaRate);
                    figures.put("raw_pg_facts_per_s", pgRate);
                }
                double inboundRate = Double.NaN;
                double pipelineRate = Double.NaN;
                if (only.contains("inbound")) {
                    Map<String, Duration> cpuBefore = Machine.cpu(system);
                    try (Connection db = DriverManager.getConnection(jdbc, PostgresServer.USER, PostgresServer.PASSWORD)) {
                        Machine.resetStatements(db);
                    }
                    long start = System.nanoTime();
                    inboundRate = inbound(kafka, jdbc, "inbound", n);
                    System.out.printf("inbound facts applied (every consumer running)      : %8.0f /s%s%n", inboundRate,
                            Double.isNaN(pgRate) ? "" : String.format("  (%.1f%% of raw PostgreSQL)", 100 * inboundRate / pgRate));
                    Map<String, Long> behindUntil = quiet(lag);
                    pipelineRate = n / ((System.nanoTime() - start) / 1e9);
                    Map<String, Duration> cpuAfter = Machine.cpu(system);
                    System.out.printf("        ... and every consumer downstream caught up : %8.0f /s%n", pipelineRate);
                    // the offsets they commit say so (every auto.commit.interval.ms): which consumer the pipeline waited for
                    StringBuilder last = new StringBuilder("        consumers last behind at (s):");
                    behindUntil.forEach((g, at) -> last.append(String.format(" %s %.1f", g, (at - start) / 1e9)));
                    System.out.println(last);
                    System.out.println("        " + Machine.used(cpuBefore, cpuAfter));
                    try (Connection db = DriverManager.getConnection(jdbc, PostgresServer.USER, PostgresServer.PASSWORD)) {
                        System.out.println(Machine.statements(db, 30));
                    }
                    figures.put("inbound_facts_per_s", inboundRate);
                    if (!Double.isNaN(pgRate)) {
                        figures.put("inbound_vs_raw_pct", 100 * inboundRate / pgRate);
                    }
                    figures.put("inbound_pipeline_facts_per_s", pipelineRate);
                }

                if (only.contains("rest")) {
                    Map<String, Duration> cpuBefore = Machine.cpu(system);
                    Rest restRun = rest(http, load, api, "rest", n, concurrency);
                    System.out.printf("REST    POST /invoices, %d clients                   : %8.0f /s  p50 %.1f ms, p99 %.1f ms%n",
                            concurrency, restRun.rate(), restRun.p50(), restRun.p99());
                    System.out.println("        " + Machine.used(cpuBefore, Machine.cpu(system)));
                    figures.put("rest_invoices_per_s", restRun.rate());
                    figures.put("rest_p50_ms", restRun.p50());
                    figures.put("rest_p99_ms", restRun.p99());
                    quiet(lag);
                }

                if (only.contains("relay")) {
                    if (relayWarmup > 0) {
                        relayPrinted(system, jdbc, relayWarmup,
                                "warm-up (not a figure): a backlog of " + relayWarmup + " events published");
                        quiet(lag);
                    }
                    try (Connection db = DriverManager.getConnection(jdbc, PostgresServer.USER, PostgresServer.PASSWORD)) {
                        Machine.resetStatements(db);
                    }
                    double relayRate = relayPrinted(system, jdbc, backlog,
                            String.format("relay   a backlog of %d events published          ", backlog));
                    try (Connection db = DriverManager.getConnection(jdbc, PostgresServer.USER, PostgresServer.PASSWORD)) {
                        System.out.println(Machine.statements(db, 30));
                    }
                    figures.put("relay_events_per_s", relayRate);
                    quiet(lag);
                }

                if (only.contains("alone")) {
                    // the ledger's own limits here: the same backlog, the same REST run and the same inbound facts,
                    // with the services downstream stopped (on this machine they share the two cores with it)
                    List<DunningSystem.Service> downstream = DunningSystem.SERVICES.stream()
                            .filter(svc -> !svc.name().equals("invoice-service")).toList();
                    downstream.forEach(system::kill);
                    double relayAlone = relayPrinted(system, jdbc, backlog,
                            "        ... with the services downstream stopped     ");
                    figures.put("relay_downstream_stopped_events_per_s", relayAlone);
                    Map<String, Duration> cpuBefore = Machine.cpu(system);
                    Rest restAlone = rest(http, load, api, "rest-alone", n, concurrency);
                    System.out.printf("REST    ... with the services downstream stopped     : %8.0f /s  p50 %.1f ms, p99 %.1f ms%n",
                            restAlone.rate(), restAlone.p50(), restAlone.p99());
                    System.out.println("        " + Machine.used(cpuBefore, Machine.cpu(system)));
                    figures.put("rest_downstream_stopped_invoices_per_s", restAlone.rate());
                    // and the inbound facts: what the ledger's own path costs, the machine to itself (the figure
                    // above shares it with the consumers of what the ledger publishes)
                    cpuBefore = Machine.cpu(system);
                    double inboundAlone = inbound(kafka, jdbc, "inbound-alone", n);
                    System.out.printf("inbound ... with the services downstream stopped     : %8.0f /s%s%n", inboundAlone,
                            Double.isNaN(pgRate) ? "" : String.format("  (%.1f%% of raw PostgreSQL)", 100 * inboundAlone / pgRate));
                    System.out.println("        " + Machine.used(cpuBefore, Machine.cpu(system)));
                    figures.put("inbound_downstream_stopped_facts_per_s", inboundAlone);
                    if (!Double.isNaN(pgRate)) {
                        figures.put("inbound_downstream_stopped_vs_raw_pct", 100 * inboundAlone / pgRate);
                    }
                    downstream.forEach(svc -> system.restart(svc, Duration.ofMinutes(3)));
                    quiet(lag);
                }

                if (only.contains("replicas")) {
                    // scale out: a second instance of the ledger and of escalation, each group's partitions shared out
                    for (String name : List.of("invoice-service", "escalation-service")) {
                        system.addReplica(DunningSystem.service(name), Duration.ofMinutes(3));
                        long until = System.nanoTime() + Duration.ofMinutes(2).toNanos();
                        while (lag.members(name) < 2 && System.nanoTime() < until) {
                            Thread.sleep(200);
                        }
                    }
                    inbound(kafka, jdbc, "warmup-2", 1000);
                    quiet(lag);
                    long start2 = System.nanoTime();
                    double inbound2 = inbound(kafka, jdbc, "inbound-2", n);
                    quiet(lag);
                    double pipeline2 = n / ((System.nanoTime() - start2) / 1e9);
                    System.out.printf("2 replicas of invoice- and escalation-service: inbound %.0f /s (1: %.0f), every consumer "
                            + "caught up %.0f /s (1: %.0f)%n", inbound2, inboundRate, pipeline2, pipelineRate);
                    figures.put("inbound_2_replicas_facts_per_s", inbound2);
                    figures.put("inbound_pipeline_2_replicas_facts_per_s", pipeline2);
                }
                figures.forEach((k, v) -> System.out.printf("BENCH %s %.1f %s%n", k, v,
                        k.endsWith("_pct") ? "%" : k.endsWith("_ms") ? "ms" : "/s"));
            } finally {
                vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            }
        }
    }

    /** Waits until every consumer group has taken everything published, so one figure's work does not spill into the next. */
    static Map<String, Long> quiet(Lag lag) throws InterruptedException {
        return quiet(lag, DunningSystem.SERVICES.stream().map(DunningSystem.Service::name).toList());
    }

    /**
     * Waits until the consumer groups of these services have caught up with every topic.
     *
     * @return when each group last had records to read ({@link System#nanoTime()}), the last one first
     */
    static Map<String, Long> quiet(Lag lag, List<String> groups) throws InterruptedException {
        Map<String, Long> behindUntil = new LinkedHashMap<>();
        long deadline = System.nanoTime() + Duration.ofMinutes(15).toNanos();
        while (true) {
            Map<String, Long> behind = new LinkedHashMap<>();
            for (String g : groups) {
                long l = lag.of(g);
                if (l != 0) {
                    behind.put(g, l);
                    behindUntil.put(g, System.nanoTime());
                }
            }
            if (behind.isEmpty()) {
                break;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the consumers did not catch up within 15 minutes: " + behind);
            }
            Thread.sleep(100);
        }
        Map<String, Long> lastFirst = new LinkedHashMap<>();
        behindUntil.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .forEach(e -> lastFirst.put(e.getKey(), e.getValue()));
        return lastFirst;
    }

    /** A REST run: the rate and the latencies. */
    record Rest(double rate, double p50, double p99) {
    }

    /**
     * One customer, then {@code n} invoices over REST with {@code concurrency} requests in flight, each on a
     * connection of its own (HTTP/1.1, kept alive). The load is sent with Vert.x's HTTP client, on this JVM's
     * event loops: on two cores the load generator shares the machine with what it measures, and the JDK's client
     * spent 0.7 ms of CPU per request, as much as the service's own share of a request written in a batch.
     */
    static Rest rest(HttpClient http, io.vertx.core.http.HttpClient load, String api, String run, int n,
                     int concurrency) throws Exception {
        String tenant = "bench-" + run + "-" + UUID.randomUUID();
        String token = "Bearer " + DevTokens.token(tenant);
        HttpResponse<String> customer = http.send(post(api + "/customers", token,
                "{\"name\":\"Bench GmbH\",\"language\":\"de\",\"contacts\":[]}"), HttpResponse.BodyHandlers.ofString());
        String customerId = customer.body().replaceAll(".*\"id\":\"([^\"]+)\".*", "$1");
        URI uri = URI.create(api);
        io.vertx.core.http.RequestOptions options = new io.vertx.core.http.RequestOptions()
                .setMethod(io.vertx.core.http.HttpMethod.POST).setHost(uri.getHost()).setPort(uri.getPort())
                .setURI("/invoices").setTimeout(60_000).putHeader("Authorization", token)
                .putHeader("Content-Type", "application/json");
        Semaphore inFlight = new Semaphore(concurrency);
        java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(n);
        java.util.concurrent.atomic.AtomicInteger failed = new java.util.concurrent.atomic.AtomicInteger();
        ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            inFlight.acquire();
            io.vertx.core.buffer.Buffer body = io.vertx.core.buffer.Buffer.buffer("{\"customerId\":\"" + customerId
                    + "\",\"number\":\"R-" + i + "\",\"issueDate\":\"2026-11-01\",\"dueDate\":\"2026-11-15\","
                    + "\"currency\":\"EUR\",\"amount\":\"100.00\"}");
            long sent = System.nanoTime();
            load.request(options).compose(request -> request.send(body))
                    .compose(response -> response.body().map(ignored -> response.statusCode()))
                    .onComplete(answer -> {
                        latencies.add(System.nanoTime() - sent);
                        if (answer.failed() || answer.result() != 201) {
                            failed.incrementAndGet();
                        }
                        inFlight.release();
                        done.countDown();
                    });
        }
        done.await();
        double seconds = (System.nanoTime() - start) / 1e9;
        if (failed.get() > 0) {
            System.out.printf("  (%s: %d of %d requests failed)%n", run, failed.get(), n);
        }
        List<Long> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        return new Rest(n / seconds, sorted.get(sorted.size() / 2) / 1e6, sorted.get((int) (sorted.size() * 0.99)) / 1e6);
    }

    /** Publishes customers and {@code n} invoice facts (ten a customer) and times until the ledger holds them all. */
    static double inbound(String kafka, String jdbc, String run, int n) throws Exception {
        String tenant = "bench-" + run + "-" + UUID.randomUUID();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka, ProducerConfig.LINGER_MS_CONFIG, 5),
                new StringSerializer(), new StringSerializer());
             Connection c = DriverManager.getConnection(jdbc, PostgresServer.USER, PostgresServer.PASSWORD);
             PreparedStatement count = c.prepareStatement("SELECT count(*) FROM invoices WHERE tenant_id = ?")) {
            long start = System.nanoTime();
            for (int i = 0; i < n; i++) {
                String customer = "C" + (i / 10);
                if (i % 10 == 0) {
                    producer.send(new ProducerRecord<>(Topics.INVOICE_INBOUND, tenant + "/" + customer,
                            "{\"kind\":\"CustomerUpserted\",\"tenantId\":\"" + tenant + "\",\"sourceSystem\":\"bench\","
                                    + "\"externalId\":\"" + customer + "\",\"sourceVersion\":1,\"name\":\"Bench " + customer
                                    + "\",\"language\":\"de\"}"));
                }
                producer.send(new ProducerRecord<>(Topics.INVOICE_INBOUND, tenant + "/" + customer,
                        invoiceFact(tenant, customer, i)));
            }
            producer.flush();
            count.setString(1, tenant);
            long deadline = System.nanoTime() + Duration.ofMinutes(30).toNanos();
            while (System.nanoTime() < deadline) {
                long held;
                try (ResultSet rs = count.executeQuery()) {
                    rs.next();
                    held = rs.getLong(1);
                }
                if (held >= n) {
                    return n / ((System.nanoTime() - start) / 1e9);
                }
                Thread.sleep(Machine.nextLook(held, n, System.nanoTime() - start));
            }
        }
        throw new IllegalStateException("the ledger did not apply " + n + " facts within 30 minutes");
    }

    static String invoiceFact(String tenant, String customer, int i) {
        return "{\"kind\":\"InvoiceUpserted\",\"tenantId\":\"" + tenant + "\",\"sourceSystem\":\"bench\",\"externalId\":\"I-"
                + i + "\",\"sourceVersion\":1,\"customerExternalId\":\"" + customer + "\",\"number\":\"R-" + i
                + "\",\"issueDate\":\"2026-11-01\",\"dueDate\":\"2026-11-15\",\"currency\":\"EUR\",\"amount\":100.00}";
    }

    /**
     * {@link #relay} with its rate printed after {@code label}, then the CPU each part used and the bench's looks at the
     * outbox.
     */
    static double relayPrinted(DunningSystem system, String jdbc, int n, String label) throws Exception {
        Map<String, Duration> cpuBefore = Machine.cpu(system);
        double rate = relay(jdbc, n);
        System.out.printf("%s: %8.0f /s%n", label, rate);
        System.out.println("        " + Machine.used(cpuBefore, Machine.cpu(system)));
        System.out.println("        " + Outbox.looks());
        return rate;
    }

    /**
     * A backlog of {@code n} events in invoice-service's event store, committed at once (a customer and nine invoices
     * of it, at a time, valid for every consumer downstream), then the time until the relay has published them all
     * (until the outbox holds none of their positions: the insert says the last one).
     */
    static double relay(String jdbc, int n) throws Exception {
        String tenant = "bench-relay-" + UUID.randomUUID();
        try (Connection c = DriverManager.getConnection(jdbc, PostgresServer.USER, PostgresServer.PASSWORD);
             PreparedStatement backlog = c.prepareStatement("WITH c AS MATERIALIZED (SELECT i, gen_random_uuid() AS id "
                     + "FROM generate_series(0, ? - 1) i), v AS MATERIALIZED (SELECT c.i, k, c.id AS cid, "
                     + "gen_random_uuid() AS iid FROM c, generate_series(1, 9) k), e AS (SELECT c.i, 0 AS k, "
                     + "'customer-' || c.id AS stream, 'CustomerRegistered' AS type, jsonb_build_object('customerId', "
                     + "c.id, 'name', 'Relay ' || c.i, 'language', 'de', 'contacts', '[]'::jsonb, 'internalUsers', "
                     + "'[]'::jsonb) AS data, c.id AS cid FROM c UNION ALL SELECT v.i, v.k, 'invoice-' || v.iid, "
                     + "'InvoiceIssued', jsonb_build_object('invoiceId', v.iid, 'customerId', v.cid, 'number', 'R-' || "
                     + "v.i || '-' || v.k, 'issueDate', '2026-11-01', 'dueDate', '2026-11-15', 'currency', 'EUR', "
                     + "'amount', 100.00), v.cid FROM v), i AS (INSERT INTO events (event_id, tenant_id, stream_id, "
                     + "version, type, schema_version, data, partition_key, occurred_at) SELECT gen_random_uuid(), ?, "
                     + "e.stream, 1, e.type, 1, e.data, ? || '/' || e.cid, now() FROM e ORDER BY e.i, e.k RETURNING "
                     + "position) SELECT count(*), min(position), max(position) FROM i")) {
            backlog.setInt(1, n / 10);
            backlog.setString(2, tenant);
            backlog.setString(3, tenant);
            long events;
            long first;
            long last;
            try (ResultSet rs = backlog.executeQuery()) {
                rs.next();
                events = rs.getLong(1);
                first = rs.getLong(2);
                last = rs.getLong(3);
            }
            long start = System.nanoTime();
            long deadline = start + Duration.ofMinutes(30).toNanos();
            while (System.nanoTime() < deadline) {
                long head = Outbox.head(c);
                if (head > last) {
                    return events / ((System.nanoTime() - start) / 1e9);
                }
                // a look every 20 ms took 450-530 looks a backlog; now a quarter of the time the rest would take
                Thread.sleep(Machine.nextLook(head - first, last - first + 1, System.nanoTime() - start));
            }
        }
        throw new IllegalStateException("the relay did not publish a backlog of " + n + " within 30 minutes");
    }

    /**
     * The same records with plain clients: a topic of the inbound topic's partitions made up front, the consumer
     * joined (partitions assigned) before the clock starts, then produce and consume {@code n}.
     */
    static double rawKafka(String kafka, int n) throws Exception {
        String topic = "bench.raw." + UUID.randomUUID();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka))) {
            int partitions = admin.describeTopics(List.of(Topics.INVOICE_INBOUND)).allTopicNames().get(30, TimeUnit.SECONDS)
                    .get(Topics.INVOICE_INBOUND).partitions().size();
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        String tenant = "bench-raw-tenant-0000-0000-000000000000";
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka, ProducerConfig.LINGER_MS_CONFIG, 5),
                new StringSerializer(), new StringSerializer());
             KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                     ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka, ConsumerConfig.GROUP_ID_CONFIG, topic,
                     ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            while (consumer.assignment().isEmpty()) {
                consumer.poll(Duration.ofMillis(100));
            }
            long start = System.nanoTime();
            for (int i = 0; i < n; i++) {
                producer.send(new ProducerRecord<>(topic, tenant + "/C" + (i / 10), invoiceFact(tenant, "C" + (i / 10), i)));
            }
            producer.flush();
            int seen = 0;
            while (seen < n) {
                seen += consumer.poll(Duration.ofMillis(200)).count();
            }
            return n / ((System.nanoTime() - start) / 1e9);
        }
    }

    /**
     * The rows the ledger writes for a fact — the event (the outbox), the invoice read model, the external reference
     * that makes the fact idempotent — with plain JDBC into tables of the same shape and indexes, 500 facts a
     * transaction, one batched statement per table.
     */
    static double rawPostgres(String jdbc, int n) throws Exception {
        // the driver sends a batch as multi-row inserts, as a set-based writer would
        try (Connection c = DriverManager.getConnection(jdbc + "?reWriteBatchedInserts=true", PostgresServer.USER,
                PostgresServer.PASSWORD)) {
            try (Statement s = c.createStatement()) {
                s.execute("DROP SCHEMA IF EXISTS bench_raw CASCADE");
                s.execute("CREATE SCHEMA bench_raw");
                for (String table : List.of("events", "invoices", "external_refs")) {
                    s.execute("CREATE TABLE bench_raw." + table + " (LIKE public." + table + " INCLUDING ALL)");
                }
            }
            c.setAutoCommit(false);
            String data = invoiceFact("bench-raw-tenant", "C0", 0);
            UUID customer = UUID.randomUUID();
            long start = System.nanoTime();
            try (PreparedStatement event = c.prepareStatement("INSERT INTO bench_raw.events (event_id, tenant_id, "
                    + "stream_id, version, type, schema_version, data, partition_key, occurred_at) "
                    + "VALUES (?, 'bench', ?, 1, 'InvoiceIssued', 1, ?::jsonb, ?, now())");
                 PreparedStatement invoice = c.prepareStatement("INSERT INTO bench_raw.invoices (id, tenant_id, "
                         + "customer_id, number, issue_date, due_date, currency, amount, outstanding, status, version) "
                         + "VALUES (?, 'bench', ?, ?, ?, ?, 'EUR', 100.00, 100.00, 'OPEN', 1)");
                 PreparedStatement ref = c.prepareStatement("INSERT INTO bench_raw.external_refs (tenant_id, "
                         + "source_system, entity, external_id, internal_id, last_version) VALUES ('bench', 'bench', "
                         + "'invoice', ?, ?, 1)")) {
                for (int i = 0; i < n; i++) {
                    UUID id = UUID.randomUUID();
                    event.setObject(1, UUID.randomUUID());
                    event.setString(2, "invoice-" + id);
                    event.setString(3, data);
                    event.setString(4, "bench/" + customer);
                    event.addBatch();
                    invoice.setObject(1, id);
                    invoice.setObject(2, customer);
                    invoice.setString(3, "R-" + i);
                    invoice.setObject(4, LocalDate.of(2026, 11, 1));
                    invoice.setObject(5, LocalDate.of(2026, 11, 15));
                    invoice.addBatch();
                    ref.setString(1, "I-" + i);
                    ref.setObject(2, id);
                    ref.addBatch();
                    if (i % 500 == 499 || i == n - 1) {
                        event.executeBatch();
                        invoice.executeBatch();
                        ref.executeBatch();
                        c.commit();
                    }
                }
            }
            double rate = n / ((System.nanoTime() - start) / 1e9);
            c.setAutoCommit(true);
            try (Statement s = c.createStatement()) {
                s.execute("DROP SCHEMA bench_raw CASCADE");
            }
            return rate;
        }
    }

    static HttpRequest post(String url, String token, String json) {
        return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
                .header("Authorization", token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build();
    }

    private LedgerBench() {
    }
}
