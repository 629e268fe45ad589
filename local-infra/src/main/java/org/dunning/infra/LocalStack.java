package org.dunning.infra;

import java.nio.file.Path;
import java.util.Collection;
import java.util.List;

/** PostgreSQL (one database each), a Kafka broker with its topics, and an SMTP server, started together. */
public final class LocalStack implements AutoCloseable {

    /**
     * Where the data lives and which ports to use (0 = a free port). {@code persistent} keeps PostgreSQL's data in
     * {@code dataDir/postgres} across restarts; otherwise PostgreSQL uses a throw-away folder. {@code autoCreateTopics}:
     * whether the broker makes a topic on its first use; the whole system runs without (every topic it uses is made
     * at start, so a mistyped one is an error), a service's tests with (they may publish to topics of their own).
     */
    public record Options(Path dataDir, boolean persistent, int postgresPort, int kafkaPort, int smtpPort, int imapPort,
                          boolean autoCreateTopics) {
        public static Options ephemeral(Path dir) {
            return new Options(dir, false, 0, 0, 0, 0, true);
        }
    }

    private final PostgresServer postgres;
    private final KafkaBroker kafka;
    private final SmtpServer smtp;

    private LocalStack(PostgresServer postgres, KafkaBroker kafka, SmtpServer smtp) {
        this.postgres = postgres;
        this.kafka = kafka;
        this.smtp = smtp;
    }

    public static LocalStack start(Options options, Collection<String> databases, Collection<String> topics) {
        PostgresServer pg = PostgresServer.start(options.postgresPort(),
                options.persistent() ? options.dataDir().resolve("postgres") : null);
        KafkaBroker kafka = null;
        try {
            databases.forEach(pg::createDatabase);
            kafka = KafkaBroker.start(options.kafkaPort(), options.dataDir().resolve("kafka"), options.autoCreateTopics());
            // enough partitions for consumers to spread over replicas; a key (tenant/customer) stays on one
            kafka.createTopics(topics, KafkaBroker.PARTITIONS);
            SmtpServer smtp = SmtpServer.start(options.smtpPort(), options.imapPort());
            return new LocalStack(pg, kafka, smtp);
        } catch (RuntimeException e) {
            if (kafka != null) {
                kafka.close();
            }
            pg.close();
            throw e;
        }
    }

    public PostgresServer postgres() {
        return postgres;
    }

    public KafkaBroker kafka() {
        return kafka;
    }

    public SmtpServer smtp() {
        return smtp;
    }

    /** Stops everything, the reverse of the start order. */
    @Override
    public void close() {
        for (AutoCloseable c : List.<AutoCloseable>of(smtp, kafka, postgres)) {
            try {
                c.close();
            } catch (Exception e) {
                System.err.println("stopping " + c.getClass().getSimpleName() + ": " + e);
            }
        }
    }
}
