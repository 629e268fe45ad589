package org.dunning.launcher;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/** What Kafka says about the consumers: each group's lag, and what lies in the dead-letter topics. */
public final class Lag {

    private final String bootstrap;

    public Lag(String bootstrap) {
        this.bootstrap = bootstrap;
    }

    private Admin admin() {
        return Admin.create(Map.of("bootstrap.servers", bootstrap, "request.timeout.ms", 5000,
                "default.api.timeout.ms", 10000));
    }

    /**
     * The records the group has not committed yet, over the partitions its members are assigned and those it
     * committed before; -1 when the broker cannot be asked, the group has no members (it is not consuming) or it is
     * rebalancing.
     */
    public long of(String group) {
        try (Admin admin = admin()) {
            ConsumerGroupDescription d = admin.describeConsumerGroups(List.of(group)).all().get(10, TimeUnit.SECONDS)
                    .get(group);
            // while the group rebalances (a member died or joined) its members report no assignment, and a partition
            // that has no committed offset yet would not be counted at all: not settled, whatever the offsets say
            if (d.members().isEmpty() || d.groupState() != org.apache.kafka.common.GroupState.STABLE) {
                return -1;
            }
            Set<TopicPartition> partitions = new HashSet<>();
            for (MemberDescription m : d.members()) {
                partitions.addAll(m.assignment().topicPartitions());
            }
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
            partitions.addAll(committed.keySet());
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            partitions.forEach(p -> latest.put(p, OffsetSpec.latest()));
            var ends = admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS);
            long lag = 0;
            for (TopicPartition p : partitions) {
                OffsetAndMetadata c = committed.get(p);
                lag += Math.max(0, ends.get(p).offset() - (c == null ? 0 : c.offset()));
            }
            return lag;
        } catch (Exception e) {
            return -1;
        }
    }

    /** How many members the group has now; -1 when the broker cannot be asked. */
    public int members(String group) {
        try (Admin admin = admin()) {
            return admin.describeConsumerGroups(List.of(group)).all().get(10, TimeUnit.SECONDS).get(group).members()
                    .size();
        } catch (Exception e) {
            return -1;
        }
    }

    /** The summed lag of the groups, -1 if any of them cannot be told. */
    public long of(Collection<String> groups) {
        long sum = 0;
        for (String g : groups) {
            long l = of(g);
            if (l < 0) {
                return -1;
            }
            sum += l;
        }
        return sum;
    }

    /** A record found in a dead-letter topic, with the reason the consumer gave. */
    public record DeadLetter(String topic, String key, String value, String reason) {
    }

    public List<DeadLetter> deadLetters(Collection<String> topics) {
        List<DeadLetter> found = new ArrayList<>();
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ConsumerConfig.GROUP_ID_CONFIG, "lag-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest", ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String t : topics) {
                c.partitionsFor(t, Duration.ofSeconds(10)).forEach(p -> partitions.add(new TopicPartition(t, p.partition())));
            }
            c.assign(partitions);
            c.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = c.endOffsets(partitions);
            long deadline = System.currentTimeMillis() + 30_000;
            while (partitions.stream().anyMatch(p -> c.position(p) < ends.get(p)) && System.currentTimeMillis() < deadline) {
                for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(500))) {
                    var h = r.headers().lastHeader("dead-letter-reason");
                    found.add(new DeadLetter(r.topic(), r.key(), r.value(),
                            h == null ? null : new String(h.value(), StandardCharsets.UTF_8)));
                }
            }
        }
        return found;
    }
}
