package org.dunning.platform.projection;

import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.LongConsumer;

/**
 * A topic read from its start to its end at the time of the call, outside any consumer group (a rebuild, invariant 5):
 * a poll at a time handed to the same batch code the live consumer runs, each awaited before the next is read. Runs on
 * the calling (worker) thread.
 */
public final class TopicReplay {

    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(TopicReplay.class);

    /**
     * @param poll      records per poll at most
     * @param apply     what the projection does with a poll (one transaction)
     * @param afterPoll told the number of records replayed so far, after each poll is applied
     * @return the records replayed
     */
    public static long replay(String bootstrapServers, String topic, int poll,
                              Function<List<ConsumerRecord<String, String>>, Uni<Void>> apply,
                              LongConsumer afterPoll) throws Throwable {
        long replayed = 0;
        try (KafkaConsumer<String, String> kafka = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, poll), new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            kafka.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            kafka.assign(partitions);
            kafka.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = kafka.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> kafka.position(p) < end.get(p))) {
                List<ConsumerRecord<String, String>> records = new ArrayList<>();
                for (ConsumerRecord<String, String> r : kafka.poll(Duration.ofMillis(500))) {
                    if (r.offset() < end.get(new TopicPartition(r.topic(), r.partition()))) {
                        records.add(r);
                    }
                }
                if (!records.isEmpty()) {
                    VertxContextSupport.subscribeAndAwait(() -> apply.apply(records));
                    replayed += records.size();
                    afterPoll.accept(replayed);
                }
            }
        }
        return replayed;
    }

    /**
     * A replayed poll through a projection's batch code ({@link org.dunning.platform.inbox.Batch#inSets}) without the
     * dead-letter topic: a record refused for good was dead-lettered when it first came, so here it is only logged.
     */
    public static <T> Uni<Void> applyPoll(List<ConsumerRecord<String, String>> records,
                                          Function<ConsumerRecord<String, String>, T> read,
                                          org.dunning.platform.inbox.Batch.InSets<T> apply) {
        return org.dunning.platform.inbox.Batch.inSets(records, read, apply).invoke(refused -> refused.forEach(f ->
                LOG.warnf("rebuild: record %s-%d@%d not applied: %s", f.record().topic(), f.record().partition(),
                        f.record().offset(), f.reason().toString()))).replaceWithVoid();
    }

    private TopicReplay() {
    }
}
