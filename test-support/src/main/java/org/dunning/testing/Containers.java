package org.dunning.testing;

import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The same servers as containers, for machines with a Docker engine: {@code DUNNING_TEST_INFRA=testcontainers}.
 * Started once per test JVM; Testcontainers removes them when the JVM ends.
 */
final class Containers {

    record Endpoints(String pgHost, int pgPort, String pgUser, String pgPassword, String kafkaBootstrap,
                     String smtpHost, int smtpPort, int imapPort) {
    }

    private static Endpoints endpoints;

    static synchronized Endpoints start() {
        if (endpoints == null) {
            PostgreSQLContainer pg = new PostgreSQLContainer(DockerImageName.parse("postgres:15"))
                    .withUsername("postgres").withPassword("postgres");
            KafkaContainer kafka = new KafkaContainer(DockerImageName.parse("apache/kafka:4.1.1"));
            GenericContainer<?> mail = new GenericContainer<>(DockerImageName.parse("greenmail/standalone:2.1.3"))
                    .withEnv("GREENMAIL_OPTS", "-Dgreenmail.setup.test.smtp -Dgreenmail.setup.test.imap "
                            + "-Dgreenmail.hostname=0.0.0.0 -Dgreenmail.auth.disabled")
                    .withExposedPorts(3025, 3143)
                    .waitingFor(Wait.forListeningPorts(3025, 3143));
            pg.start();
            kafka.start();
            mail.start();
            endpoints = new Endpoints(pg.getHost(), pg.getMappedPort(5432), pg.getUsername(), pg.getPassword(),
                    kafka.getBootstrapServers(), mail.getHost(), mail.getMappedPort(3025), mail.getMappedPort(3143));
        }
        return endpoints;
    }

    private Containers() {
    }
}
