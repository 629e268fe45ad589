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
        // a defect of the code does not pass by trying again: it fails at once (and the record is dead-lettered)
        assertThatThrownBy(() -> Retry.untilDone(Uni.createFrom().item(() -> {
            attempts.incrementAndGet();
            throw new NullPointerException("no slots");
        })).await().indefinitely()).isInstanceOf(NullPointerException.class);
        assertThat(attempts).hasValue(3);
    }

    @Test
    void aValueTheDatabaseRefusesFailsAtOnceNamingTheFieldWithoutSql() {
        AtomicInteger attempts = new AtomicInteger();
        io.vertx.pgclient.PgException overflow = new io.vertx.pgclient.PgException("numeric field overflow", "ERROR",
                "22003", "A field with precision 19, scale 4 must round to an absolute value less than 10^15.");
        assertThatThrownBy(() -> Retry.transientFailures(Uni.createFrom().item(() -> {
            attempts.incrementAndGet();
            throw new IllegalStateException("insert into invoices (...) values (...)", overflow);
        })).await().indefinitely()).isInstanceOf(ValidationFailed.class)
                .hasMessageNotContaining("insert").hasMessageContaining("too large");
        io.vertx.pgclient.PgException duplicate = new io.vertx.pgclient.PgException("duplicate key value violates "
                + "unique constraint \"invoices_number_per_tenant\"", "ERROR", "23505",
                "Key (tenant_id, number)=(acme, RE-1) already exists.");
        assertThatThrownBy(() -> Retry.transientFailures(Uni.createFrom().item(() -> {
            attempts.incrementAndGet();
            throw new RuntimeException(duplicate);
        })).await().indefinitely()).isInstanceOf(org.dunning.platform.domain.Conflict.class)
                .hasMessage("a record with this number exists already");
        assertThat(attempts).hasValue(2);
    }
}
