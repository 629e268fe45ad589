package org.dunning.escalation.scheduling;

import jakarta.inject.Inject;
import org.dunning.platform.time.AdjustableClock;
import org.dunning.testing.EventPublisher;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import java.time.Instant;
import java.util.UUID;

/**
 * What every engine scenario starts from: a fresh tenant, customer and plan id, a publisher on the real broker, and
 * the clock at Tuesday 1 December 2026, 08:00 in Paris; the clock is given back afterwards.
 */
abstract class EngineScenario {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String kafka;
    @Inject
    AdjustableClock clock;

    EventPublisher publisher;
    String tenant;
    UUID customer;
    UUID plan;

    @BeforeEach
    void startScenario() {
        publisher = new EventPublisher(kafka);
        tenant = "t-" + UUID.randomUUID();
        customer = UUID.randomUUID();
        plan = UUID.randomUUID();
        clock.set(Instant.parse("2026-12-01T07:00:00Z"));
    }

    @AfterEach
    void endScenario() {
        publisher.close();
        clock.reset();
    }
}
