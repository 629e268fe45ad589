package org.dunning.platform.inbox;

import io.smallrye.mutiny.Uni;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** The shapes a batch is worked in, without a database. */
class BatchTest {

    @Test
    void aFullPollIsWorkedOneAfterTheOtherWithoutNestingOneCallbackPerRecord() {
        // a chain nested once per record overflowed a small stack already at 500 records completing asynchronously,
        // and the poll then never finished; these helpers go iteratively, in order
        ExecutorService other = Executors.newSingleThreadExecutor(r -> new Thread(null, r, "io", 256 * 1024));
        try {
            List<Integer> items = IntStream.range(0, 20_000).boxed().toList();
            List<Integer> seen = new ArrayList<>();
            Batch.inOrder(items, i -> Uni.createFrom().completionStage(CompletableFuture.runAsync(() -> { }, other))
                    .invoke(() -> seen.add(i)).replaceWithVoid()).await().atMost(Duration.ofSeconds(30));
            assertThat(seen).containsExactlyElementsOf(items);

            int odd = Batch.sum(items, i -> Uni.createFrom().completionStage(CompletableFuture.supplyAsync(
                    () -> i % 2, other))).await().atMost(Duration.ofSeconds(30));
            assertThat(odd).isEqualTo(10_000);
        } finally {
            other.shutdown();
        }
    }

    @Test
    void runsGroupWhatGoesTogetherAndKeepTheOrder() {
        List<List<String>> runs = Batch.runs(List.of("a", "I", "I", "b", "I", "c", "d"), "I"::equals);
        assertThat(runs).containsExactly(List.of("a"), List.of("I", "I"), List.of("b"), List.of("I"), List.of("c"),
                List.of("d"));
    }

    @Test
    void ofTypesKeepsTheRecordsOfTheTypesAskedForInOrderAndThoseWithoutAType() {
        java.util.function.BiFunction<Long, String, org.apache.kafka.clients.consumer.ConsumerRecord<String, String>>
                record = (offset, type) -> {
                    var r = new org.apache.kafka.clients.consumer.ConsumerRecord<String, String>("t", 0, offset, "k",
                            "{}");
                    if (type != null) {
                        r.headers().add("ce_type", type.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                    }
                    return r;
                };
        var poll = List.of(record.apply(1L, "EmailSent"), record.apply(2L, "EmailBounced"), record.apply(3L, null),
                record.apply(4L, "EmailSent"), record.apply(5L, "EmailBounced"));
        assertThat(Batch.ofTypes(poll, java.util.Set.of("EmailBounced")))
                .extracting(org.apache.kafka.clients.consumer.ConsumerRecord::offset).containsExactly(2L, 3L, 5L);
    }
}
