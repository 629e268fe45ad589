package org.dunning.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import org.dunning.infra.LocalStack;
import org.dunning.infra.PostgresServer;

import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * Points a {@code @QuarkusTest} at a real PostgreSQL (a database of its own, named by the {@code database} argument),
 * a real Kafka broker and a real SMTP server. Use it with
 * {@code @QuarkusTestResource(value = InfrastructureResource.class, initArgs = @ResourceArg(name = "database", value = "..."))}.
 */
public class InfrastructureResource implements QuarkusTestResourceLifecycleManager {

    private String database = "test";

    @Override
    public void init(Map<String, String> initArgs) {
        database = initArgs.getOrDefault("database", database);
    }

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>();
        String kafka = Infrastructure.env("DUNNING_TEST_KAFKA_BOOTSTRAP_SERVERS");
        String pgHost = Infrastructure.env("DUNNING_TEST_PG_HOST");
        String smtpHost = Infrastructure.env("DUNNING_TEST_SMTP_HOST");
        LocalStack local = (kafka == null || pgHost == null || smtpHost == null) ? Infrastructure.local() : null;

        if (pgHost != null) {
            String port = envOr("DUNNING_TEST_PG_PORT", "5432");
            String user = envOr("DUNNING_TEST_PG_USER", "postgres");
            String password = envOr("DUNNING_TEST_PG_PASSWORD", "postgres");
            createDatabase("jdbc:postgresql://" + pgHost + ":" + port + "/postgres", user, password, database);
            config.put("quarkus.datasource.jdbc.url", "jdbc:postgresql://" + pgHost + ":" + port + "/" + database);
            config.put("quarkus.datasource.reactive.url", "postgresql://" + pgHost + ":" + port + "/" + database);
            config.put("quarkus.datasource.username", user);
            config.put("quarkus.datasource.password", password);
        } else {
            local.postgres().createDatabase(database);
            config.put("quarkus.datasource.jdbc.url", local.postgres().jdbcUrl(database));
            config.put("quarkus.datasource.reactive.url", local.postgres().reactiveUrl(database));
            config.put("quarkus.datasource.username", PostgresServer.USER);
            config.put("quarkus.datasource.password", PostgresServer.PASSWORD);
        }
        config.put("kafka.bootstrap.servers", kafka != null ? kafka : local.kafka().bootstrapServers());
        config.put("quarkus.mailer.host", smtpHost != null ? smtpHost : "127.0.0.1");
        config.put("quarkus.mailer.port", smtpHost != null ? envOr("DUNNING_TEST_SMTP_PORT", "25")
                : String.valueOf(local.smtp().smtpPort()));
        config.put("dunning.test.imap-port", smtpHost != null ? envOr("DUNNING_TEST_IMAP_PORT", "143")
                : String.valueOf(local.smtp().imapPort()));
        return config;
    }

    private static String envOr(String name, String fallback) {
        String v = Infrastructure.env(name);
        return v == null ? fallback : v;
    }

    private static void createDatabase(String url, String user, String password, String database) {
        try (var c = DriverManager.getConnection(url, user, password); var s = c.createStatement()) {
            try (var rs = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + database + "'")) {
                if (rs.next()) {
                    return;
                }
            }
            s.execute("CREATE DATABASE " + database);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + database, e);
        }
    }

    @Override
    public void stop() {
        // The servers are shared by every test class of this JVM and stop with it.
    }
}
