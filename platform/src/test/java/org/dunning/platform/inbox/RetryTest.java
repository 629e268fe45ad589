package org.dunning.platform.inbox;

import io.smallrye.mutiny.Uni;
import org.dunning.contract.MalformedEventException;
import org.dunning.platform.domain.ValidationFailed;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RetryTest {

    @Test
    void aPassingOutageIsRetriedUntilItSucceeds() {
        AtomicInteger attempts = new AtomicInteger();
        Uni<String> flaky = Uni.createFrom().item(() -> {
            if (attempts.incrementAndGet() < 3) {
                throw new IllegalStateException("connection refused");
            }
            return "applied";
        });
        assertThat(Retry.transientFailures(flaky).await().atMost(Duration.ofSeconds(10))).isEqualTo("applied");
        assertThat(attempts).hasValue(3);
    }

    @Test
    void anUnreadableOrRefusedRecordFailsAtOnce() {
        AtomicInteger attempts = new AtomicInteger();
        assertThatThrownBy(() -> Retry.transientFailures(Uni.createFrom().item(() -> {
            attempts.incrementAndGet();
            throw new MalformedEventException("missing header ce_type");
        })).await().indefinitely()).isInstanceOf(MalformedEventException.class);
        assertThatThrownBy(() -> Retry.transientFailures(Uni.createFrom().item(() -> {
            attempts.incrementAndGet();
            throw ValidationFailed.of("amount", "negative");
        })).await().indefinitely()).isInstanceOf(ValidationFailed.class);
        assertThat(attempts).hasValue(2);
    }
}
