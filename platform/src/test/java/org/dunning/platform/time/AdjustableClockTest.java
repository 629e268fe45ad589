package org.dunning.platform.time;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** A moved clock is kept where the store keeps it and read back by the next clock: it survives a restart. */
class AdjustableClockTest {

    @Test
    void aMovedClockIsKeptAndTheNextClockGoesOnFromIt() {
        AtomicReference<Duration> kept = new AtomicReference<>(Duration.ZERO);
        AdjustableClock.Store store = new AdjustableClock.Store() {
            @Override
            public Duration load() {
                return kept.get();
            }

            @Override
            public void save(Duration offset) {
                kept.set(offset);
            }
        };
        Clock machine = Clock.fixed(Instant.parse("2026-12-01T10:00:00Z"), ZoneOffset.UTC);
        AdjustableClock before = new AdjustableClock(machine, store);
        before.set(Instant.parse("2026-12-04T08:05:00Z"));
        before.advance(Duration.ofDays(1));

        AdjustableClock afterRestart = new AdjustableClock(machine, store);
        assertThat(afterRestart.instant()).isEqualTo(Instant.parse("2026-12-05T08:05:00Z"));
        afterRestart.reset();
        assertThat(new AdjustableClock(machine, store).instant()).isEqualTo(machine.instant());
    }
}
