package org.dunning.bench;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.dunning.contract.Topics;
import org.dunning.infra.DevTokens;
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
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The morning batch (issue #14), the whole system end to end: {@code bench.invoices} invoices (default 100,000) of
 * {@code bench.customers} customers (default 10,000) imported through the inbound topic, each customer in a segment
 * whose default plan has one automatic e-mail step, all due at one send slot (Monday 1 March 2027, 09:00 Paris). The
 * clocks move to the slot; the bench prints the time from the slot until every {@code ReminderStepDue} is published
 * and until every e-mail has been accepted by the SMTP server, and the peak RSS of each service. The services run
 * with {@code bench.jvm} (default {@link #JVM}: a heap of at most 96 MB, the serial collector (what the JVM itself
 * picks in a pod of one CPU), the C1 compiler only (on two cores shared by five services, PostgreSQL and Kafka,
 * C2's compilations took as much CPU as the work in a run of minutes) and the JDK's per-thread cache of direct buffers
 * for socket I/O bounded as in the Dockerfile) and {@link #ENVIRONMENT}. Prints figures (the last lines
 * {@code BENCH name value unit}); asserts nothing, but stops with an error when an e-mail is missing or was accepted
 * twice.
 * <p>
 * Run: {@code ./mvnw -q install -DskipTests && ./mvnw -q -pl bench exec:java -Dbench.main=org.dunning.bench.MorningBatchBench}
 * ({@code -Dbench.invoices=N -Dbench.customers=N} for a smaller morning; {@code -Dbench.stop=a-service,...} to
 * stop services after the start and see what they cost the others; {@code -Dbench.recipients=N} the number of
 * distinct contact addresses, 1,000 by default as in the mail bench).
 */
public final class MorningBatchBench {

    /** The slot: Monday 1 March 2027, 09:00 in Paris (the tenant's default send slot). */
    static final Instant SLOT = Instant.parse("2027-03-01T08:00:00Z");
    /**
     * The services' JVM flags: a small heap, the serial collector, the quick compiler. A heap of 96 MB: escalation-service
     * keeps at most 40 MB live in a 100,000 morning since its engine decides at most 2,000 steps a batch and its relay
     * hands records to the producer directly; with 128 MB the collector let its heap grow to 117 MB all the same
     * (batches promoted before they end, then collected whole) and its peak RSS was 315 MB, with 96 MB 289 MB, at 66
     * full collections (12 s of pauses) and every e-mail accepted 173 s after the slot instead of 160. Before those
     * two changes, 96 MB meant 230 full collections (77 s of pauses) and 326 MB.
     */
    static final String JVM = "-Xms64m -Xmx96m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 "
            + "-Djdk.nio.maxCachedBufferSize=262144";
    /**
     * As in the Dockerfile: glibc keeps a malloc arena per thread that allocates (up to 8 per core), each with memory
     * of its own; two are plenty for a JVM whose heap is its own (the setting the JVM images of the cloud vendors ship
     * with). Blocks of 128 KB or more are mapped and given back when freed (glibc otherwise raises that threshold to
     * the largest block freed and keeps later ones in its arenas).
     */
    static final Map<String, String> ENVIRONMENT = Map.of("MALLOC_ARENA_MAX", "2", "MALLOC_MMAP_THRESHOLD_",
            "131072");
    /** The warm-up's slot: the Friday before, 09:00 in Paris. */
    static final Instant WARMUP_SLOT = Instant.parse("2027-02-26T08:00:00Z");

    public static void main(String[] args) throws Exception {
        int invoices = Integer.getInteger("bench.invoices", 100_000);
        int customers = Integer.getInteger("bench.customers", 10_000);
        // the customers' contacts repeat over this many addresses: the bench's SMTP server (GreenMail) looks a mailbox
        // up by scanning all of them, so with one address per customer its CPU grows with the count (an SMTP relay
        // in production keeps no mailboxes)
        int recipients = Integer.getInteger("bench.recipients", 1000);
        List<String> jvm = Machine.jvmFlags(List.of(JVM.split(" ")));
        Path home = Path.of(System.getProperty("dunning.home", ".")).toAbsolutePath().normalize();
        java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.WARNING);
        System.out.printf("Starting the system (%s, services with %s) ...%n", home, String.join(" ", jvm));
        Map<String, Double> figures = new LinkedHashMap<>();
        try (DunningSystem system = DunningSystem.start(new DunningSystem.Options(home,
                Files.createTempDirectory("dunning-morning-bench-"), false, false, "prod,demo", 0, ENVIRONMENT, jvm))) {
            String kafka = system.infrastructure().kafka().bootstrapServers();
            // -Dbench.stop=insights-service,...: services stopped after the start, to see what they cost the others
            List<DunningSystem.Service> stopped = Arrays.stream(System.getProperty("bench.stop", "").split(","))
                    .map(String::trim).filter(n -> !n.isEmpty()).map(DunningSystem::service).toList();
            stopped.forEach(system::kill);
            List<DunningSystem.Service> running = DunningSystem.SERVICES.stream().filter(s -> !stopped.contains(s))
                    .toList();
            String tenant = "morning-" + UUID.randomUUID();
            String token = "Bearer " + DevTokens.token(tenant);
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(5)).build();
            List<String> all = running.stream().map(system::url).toList();
            // a smaller morning first, the Friday before, on a tenant of its own: the services run warm, as in
            // production, before the slot that is measured
            String warmup = "warmup-" + UUID.randomUUID();
            int warm = Math.min(invoices, Integer.getInteger("bench.warmup", 2000));
            EngineBench.setClock(http, all, token, WARMUP_SLOT.minus(Duration.ofHours(1)));
            setUp(http, system.url("plan-service"), warmup);
            setUp(http, system.url("plan-service"), tenant);

            try (Connection invoiceDb = db(system, "invoice");
                 Connection escalationDb = db(system, "escalation");
                 Connection notificationDb = db(system, "notification")) {
                produce(kafka, warmup, warm, Math.max(1, warm / 10), recipients, "2027-02-23");
                scheduled(invoiceDb, escalationDb, warmup, warm, System.nanoTime());
                EngineBench.setClock(http, all, token, WARMUP_SLOT);
                long warming = System.nanoTime();
                while (sent(notificationDb, warmup) < warm) {
                    deadline(warming, "the warm-up's e-mails");
                    Thread.sleep(500);
                }
                System.out.printf("warm-up: %,d e-mails of another tenant sent in %.1f s%n", warm,
                        EngineBench.seconds(warming));
                EngineBench.setClock(http, all, token, SLOT.minus(Duration.ofHours(1)));

                long importStart = System.nanoTime();
                produce(kafka, tenant, invoices, customers, recipients, "2027-02-26");
                double imported = scheduled(invoiceDb, escalationDb, tenant, invoices, importStart);
                LedgerBench.quiet(new Lag(kafka), running.stream().map(DunningSystem.Service::name).toList());
                double scheduled = EngineBench.seconds(importStart);
                System.out.printf("%n== the morning batch (%,d invoices of %,d customers, %d cores) ==%n", invoices,
                        customers, Runtime.getRuntime().availableProcessors());
                System.out.printf("imported through the inbound topic in %.1f s (%,.0f invoices/s); every step "
                        + "scheduled and every consumer caught up after %.1f s%n", imported, invoices / imported,
                        scheduled);
                figures.put("morning_import_invoices_per_s", invoices / imported);

                // the slot: every clock moves to 09:00 at once, and the bench's clock starts
                Machine.resetStatements(invoiceDb);
                var cpuBefore = Machine.cpu(system);
                EngineBench.setClock(http, all, token, SLOT);
                long slot = System.nanoTime();
                double published = Double.NaN;
                double accepted = Double.NaN;
                String escalation = system.url("escalation-service");
                double firedBefore = EngineBench.counter(http, escalation);
                // the SMTP server runs in this process: its deliveries are counted as they happen (notification's
                // meters, scraped every 500 ms, had cost it 7 % of its CPU in a 20,000 morning: 244 KB of text each)
                long deliveredBefore = system.infrastructure().smtp().delivered();
                long lastStep = -1;
                while (Double.isNaN(published) || Double.isNaN(accepted)) {
                    // the published steps through the engine's meter and the outbox's queue; the e-mails through
                    // the SMTP server's deliveries (one recipient each), and only once it has them all, the tenant's
                    // rows SENT are counted (a count over the tenant's rows every 2 s took 2.3 of PostgreSQL's 21
                    // CPU seconds in a 20,000 morning, and grows with the morning)
                    Thread.sleep(500);
                    deadline(slot, "the morning batch");
                    if (Double.isNaN(published) && lastStep < 0
                            && EngineBench.counter(http, escalation) - firedBefore >= invoices) {
                        // every step fired and committed: the outbox is watched up to the last one's position
                        lastStep = Outbox.last(escalationDb);
                    }
                    if (Double.isNaN(published) && lastStep >= 0 && !Outbox.queued(escalationDb, lastStep)) {
                        published = EngineBench.seconds(slot);
                        System.out.printf("every ReminderStepDue published %.1f s after the slot%n", published);
                    }
                    if (Double.isNaN(accepted) && system.infrastructure().smtp().delivered() - deliveredBefore >= invoices
                            && sent(notificationDb, tenant) >= invoices) {
                        accepted = EngineBench.seconds(slot);
                        System.out.printf("every e-mail accepted by the SMTP server %.1f s after the slot%n", accepted);
                    }
                }
                System.out.println(Machine.used(cpuBefore, Machine.cpu(system)));
                System.out.println(Machine.statements(invoiceDb, 25));
                // the tenant's customers are the only ones at morning.example
                List<String> ids = system.infrastructure().smtp().received().stream()
                        .filter(m -> recipients(m).endsWith("@morning.example"))
                        .map(MorningBatchBench::messageId).toList();
                long received = ids.size();
                long distinct = ids.stream().distinct().count();
                System.out.printf("the SMTP server holds %,d of the tenant's e-mails (%,d distinct Message-IDs)%n",
                        received, distinct);
                if (distinct != invoices || received != distinct) {
                    throw new IllegalStateException(received + " e-mails received, " + distinct + " distinct, "
                            + invoices + " expected");
                }
                figures.put("morning_published_after_slot_s", published);
                figures.put("morning_accepted_after_slot_s", accepted);
                figures.put("morning_reminders_per_s", invoices / published);
                figures.put("morning_emails_per_s", invoices / accepted);
                for (DunningSystem.Service s : running) {
                    double mb = system.peakRss(s) / 1024.0 / 1024.0;
                    System.out.printf("peak RSS %-22s %6.0f MB%n", s.name(), mb);
                    figures.put("morning_peak_rss_" + s.name().replace("-service", "") + "_mb", mb);
                }
            }
        }
        figures.forEach((k, v) -> System.out.printf("BENCH %s %.1f %s%n", k, v,
                k.endsWith("_s") && !k.endsWith("_per_s") ? "s" : k.endsWith("_mb") ? "MB" : "/s"));
    }

    /** The tenant's templates (the starter kit) and its segment's default plan: one automatic e-mail step. */
    static void setUp(HttpClient http, String plans, String tenant) throws Exception {
        String token = "Bearer " + DevTokens.token(tenant);
        call(http, "POST", plans + "/starter-kit", token, null);
        String plan = call(http, "POST", plans + "/plans", token, "{\"name\":\"Morning\",\"planType\":"
                + "\"ESCALATION_PER_INVOICE\",\"steps\":[{\"name\":\"Friendly reminder\",\"action\":\"AUTO_EMAIL\","
                + "\"templateKey\":\"friendly-reminder\",\"trigger\":{\"reference\":\"DUE_DATE\",\"direction\":"
                + "\"AFTER\",\"days\":3}}]}").replaceAll("(?s).*?\"id\":\"([^\"]+)\".*", "$1");
        call(http, "PUT", plans + "/segments/morning/plans/ESCALATION", token, "{\"planId\":\"" + plan + "\"}");
    }

    /**
     * Waits until the ledger holds the tenant's invoices and escalation-service has scheduled each one's step;
     * returns the seconds from {@code start} until the ledger held them all.
     */
    static double scheduled(Connection invoiceDb, Connection escalationDb, String tenant, int invoices, long start)
            throws Exception {
        while (count(invoiceDb, "SELECT count(*) FROM invoices WHERE tenant_id = '" + tenant + "'") < invoices) {
            deadline(start, "the ledger to take the invoices");
            Thread.sleep(500);
        }
        double imported = EngineBench.seconds(start);
        while (count(escalationDb, "SELECT count(*) FROM schedule WHERE tenant_id = '" + tenant
                + "' AND status = 'PENDING'") < invoices) {
            deadline(start, "escalation-service to schedule the steps");
            Thread.sleep(500);
        }
        return imported;
    }

    static long sent(Connection notificationDb, String tenant) throws Exception {
        return count(notificationDb, "SELECT count(*) FROM emails WHERE tenant_id = '" + tenant + "' AND status = "
                + "'SENT'");
    }

    /** The customers, then their invoices (due on {@code due}), as another system publishes them on the inbound topic. */
    static void produce(String kafka, String tenant, int invoices, int customers, int recipients, String due) {
        try (KafkaProducer<String, String> p = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafka, ProducerConfig.LINGER_MS_CONFIG, 5, ProducerConfig.BATCH_SIZE_CONFIG, 65536),
                new StringSerializer(), new StringSerializer())) {
            for (int c = 0; c < customers; c++) {
                p.send(new ProducerRecord<>(Topics.INVOICE_INBOUND, tenant + "/C" + c, "{\"kind\":\"CustomerUpserted\","
                        + "\"tenantId\":\"" + tenant + "\",\"sourceSystem\":\"erp\",\"externalId\":\"C" + c + "\","
                        + "\"sourceVersion\":1,\"name\":\"Kunde " + c + " GmbH\",\"language\":\"de\",\"segment\":"
                        + "\"morning\",\"contacts\":[{\"name\":\"Anna " + c + "\",\"email\":\"ap" + c % recipients
                        + "@" + tenant.substring(0, tenant.indexOf('-')) + ".example\",\"phone\":null,\"role\":\"accounting\"}]}"));
            }
            for (int i = 0; i < invoices; i++) {
                int c = i % customers;
                p.send(new ProducerRecord<>(Topics.INVOICE_INBOUND, tenant + "/C" + c, "{\"kind\":\"InvoiceUpserted\","
                        + "\"tenantId\":\"" + tenant + "\",\"sourceSystem\":\"erp\",\"externalId\":\"I-" + i + "\","
                        + "\"sourceVersion\":1,\"customerExternalId\":\"C" + c + "\",\"number\":\"RE-" + i + "\","
                        + "\"issueDate\":\"2027-01-27\",\"dueDate\":\"" + due + "\",\"currency\":\"EUR\",\"amount\":"
                        + (100 + i % 900) + ".50}"));
            }
            p.flush();
        }
    }

    static String recipients(jakarta.mail.internet.MimeMessage m) {
        try {
            return java.util.Arrays.toString(m.getAllRecipients()).replace("]", "");
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    static String messageId(jakarta.mail.internet.MimeMessage m) {
        try {
            return String.valueOf(m.getMessageID());
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    static String call(HttpClient http, String method, String url, String token, String body) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", token)
                .header("Content-Type", "application/json").method(method, body == null
                        ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() >= 300) {
            throw new IllegalStateException(method + " " + url + ": " + r.statusCode() + " " + r.body());
        }
        return r.body();
    }

    static Connection db(DunningSystem system, String name) throws Exception {
        return DriverManager.getConnection(system.infrastructure().postgres().jdbcUrl(name), "postgres", "postgres");
    }

    static long count(Connection db, String sql) throws Exception {
        try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static void deadline(long startNanos, String what) {
        if (EngineBench.seconds(startNanos) > 1800) {
            throw new IllegalStateException("waited 30 minutes for " + what);
        }
    }

    private MorningBatchBench() {
    }
}
