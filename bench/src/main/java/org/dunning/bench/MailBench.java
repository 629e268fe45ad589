package org.dunning.bench;

import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.dunning.contract.Envelope;
import org.dunning.contract.EventCodec;
import org.dunning.contract.EventTypes;
import org.dunning.contract.IntegrationEvent;
import org.dunning.contract.PlanEvents;
import org.dunning.contract.ReminderEvents;
import org.dunning.contract.Topics;
import org.dunning.launcher.DunningSystem;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

/**
 * notification-service's throughput (issue #6): {@code bench.mails} automatic e-mail steps published on the reminder
 * topic, each rendered from the tenant's template, recorded, re-checked, sent to the real SMTP server and published
 * as EmailSent — e-mails per second from the first step published to the last one SENT and its EmailSent published;
 * beside it, in the same run, plain jakarta.mail senders sending the same number of messages of the same size and
 * shape (multipart/alternative: a plain-text part and the HTML one, as the service sends) to the same server over as
 * many connections as the service has conversations in flight; then the same with a single HTML part (the baseline
 * until 2026-12-08, a third to a half of the work for the SMTP server and the client). The services run with
 * production JVM flags. Prints figures (the last lines
 * {@code BENCH name value unit}); asserts nothing.
 * <p>
 * Run: {@code ./mvnw -q install -DskipTests && ./mvnw -q -pl bench exec:java -Dbench.main=org.dunning.bench.MailBench}
 * ({@code -Dbench.mails} to change the count, {@code -Dbench.recipients} the number of distinct addresses, 1,000,
 * {@code -Dbench.warmup} the most e-mails the warm-up rounds send, 30,000, {@code -Dbench.stop=a-service,...} services
 * to stop first).
 */
public final class MailBench {

    /** As many connections as notification-service has SMTP conversations in flight (quarkus.mailer.max-pool-size). */
    static final int CONNECTIONS = 20;

    public static void main(String[] args) throws Exception {
        int mails = Integer.getInteger("bench.mails", 8000);
        // the local SMTP server (GreenMail) finds a recipient's mailbox by a scan over all of them: as many addresses
        // as e-mails would make each delivery slower than the last, for the service and the plain sender alike
        int recipients = Integer.getInteger("bench.recipients", 1000);
        Path home = Path.of(System.getProperty("dunning.home", ".")).toAbsolutePath().normalize();
        java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.WARNING);
        System.out.printf("Starting the system (%s) ...%n", home);
        try (DunningSystem system = DunningSystem.start(new DunningSystem.Options(home,
                Files.createTempDirectory("dunning-mail-bench-"), false, false, "prod,demo")
                .withJvm(DunningSystem.PRODUCTION))) {
            String kafka = system.infrastructure().kafka().bootstrapServers();
            // -Dbench.stop=invoice-service,followup-service,insights-service stops the consumers of what
            // notification publishes, as EngineBench stops those of escalation's events (on 2026-12-07: 971 e-mails/s
            // with them stopped, 920 with them running, in one hour); by default everything runs
            List<String> stopped = Arrays.stream(System.getProperty("bench.stop", "").split(","))
                    .map(String::trim).filter(n -> !n.isEmpty()).toList();
            stopped.stream().map(DunningSystem::service).forEach(system::kill);
            System.out.println("stopped: " + (stopped.isEmpty() ? "none" : String.join(", ", stopped)));
            int smtpPort = system.infrastructure().smtp().smtpPort();
            String jdbc = system.infrastructure().postgres().jdbcUrl("notification");
            String tenant = "bench-" + UUID.randomUUID();
            try (KafkaProducer<String, String> p = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                    kafka, ProducerConfig.LINGER_MS_CONFIG, 5), new StringSerializer(), new StringSerializer());
                 Connection db = DriverManager.getConnection(jdbc, "postgres", "postgres")) {
                // the JIT and the pools warm up first on another tenant: a running service is warm. On two shared
                // cores the full JIT compiles for a long while: rounds of 3,000 until notification's compilers took
                // less than a tenth of its CPU in one (at most -Dbench.warmup e-mails); the rounds are no figures
                String warmup = "warmup-" + UUID.randomUUID();
                template(p, warmup, tenant);
                int warm = Integer.getInteger("bench.warmup", 30_000);
                Machine.warmUp(system, "notification-service", "e-mails", (warm + 2999) / 3000, round -> {
                    int n = Math.min(3000, warm - round * 3000);
                    deliver(system, p, db, warmup, n, recipients, round * 3000);
                    return n;
                });
                Machine.resetStatements(db);
                var cpuBefore = Machine.cpu(system);
                long start = System.nanoTime();
                long sent = deliver(system, p, db, tenant, mails, recipients, 0);
                double service = EngineBench.seconds(start);
                var cpuAfter = Machine.cpu(system);
                System.out.printf("notification-service: %,d e-mails rendered, re-checked, sent and published in %.1f s "
                        + "= %.0f e-mails/s (up to %d SMTP conversations in flight)%n", sent, service, sent / service,
                        CONNECTIONS);
                System.out.println("  " + Machine.used(cpuBefore, cpuAfter));
                System.out.print(Machine.statements(db, 15));

                Properties props = new Properties();
                props.put("mail.smtp.host", "127.0.0.1");
                props.put("mail.smtp.port", String.valueOf(smtpPort));
                Session session = Session.getInstance(props);
                // the plain senders send what the service sends (multipart/alternative: a plain-text part and the
                // HTML one); the single HTML part they sent until 2026-12-08 costs the SMTP server and the client
                // a third to a half as much, and is printed beside it
                double same = plainRuns(system, session, mails, recipients, true);
                double single = plainRuns(system, session, mails, recipients, false);
                double rate = sent / service;
                System.out.printf("BENCH mail_service_per_s %.1f /s%nBENCH mail_plain_smtp_per_s %.1f /s%n"
                                + "BENCH mail_vs_plain_pct %.1f %%%nBENCH mail_plain_single_part_per_s %.1f /s%n"
                                + "BENCH mail_vs_plain_single_part_pct %.1f %%%n", rate, same, 100 * rate / same,
                        single, 100 * rate / single);
            }
        }
    }

    /**
     * The plain senders warm up, with as many messages as they then send, and send them three times: the fastest run
     * is the figure (a run of a few seconds moves by a third between runs here). Returns messages per second.
     */
    static double plainRuns(DunningSystem system, Session session, int mails, int recipients, boolean alternative)
            throws Exception {
        plain(session, mails, recipients, alternative);
        double fastest = Double.MAX_VALUE;
        for (int run = 1; run <= 3; run++) {
            var before = Machine.cpu(system);
            long start = System.nanoTime();
            double senders = plain(session, mails, recipients, alternative);
            double took = EngineBench.seconds(start);
            fastest = Math.min(fastest, took);
            System.out.printf("plain SMTP (jakarta.mail, %d connections, %s), run %d: %,d messages in %.1f s = "
                            + "%.0f messages/s (the senders' threads %.1f CPU s)%n", CONNECTIONS,
                    alternative ? "text and HTML, as the service" : "a single HTML part", run, mails, took,
                    mails / took, senders);
            System.out.println("  " + Machine.used(before, Machine.cpu(system)));
        }
        return mails / fastest;
    }

    /**
     * {@code mails} messages sent by plain jakarta.mail senders, one connection each, {@link #CONNECTIONS} at once;
     * returns the CPU seconds the senders' own threads used (the rest of the bench's JVM in the run is the SMTP
     * server's).
     */
    static double plain(Session session, int mails, int recipients, boolean alternative) throws Exception {
        java.util.concurrent.ExecutorService senders = java.util.concurrent.Executors.newFixedThreadPool(CONNECTIONS);
        List<java.util.concurrent.Future<Long>> lanes = new java.util.ArrayList<>();
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        for (int lane = 0; lane < CONNECTIONS; lane++) {
            int first = lane;
            lanes.add(senders.submit(() -> {
                long cpu = threads.getCurrentThreadCpuTime();
                try (Transport t = session.getTransport("smtp")) {
                    t.connect();
                    for (int i = first; i < mails; i += CONNECTIONS) {
                        MimeMessage m = new MimeMessage(session);
                        m.setFrom("reminders@dunning.localhost");
                        InternetAddress to = new InternetAddress("plain" + i % recipients + "@bench.example");
                        m.setRecipient(Message.RecipientType.TO, to);
                        m.setSubject("Zahlungserinnerung B-" + i, "UTF-8");
                        String body = "<p>Guten Tag Anna " + i + ",</p><p>Rechnung B-" + i + " über 1.234,56 € "
                                + "war am 15.10.2026 fällig (38 Tage).</p>";
                        if (alternative) {
                            MimeBodyPart text = new MimeBodyPart();
                            text.setText("Guten Tag Anna " + i + ",\n\nRechnung B-" + i + " über 1.234,56 € war am "
                                    + "15.10.2026 fällig (38 Tage).\n", "UTF-8");
                            MimeBodyPart html = new MimeBodyPart();
                            html.setText(body, "UTF-8", "html");
                            m.setContent(new MimeMultipart("alternative", text, html));
                        } else {
                            m.setText(body, "UTF-8", "html");
                        }
                        t.sendMessage(m, new InternetAddress[] {to});
                    }
                }
                return threads.getCurrentThreadCpuTime() - cpu;
            }));
        }
        long cpu = 0;
        for (var lane : lanes) {
            cpu += lane.get();
        }
        senders.shutdown();
        return cpu / 1e9;
    }

    /** The tenants' template, on the plan topic. */
    static void template(KafkaProducer<String, String> p, String... tenants) throws Exception {
        String body = "<p>Guten Tag {contact.name},</p><p>Rechnung {invoice.number} über {invoice.outstanding} war "
                + "am {invoice.dueDate} fällig ({invoice.daysLate} Tage).</p><p>{tenant.signature}</p>";
        for (String tenant : tenants) {
            send(p, Topics.PLAN_EVENTS, tenant, tenant, new PlanEvents.TemplateSaved(UUID.randomUUID(), 1,
                    "bench", PlanEvents.TemplateKind.EMAIL, "Bench", List.of(new PlanEvents.TemplateVariant("de",
                    "Zahlungserinnerung {invoice.number}", body))));
        }
        p.flush();
        Thread.sleep(3000);
    }

    /**
     * {@code mails} steps of a tenant published on the reminder topic; returns when the SMTP server has accepted them
     * all, every one is SENT and its EmailSent published. The SMTP server runs in this process: its deliveries are
     * counted as they happen, and the tenant's rows only then (a count of them every 200 ms took a fifth of
     * PostgreSQL's CPU in a round).
     */
    static long deliver(DunningSystem system, KafkaProducer<String, String> p, Connection db, String tenant, int mails,
                        int recipients, int first) throws Exception {
        long deliveredBefore = system.infrastructure().smtp().delivered();
        for (int i = first; i < first + mails; i++) {
            UUID customer = UUID.randomUUID();
            UUID plan = UUID.randomUUID();
            UUID step = UUID.randomUUID();
            UUID invoice = UUID.randomUUID();
            send(p, Topics.REMINDER_STEPS, tenant, tenant + "/" + customer, ReminderEvents.ReminderStepDue
                    .perInvoice(ReminderEvents.reminderKey(tenant, plan, step, invoice), plan, 1, step, "1st",
                            PlanEvents.Action.AUTO_EMAIL, "bench", new ReminderEvents.CustomerRef(customer,
                                    "Kunde " + i, "de", List.of(ReminderEvents.Recipient.contact("Anna " + i,
                                    "kunde" + i % recipients + "@bench.example", null, null))),
                            List.of(new ReminderEvents.InvoiceRef(invoice, "B-" + i, LocalDate.of(2026, 10, 1),
                                    LocalDate.of(2026, 10, 15), "EUR", new BigDecimal("1234.56"),
                                    new BigDecimal("1234.56"), 38)), LocalDate.of(2026, 11, 22),
                            Instant.now()));
        }
        p.flush();
        while (system.infrastructure().smtp().delivered() - deliveredBefore < mails) {
            Thread.sleep(20);
        }
        long sent;
        while ((sent = count(db, tenant)) < first + mails) {
            Thread.sleep(20);
        }
        Outbox.published(db, Duration.ofMillis(20), Duration.ofMinutes(30));
        return sent - first;
    }

    static long count(Connection db, String tenant) throws Exception {
        try (PreparedStatement q = db.prepareStatement("SELECT count(*) FROM emails WHERE tenant_id = ? AND status = "
                + "'SENT'")) {
            q.setString(1, tenant);
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    static void send(KafkaProducer<String, String> p, String topic, String tenant, String key, IntegrationEvent e) {
        Envelope env = new Envelope(UUID.randomUUID(), "dunning/bench", e.type(), "bench", Instant.now(), tenant, 1,
                EventTypes.dataSchema(e.type(), EventTypes.SCHEMA_VERSION));
        var record = new ProducerRecord<String, String>(topic, key, EventCodec.encode(e));
        env.toHeaders().forEach((k, v) -> record.headers().add(k, v.getBytes(StandardCharsets.UTF_8)));
        p.send(record);
    }

    private MailBench() {
    }
}
