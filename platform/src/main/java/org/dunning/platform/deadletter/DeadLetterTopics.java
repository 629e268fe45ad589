package org.dunning.platform.deadletter;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The service's own dead-letter topics, read and replayed with plain Kafka clients (blocking: call from a worker
 * thread). Reading assigns the partitions without a consumer group, so it moves no one's offsets.
 */
@ApplicationScoped
public class DeadLetterTopics {

    /** At most this many records are read from a topic for a list. */
    static final int SCAN = 10_000;
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final List<String> topics;
    private final String bootstrap;
    private volatile KafkaProducer<String, String> producer;

    public DeadLetterTopics(@ConfigProperty(name = "dunning.dead-letters.topics") List<String> topics,
                            @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrap) {
        this.topics = List.copyOf(topics);
        this.bootstrap = bootstrap;
    }

    public List<String> topics() {
        return topics;
    }

    /** The records of a topic, oldest first, at most {@link #SCAN}. */
    public List<ConsumerRecord<String, String>> read(String topic) {
        try (KafkaConsumer<String, String> consumer = consumer()) {
            List<TopicPartition> partitions = partitions(consumer, topic);
            if (partitions.isEmpty()) {
                return List.of();
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, WAIT);
            List<ConsumerRecord<String, String>> records = new ArrayList<>();
            Instant deadline = Instant.now().plus(WAIT);
            while (records.size() < SCAN && Instant.now().isBefore(deadline)
                    && partitions.stream().anyMatch(p -> consumer.position(p, WAIT) < end.get(p))) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            return records.size() > SCAN ? records.subList(0, SCAN) : records;
        }
    }

    /** One record, if the topic has it. */
    public Optional<ConsumerRecord<String, String>> find(String topic, int partition, long offset) {
        try (KafkaConsumer<String, String> consumer = consumer()) {
            TopicPartition tp = new TopicPartition(topic, partition);
            if (partitions(consumer, topic).stream().noneMatch(tp::equals)) {
                return Optional.empty();
            }
            consumer.assign(List.of(tp));
            long end = consumer.endOffsets(List.of(tp), WAIT).get(tp);
            long begin = consumer.beginningOffsets(List.of(tp), WAIT).get(tp);
            if (offset < begin || offset >= end) {
                return Optional.empty();
            }
            consumer.seek(tp, offset);
            Instant deadline = Instant.now().plus(WAIT);
            while (Instant.now().isBefore(deadline)) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.offset() == offset) {
                        return Optional.of(r);
                    }
                    if (r.offset() > offset) {
                        return Optional.empty(); // compacted away
                    }
                }
            }
            return Optional.empty();
        }
    }

    /** Sends a record and waits until the broker has it. */
    public RecordMetadata send(ProducerRecord<String, String> record) {
        try {
            return producer().send(record).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while replaying", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the broker did not take the replayed record: " + e.getMessage(), e);
        }
    }

    private static List<TopicPartition> partitions(KafkaConsumer<String, String> consumer, String topic) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic, WAIT);
        return infos == null ? List.of() : infos.stream().map(i -> new TopicPartition(topic, i.partition())).toList();
    }

    private KafkaConsumer<String, String> consumer() {
        return new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false, ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1000,
                ConsumerConfig.CLIENT_ID_CONFIG, "dunning-dead-letters-reader"),
                new StringDeserializer(), new StringDeserializer());
    }

    private KafkaProducer<String, String> producer() {
        KafkaProducer<String, String> p = producer;
        if (p == null) {
            synchronized (this) {
                if (producer == null) {
                    producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                            ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                            ProducerConfig.CLIENT_ID_CONFIG, "dunning-dead-letters-replay"),
                            new StringSerializer(), new StringSerializer());
                }
                p = producer;
            }
        }
        return p;
    }

    @PreDestroy
    void close() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
    }
}
