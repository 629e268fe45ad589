package org.dunning.platform.deadletter;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DeadLetterTest {

    static ConsumerRecord<String, String> record(String key, String... headers) {
        RecordHeaders h = new RecordHeaders();
        for (int i = 0; i < headers.length; i += 2) {
            h.add(headers[i], headers[i + 1].getBytes(StandardCharsets.UTF_8));
        }
        return new ConsumerRecord<>("dunning.plan.dead-letter", 3, 17L, 1_700_000_000_000L, TimestampType.CREATE_TIME,
                -1, -1, key, "{\"x\":1}", h, Optional.empty());
    }

    @Test
    void aDeadLetterSaysWhyAndWhereItCameFromAndWhoseItIs() {
        DeadLetter d = DeadLetter.of(record("acme/C-1", "ce_type", "InvoiceIssued", "ce_tenantid", "acme",
                "dead-letter-reason", "amount: must be positive", "dead-letter-topic", "dunning.invoice.events",
                "dead-letter-partition", "5", "dead-letter-offset", "42"));
        assertThat(d.reason()).isEqualTo("amount: must be positive");
        assertThat(d.source()).isEqualTo(new DeadLetter.Source("dunning.invoice.events", 5, 42L));
        assertThat(d.tenant()).isEqualTo("acme");
        assertThat(d.visibleTo("acme", false)).isTrue();
        assertThat(d.visibleTo("other", false)).isFalse();
        assertThat(d.visibleTo("other", true)).isTrue();
    }

    @Test
    void theTenantIsTheHeadersElseTheKeys() {
        assertThat(DeadLetter.tenantOf("acme/C-1", null)).isEqualTo("acme");
        assertThat(DeadLetter.tenantOf("acme/C-1", "beta")).isEqualTo("beta");
        assertThat(DeadLetter.tenantOf("no-slash", null)).isNull();
        assertThat(DeadLetter.tenantOf(null, " ")).isNull();
        assertThat(DeadLetter.of(record("no-slash")).visibleTo("no-slash", false)).isFalse(); // only operators
    }

    @Test
    void aReplayIsTheRecordAsReceivedBackOnItsTopicNamingTheDeadLetter() {
        DeadLetter d = DeadLetter.of(record("acme/C-1", "ce_type", "InvoiceIssued", "dead-letter-reason", "bug",
                "dead-letter-topic", "dunning.invoice.events", "dead-letter-partition", "5", "dead-letter-offset", "42",
                "dunning-replay-of", "older/0/1"));
        ProducerRecord<String, String> replay = d.replay();
        assertThat(replay.topic()).isEqualTo("dunning.invoice.events");
        assertThat(replay.partition()).isNull(); // the key picks it, as for the original
        assertThat(replay.key()).isEqualTo("acme/C-1");
        assertThat(replay.value()).isEqualTo("{\"x\":1}");
        assertThat(new String(replay.headers().lastHeader("ce_type").value(), StandardCharsets.UTF_8))
                .isEqualTo("InvoiceIssued");
        assertThat(replay.headers().lastHeader("dead-letter-reason")).isNull();
        assertThat(replay.headers().headers("dunning-replay-of")).hasSize(1);
        assertThat(new String(replay.headers().lastHeader("dunning-replay-of").value(), StandardCharsets.UTF_8))
                .isEqualTo("dunning.plan.dead-letter/3/17");
    }

    @Test
    void aDeadLetterThatDoesNotSayWhereItCameFromCannotBeReplayed() {
        assertThatThrownBy(() -> DeadLetter.of(record("acme/C-1", "dead-letter-reason", "x")).replay())
                .hasMessageContaining("dead-letter-topic");
    }
}
