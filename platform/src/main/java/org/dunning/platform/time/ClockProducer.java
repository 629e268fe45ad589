package org.dunning.platform.time;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Singleton;

import java.time.Clock;

@ApplicationScoped
public class ClockProducer {

    private final AdjustableClock clock = new AdjustableClock(Clock.systemUTC());

    @Produces
    @Singleton
    @Typed(AdjustableClock.class)
    public AdjustableClock adjustableClock() {
        return clock;
    }

    @Produces
    @Singleton
    public Clock clock() {
        return clock;
    }
}
