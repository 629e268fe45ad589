package org.dunning.platform.time;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class PeriodicTest {

    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void close() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    @Test
    void aWakeRunsTheJobBeforeItsInterval() throws Exception {
        LinkedBlockingQueue<Integer> runs = new LinkedBlockingQueue<>();
        AtomicInteger count = new AtomicInteger();
        Periodic p = Periodic.start(vertx, Duration.ofHours(1), Duration.ofHours(1), "test",
                () -> Uni.createFrom().item(count.incrementAndGet()).invoke(runs::add));
        p.wake();
        assertThat(runs.poll(5, TimeUnit.SECONDS)).isEqualTo(1);
        p.stop();
    }

    @Test
    void wakesDuringARunRunTheJobOnceMoreAfterIt() throws Exception {
        LinkedBlockingQueue<Integer> started = new LinkedBlockingQueue<>();
        AtomicInteger count = new AtomicInteger();
        CompletableFuture<Void> release = new CompletableFuture<>();
        Periodic p = Periodic.start(vertx, Duration.ofHours(1), Duration.ofHours(1), "test", () -> {
            int run = count.incrementAndGet();
            started.add(run);
            // the first run works until released; the wakes below come while it does
            return run == 1 ? Uni.createFrom().completionStage(release) : Uni.createFrom().voidItem();
        });
        p.wake();
        assertThat(started.poll(5, TimeUnit.SECONDS)).isEqualTo(1);
        p.wake();
        p.wake();
        assertThat(started.poll(300, TimeUnit.MILLISECONDS)).as("no second run while the first works").isNull();
        release.complete(null);
        assertThat(started.poll(5, TimeUnit.SECONDS)).as("one run after the first, for both wakes").isEqualTo(2);
        assertThat(started.poll(500, TimeUnit.MILLISECONDS)).isNull();
        p.stop();
    }

    @Test
    void aFailedRunDoesNotStopTheNextOnes() throws Exception {
        LinkedBlockingQueue<Integer> started = new LinkedBlockingQueue<>();
        AtomicInteger count = new AtomicInteger();
        Periodic p = Periodic.start(vertx, Duration.ofMillis(10), Duration.ofMillis(50), "test", () -> {
            started.add(count.incrementAndGet());
            return Uni.createFrom().failure(new IllegalStateException("the database is away"));
        });
        assertThat(started.poll(5, TimeUnit.SECONDS)).isEqualTo(1);
        assertThat(started.poll(5, TimeUnit.SECONDS)).isEqualTo(2);
        p.stop();
    }
}
