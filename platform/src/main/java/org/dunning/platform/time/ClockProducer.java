package org.dunning.platform.time;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import java.time.Clock;

@ApplicationScoped
public class ClockProducer {

    private final AdjustableClock clock = new AdjustableClock(Clock.systemUTC());

    @Produces
    @ApplicationScoped
    public AdjustableClock adjustableClock() {
        return clock;
    }

    @Produces
    @ApplicationScoped
    public Clock clock() {
        return clock;
    }
}
