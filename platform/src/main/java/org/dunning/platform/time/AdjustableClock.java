package org.dunning.platform.time;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The clock every decision reads. In production it is the system clock; outside it (and only when
 * {@code dunning.clock.adjustable=true}) tests and demos can move it: time keeps running from the chosen instant.
 */
public final class AdjustableClock extends Clock {

    /** Where a moved clock is kept, so that it survives a restart. */
    public interface Store {
        Store NONE = new Store() {
            @Override
            public Duration load() {
                return Duration.ZERO;
            }

            @Override
            public void save(Duration offset) {
            }
        };

        Duration load();

        void save(Duration offset);
    }

    private final Clock base;
    private final Store store;
    private final AtomicReference<Duration> offset;

    public AdjustableClock(Clock base) {
        this(base, Store.NONE);
    }

    public AdjustableClock(Clock base, Store store) {
        this.base = base;
        this.store = store;
        this.offset = new AtomicReference<>(store.load());
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        AdjustableClock self = this;
        return new Clock() {
            @Override
            public ZoneId getZone() {
                return zone;
            }

            @Override
            public Clock withZone(ZoneId other) {
                return self.withZone(other);
            }

            @Override
            public Instant instant() {
                return self.instant();
            }
        };
    }

    @Override
    public Instant instant() {
        return base.instant().plus(offset.get());
    }

    /** Moves the clock so that now is {@code instant}. */
    public synchronized void set(Instant instant) {
        keep(Duration.between(base.instant(), instant));
    }

    public synchronized void advance(Duration by) {
        keep(offset.get().plus(by));
    }

    public synchronized void reset() {
        keep(Duration.ZERO);
    }

    private void keep(Duration moved) {
        store.save(moved);
        offset.set(moved);
    }
}
