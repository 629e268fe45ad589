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
    void aRunDueWhileOneWorksIsSkipped() throws Exception {
        LinkedBlockingQueue<Integer> started = new LinkedBlockingQueue<>();
        AtomicInteger count = new AtomicInteger();
        CompletableFuture<Void> release = new CompletableFuture<>();
        Periodic p = Periodic.start(vertx, Duration.ofMillis(10), Duration.ofMillis(20), "test", () -> {
            int run = count.incrementAndGet();
            started.add(run);
            // the first run works until released, while a dozen intervals pass
            return run == 1 ? Uni.createFrom().completionStage(release) : Uni.createFrom().voidItem();
        });
        assertThat(started.poll(5, TimeUnit.SECONDS)).isEqualTo(1);
        assertThat(started.poll(300, TimeUnit.MILLISECONDS)).as("no second run while the first works").isNull();
        release.complete(null);
        assertThat(started.poll(5, TimeUnit.SECONDS)).as("the runs go on after it").isEqualTo(2);
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
