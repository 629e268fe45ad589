package org.dunning.bench;

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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;

/**
 * Invoice facts applied per second by invoice-service, through REST and through the inbound topic, beside the raw
 * limit of the same machine in the same run: plain Kafka produce + consume of records of the same size, and plain
 * PostgreSQL inserts of rows of the same size. Prints figures; asserts nothing.
 * <p>
 * Run: {@code ./mvnw -q install -DskipTests && ./mvnw -q -pl bench exec:java} (-Dbench.invoices=N to change the size).
 */
public final class LedgerBench {

    public static void main(String[] args) throws Exception {
        int n = Integer.getInteger("bench.invoices", 2000);
        int concurrency = Integer.getInteger("bench.concurrency", 8);
        Path home = Path.of(System.getProperty("dunning.home", ".")).toAbsolutePath().normalize();
        java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.WARNING);
        System.out.printf("Starting the system (%s) ...%n", home);
        try (DunningSystem system = DunningSystem.start(new DunningSystem.Options(home,
                Files.createTempDirectory("dunning-bench-"), false, false, "prod,demo"))) {
            String api = system.url("invoice-service");
            String kafka = system.infrastructure().kafka().bootstrapServers();
            String jdbc = system.infrastructure().postgres().jdbcUrl("invoice");
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

            // Warm-up, so the JIT and pools do not count.
            rest(http, api, "warmup", 200, concurrency);

            double restRate = rest(http, api, "rest", n, concurrency);
            double inboundRate = inbound(kafka, jdbc, "inbound", n);
            double kafkaRate = rawKafka(kafka, n);
            double pgRate = rawPostgres(jdbc, n);

            System.out.printf("%n== invoice facts applied per second (%d invoices, %d cores) ==%n", n,
                    Runtime.getRuntime().availableProcessors());
            System.out.printf("REST    POST /invoices (%d concurrent clients) : %8.0f /s%n", concurrency, restRate);
            System.out.printf("Kafka   dunning.invoice.inbound (produce→applied): %8.0f /s%n", inboundRate);
            System.out.printf("raw     Kafka produce + consume, same size       : %8.0f /s  (inbound at %.1f%%)%n",
                    kafkaRate, 100 * inboundRate / kafkaRate);
            System.out.printf("raw     PostgreSQL single-row insert commits     : %8.0f /s  (REST at %.1f%%)%n",
                    pgRate, 100 * restRate / pgRate);
        }
    }

    /** Creates one customer, then {@code n} invoices over REST with {@code concurrency} requests in flight. */
    static double rest(HttpClient http, String api, String run, int n, int concurrency) throws Exception {
        String tenant = "bench-" + run + "-" + UUID.randomUUID();
        String token = "Bearer " + DevTokens.token(tenant);
        HttpResponse<String> customer = http.send(post(api + "/customers", token,
                "{\"name\":\"Bench GmbH\",\"language\":\"de\",\"contacts\":[]}"), HttpResponse.BodyHandlers.ofString());
        String customerId = customer.body().replaceAll(".*\"id\":\"([^\"]+)\".*", "$1");
        Semaphore inFlight = new Semaphore(concurrency);
        List<CompletableFuture<HttpResponse<String>>> all = new ArrayList<>();
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            inFlight.acquire();
            String body = "{\"customerId\":\"" + customerId + "\",\"number\":\"R-" + i + "\",\"issueDate\":\"2026-11-01\","
                    + "\"dueDate\":\"2026-11-15\",\"currency\":\"EUR\",\"amount\":\"100.00\"}";
            all.add(http.sendAsync(post(api + "/invoices", token, body), HttpResponse.BodyHandlers.ofString())
                    .whenComplete((r, e) -> inFlight.release()));
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
        double seconds = (System.nanoTime() - start) / 1e9;
        long failed = all.stream().map(CompletableFuture::join).filter(r -> r.statusCode() != 201).count();
        if (failed > 0) {
            System.out.printf("  (%s: %d of %d requests failed)%n", run, failed, n);
        }
        return n / seconds;
    }

    /** Publishes a customer and {@code n} invoice facts, and times until the ledger holds them all. */
    static double inbound(String kafka, String jdbc, String run, int n) throws Exception {
        String tenant = "bench-" + run + "-" + UUID.randomUUID();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka, ProducerConfig.LINGER_MS_CONFIG, 5),
                new StringSerializer(), new StringSerializer())) {
            long start = System.nanoTime();
            producer.send(new ProducerRecord<>(Topics.INVOICE_INBOUND, tenant + "/C", "{\"kind\":\"CustomerUpserted\","
                    + "\"tenantId\":\"" + tenant + "\",\"sourceSystem\":\"bench\",\"externalId\":\"C\",\"sourceVersion\":1,"
                    + "\"name\":\"Bench GmbH\",\"language\":\"de\"}"));
            for (int i = 0; i < n; i++) {
                producer.send(new ProducerRecord<>(Topics.INVOICE_INBOUND, tenant + "/C", invoiceFact(tenant, i)));
            }
            producer.flush();
            try (Connection c = DriverManager.getConnection(jdbc, PostgresServer.USER, PostgresServer.PASSWORD);
                 PreparedStatement count = c.prepareStatement("SELECT count(*) FROM invoices WHERE tenant_id = ?")) {
                count.setString(1, tenant);
                long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
                while (System.nanoTime() < deadline) {
                    try (ResultSet rs = count.executeQuery()) {
                        rs.next();
                        if (rs.getLong(1) >= n) {
                            return n / ((System.nanoTime() - start) / 1e9);
                        }
                    }
                    Thread.sleep(50);
                }
            }
        }
        throw new IllegalStateException("the ledger did not apply " + n + " facts within 10 minutes");
    }

    static String invoiceFact(String tenant, int i) {
        return "{\"kind\":\"InvoiceUpserted\",\"tenantId\":\"" + tenant + "\",\"sourceSystem\":\"bench\",\"externalId\":\"I-"
                + i + "\",\"sourceVersion\":1,\"customerExternalId\":\"C\",\"number\":\"R-" + i + "\",\"issueDate\":"
                + "\"2026-11-01\",\"dueDate\":\"2026-11-15\",\"currency\":\"EUR\",\"amount\":100.00}";
    }

    /** Plain produce of {@code n} records of the same size and consume them back. */
    static double rawKafka(String kafka, int n) throws Exception {
        String topic = "bench.raw." + UUID.randomUUID();
        String value = invoiceFact("bench-raw-tenant-0000-0000-000000000000", 0);
        long start = System.nanoTime();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka, ProducerConfig.LINGER_MS_CONFIG, 5),
                new StringSerializer(), new StringSerializer());
             KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                     ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka, ConsumerConfig.GROUP_ID_CONFIG, topic,
                     ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer())) {
            for (int i = 0; i < n; i++) {
                producer.send(new ProducerRecord<>(topic, "k", value));
            }
            producer.flush();
            consumer.subscribe(List.of(topic));
            int seen = 0;
            while (seen < n) {
                seen += consumer.poll(Duration.ofMillis(200)).count();
            }
        }
        return n / ((System.nanoTime() - start) / 1e9);
    }

    /** Plain single-row inserts of the same size, each its own commit (as each applied fact is). */
    static double rawPostgres(String jdbc, int n) throws Exception {
        try (Connection c = DriverManager.getConnection(jdbc, PostgresServer.USER, PostgresServer.PASSWORD)) {
            c.createStatement().execute("CREATE TEMP TABLE bench_raw (id uuid, tenant text, number text, data jsonb)");
            String data = invoiceFact("bench-raw-tenant", 0);
            long start = System.nanoTime();
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO bench_raw VALUES (?, ?, ?, ?::jsonb)")) {
                for (int i = 0; i < n; i++) {
                    insert.setObject(1, UUID.randomUUID());
                    insert.setString(2, "bench");
                    insert.setString(3, "R-" + i);
                    insert.setString(4, data);
                    insert.executeUpdate();
                }
            }
            return n / ((System.nanoTime() - start) / 1e9);
        }
    }

    static HttpRequest post(String url, String token, String json) {
        return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Authorization", token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build();
    }

    private LedgerBench() {
    }
}
