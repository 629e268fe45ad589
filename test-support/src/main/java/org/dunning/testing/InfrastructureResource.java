package org.dunning.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import org.dunning.infra.LocalStack;
import org.dunning.infra.PostgresServer;

import java.util.HashMap;
import java.util.Map;

/**
 * Points a {@code @QuarkusTest} at a real PostgreSQL (a database of its own, named by the {@code database} argument),
 * a real Kafka broker and a real SMTP/IMAP server. Use it with
 * {@code @QuarkusTestResource(value = InfrastructureResource.class, initArgs = @ResourceArg(name = "database", value = "..."))}.
 * <p>
 * Where the servers come from:
 * <ul>
 *   <li>by default, started from Maven artifacts ({@link LocalStack}): no Docker needed;</li>
 *   <li>{@code DUNNING_TEST_INFRA=testcontainers}: containers (needs a Docker engine);</li>
 *   <li>servers that already run, named by {@code DUNNING_TEST_PG_HOST} (+ {@code _PORT}, {@code _USER},
 *   {@code _PASSWORD}; the user must be allowed to create databases), {@code DUNNING_TEST_KAFKA_BOOTSTRAP_SERVERS},
 *   {@code DUNNING_TEST_SMTP_HOST} (+ {@code _PORT}) and {@code DUNNING_TEST_IMAP_PORT}; all three must be named.</li>
 * </ul>
 */
public class InfrastructureResource implements QuarkusTestResourceLifecycleManager {

    private String database = "test";
    private boolean smtpProxy;
    private static volatile TcpProxy proxy;

    @Override
    public void init(Map<String, String> initArgs) {
        database = initArgs.getOrDefault("database", database);
        smtpProxy = Boolean.parseBoolean(initArgs.getOrDefault("smtp-proxy", "false"));
    }

    /**
     * With the argument {@code smtp-proxy=true} the service reaches the SMTP server through this proxy, so that a
     * test can cut the line (an outage) and restore it.
     */
    public static TcpProxy smtpProxy() {
        if (proxy == null) {
            throw new IllegalStateException("start the resource with smtp-proxy=true");
        }
        return proxy;
    }

    @Override
    public Map<String, String> start() {
        Containers.Endpoints e = endpoints();
        PostgresServer.createDatabase("jdbc:postgresql://" + e.pgHost() + ":" + e.pgPort() + "/postgres", e.pgUser(), e.pgPassword(),
                database);
        Map<String, String> config = new HashMap<>();
        config.put("quarkus.datasource.jdbc.url", "jdbc:postgresql://" + e.pgHost() + ":" + e.pgPort() + "/" + database);
        config.put("quarkus.datasource.reactive.url", "postgresql://" + e.pgHost() + ":" + e.pgPort() + "/" + database);
        config.put("quarkus.datasource.username", e.pgUser());
        config.put("quarkus.datasource.password", e.pgPassword());
        config.put("kafka.bootstrap.servers", e.kafkaBootstrap());
        config.put("quarkus.mailer.host", e.smtpHost());
        config.put("quarkus.mailer.port", String.valueOf(e.smtpPort()));
        if (smtpProxy) {
            if (proxy == null) {
                proxy = new TcpProxy(e.smtpHost(), e.smtpPort());
            }
            config.put("quarkus.mailer.host", "127.0.0.1");
            config.put("quarkus.mailer.port", String.valueOf(proxy.port()));
        }
        config.put("dunning.test.imap-port", String.valueOf(e.imapPort()));
        return config;
    }

    static Containers.Endpoints endpoints() {
        if ("testcontainers".equals(Infrastructure.env("DUNNING_TEST_INFRA"))) {
            return Containers.start();
        }
        String pgHost = Infrastructure.env("DUNNING_TEST_PG_HOST");
        String kafka = Infrastructure.env("DUNNING_TEST_KAFKA_BOOTSTRAP_SERVERS");
        String smtpHost = Infrastructure.env("DUNNING_TEST_SMTP_HOST");
        if (pgHost != null && kafka != null && smtpHost != null) {
            return new Containers.Endpoints(pgHost, Integer.parseInt(envOr("DUNNING_TEST_PG_PORT", "5432")),
                    envOr("DUNNING_TEST_PG_USER", "postgres"), envOr("DUNNING_TEST_PG_PASSWORD", "postgres"), kafka,
                    smtpHost, Integer.parseInt(envOr("DUNNING_TEST_SMTP_PORT", "25")),
                    Integer.parseInt(envOr("DUNNING_TEST_IMAP_PORT", "143")));
        }
        LocalStack local = Infrastructure.local();
        return new Containers.Endpoints("127.0.0.1", local.postgres().port(), PostgresServer.USER,
                PostgresServer.PASSWORD, local.kafka().bootstrapServers(), "127.0.0.1", local.smtp().smtpPort(),
                local.smtp().imapPort());
    }

    private static String envOr(String name, String fallback) {
        String v = Infrastructure.env(name);
        return v == null ? fallback : v;
    }

    @Override
    public void stop() {
        // The servers are shared by every test class of this JVM and stop with it.
    }
}
