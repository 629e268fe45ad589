package org.dunning.platform.deadletter;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A record on a dead-letter topic as an operator sees it, and what replaying it sends: the record as it was received
 * (key, value, its own headers) back to the topic it came from, with {@code dunning-replay-of} naming the dead letter
 * and without the {@code dead-letter-*} headers. Pure: no Kafka connection here.
 */
public record DeadLetter(String topic, int partition, long offset, Instant timestamp, String key, String tenant,
                         String reason, String exception, Source source, String value, Map<String, String> headers) {

    /** Where a dead letter came from (null fields when its headers do not say). */
    public record Source(String topic, Integer partition, Long offset) {
    }

    static final String PREFIX = "dead-letter-";
    static final String REPLAY_OF = "dunning-replay-of";

    public static DeadLetter of(ConsumerRecord<String, String> r) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (Header h : r.headers()) {
            headers.put(h.key(), h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8));
        }
        return new DeadLetter(r.topic(), r.partition(), r.offset(), Instant.ofEpochMilli(r.timestamp()), r.key(),
                tenantOf(r.key(), headers.get("ce_tenantid")), headers.get(PREFIX + "reason"),
                headers.get(PREFIX + "exception-class-name"), new Source(headers.get(PREFIX + "topic"),
                integer(headers.get(PREFIX + "partition")), longer(headers.get(PREFIX + "offset"))),
                r.value(), headers);
    }

    /**
     * The tenant a record belongs to: its {@code ce_tenantid} header, else the part of its key before the first
     * {@code /} (every key is {@code tenant/…}); null when neither says.
     */
    static String tenantOf(String key, String tenantHeader) {
        if (tenantHeader != null && !tenantHeader.isBlank()) {
            return tenantHeader;
        }
        if (key != null && key.indexOf('/') > 0) {
            return key.substring(0, key.indexOf('/'));
        }
        return null;
    }

    /** Whether a caller of this tenant may see it ({@code all}: an operator, who sees every tenant's). */
    public boolean visibleTo(String callerTenant, boolean all) {
        return all || (tenant != null && tenant.equals(callerTenant));
    }

    /** The record replaying sends, or why it cannot be replayed. */
    public ProducerRecord<String, String> replay() {
        if (source.topic() == null || source.topic().isBlank()) {
            throw new IllegalStateException("the dead letter does not say which topic it came from (no "
                    + PREFIX + "topic header)");
        }
        RecordHeaders out = new RecordHeaders();
        headers.forEach((k, v) -> {
            if (!k.startsWith(PREFIX) && !k.equals(REPLAY_OF)) {
                out.add(k, v == null ? null : v.getBytes(StandardCharsets.UTF_8));
            }
        });
        out.add(REPLAY_OF, (topic + "/" + partition + "/" + offset).getBytes(StandardCharsets.UTF_8));
        return new ProducerRecord<>(source.topic(), null, key, value, out);
    }

    private static Integer integer(String s) {
        try {
            return s == null ? null : Integer.valueOf(s.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Long longer(String s) {
        try {
            return s == null ? null : Long.valueOf(s.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
