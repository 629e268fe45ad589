package org.dunning.testing;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.StringSerializer;
import org.dunning.contract.Envelope;
import org.dunning.contract.EventCodec;
import org.dunning.contract.EventTypes;
import org.dunning.contract.IntegrationEvent;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** Publishes integration events with their CloudEvents headers, as a real upstream service would. */
public final class EventPublisher implements AutoCloseable {

    private final KafkaProducer<String, String> producer;

    public EventPublisher(String bootstrapServers) {
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer());
    }

    /** Publishes {@code event} and returns the envelope it was sent with (to publish the very same record again). */
    public Envelope publish(String topic, String tenant, String key, String subject, long sequence, IntegrationEvent event) {
        Envelope envelope = new Envelope(UUID.randomUUID(), "dunning/test", event.type(), subject, Instant.now(), tenant,
                sequence, EventTypes.dataSchema(event.type(), EventTypes.SCHEMA_VERSION));
        publish(topic, key, envelope, EventCodec.encode(event));
        return envelope;
    }

    /** Publishes a raw record: for redeliveries and malformed input. */
    public void publish(String topic, String key, Envelope envelope, String value) {
        publish(topic, key, envelope, value, java.util.Map.of());
    }

    /** Publishes a raw record with more headers (a {@code traceparent}, say). */
    public void publish(String topic, String key, Envelope envelope, String value, java.util.Map<String, String> more) {
        RecordHeaders headers = new RecordHeaders();
        if (envelope != null) {
            envelope.toHeaders().forEach((k, v) -> headers.add(k, v.getBytes(StandardCharsets.UTF_8)));
        }
        more.forEach((k, v) -> headers.add(k, v.getBytes(StandardCharsets.UTF_8)));
        try {
            producer.send(new ProducerRecord<>(topic, null, key, value, headers)).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
