package org.dunning.invoice.messaging;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.dunning.contract.Envelope;
import org.dunning.contract.Topics;
import org.dunning.testing.InfrastructureResource;
import org.dunning.testing.TopicReader;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Invariant 1: the event store is the outbox. Events committed by a process that died before its relay ran are
 * published by the next relay run, in stream order, with their envelope; and marked published only then.
 */
@QuarkusTest
@QuarkusTestResource(value = InfrastructureResource.class, initArgs = @ResourceArg(name = "database", value = "invoice"))
class OutboxRelayTest {

    @Inject
    Pool pool;
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String kafka;

    @Test
    void eventsCommittedBeforeACrashArePublishedInStreamOrder() {
        String tenant = "t-" + UUID.randomUUID();
        UUID customer = UUID.randomUUID();
        String stream = "customer-" + customer;
        // What a crashed process leaves behind: committed events, never relayed (the database queued them itself).
        for (int v = 1; v <= 3; v++) {
            pool.preparedQuery("INSERT INTO events (event_id, tenant_id, stream_id, version, type, schema_version, "
                            + "data, partition_key, occurred_at) VALUES ($1, $2, $3, $4, 'CustomerRegistered', 1, "
                            + "CAST($5 AS text)::jsonb, $6, $7)")
                    .execute(Tuple.tuple(List.of(UUID.randomUUID(), tenant, stream, (long) v,
                            "{\"customerId\":\"" + customer + "\",\"name\":\"Version " + v
                                    + "\",\"language\":\"de\",\"contacts\":[]}",
                            tenant + "/" + customer, OffsetDateTime.now())))
                    .await().indefinitely();
        }
        try (TopicReader reader = new TopicReader(kafka, Topics.INVOICE_EVENTS)) {
            String key = tenant + "/" + customer;
            reader.awaitRecords(r -> key.equals(r.key()) && "3".equals(TopicReader.header(r, Envelope.Headers.SEQUENCE)),
                    Duration.ofSeconds(30));
            List<ConsumerRecord<String, String>> records = reader.settle(r -> key.equals(r.key()), Duration.ofSeconds(1));
            assertThat(records).extracting(r -> TopicReader.header(r, Envelope.Headers.SEQUENCE))
                    .containsExactly("1", "2", "3");
            assertThat(records).extracting(r -> TopicReader.header(r, Envelope.Headers.SUBJECT)).containsOnly(stream);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> pool.preparedQuery(
                        "SELECT count(*) FROM outbox o JOIN events e ON e.position = o.position WHERE e.stream_id = $1")
                .execute(Tuple.of(stream)).await().indefinitely().iterator().next().getLong(0) == 0);
    }

    /**
     * A drain continues each batch after the last position it relayed; an event whose transaction took its position
     * before those and committed after them is still relayed (by the next look, which starts from the start).
     */
    @Test
    void anEventThatCommitsAfterLaterPositionsWereRelayedIsPublished() {
        String tenant = "t-" + UUID.randomUUID();
        UUID late = UUID.randomUUID();
        String insert = "INSERT INTO events (event_id, tenant_id, stream_id, version, type, schema_version, data, "
                + "partition_key, occurred_at) SELECT gen_random_uuid(), $1, 'customer-' || c, 1, 'CustomerRegistered', "
                + "1, jsonb_build_object('customerId', c, 'name', 'N', 'language', 'de', 'contacts', "
                + "jsonb_build_array()), $1 || '/' || c, now() FROM (SELECT $2::uuid AS c WHERE $3 = 0 UNION ALL SELECT "
                + "gen_random_uuid() FROM generate_series(1, $3)) AS x";
        try (TopicReader reader = new TopicReader(kafka, Topics.INVOICE_EVENTS)) {
            io.vertx.mutiny.sqlclient.SqlConnection open = pool.getConnection().await().indefinitely();
            try {
                open.query("BEGIN").execute().await().indefinitely();
                open.preparedQuery(insert).execute(Tuple.of(tenant, late, 0)).await().indefinitely();
                // its position is taken; while it is uncommitted, more than a relay batch (2,000) follows it
                pool.preparedQuery(insert).execute(Tuple.of(tenant, UUID.randomUUID(), 2500)).await().indefinitely();
                reader.awaitCount(r -> r.key().startsWith(tenant + "/"), 2500, Duration.ofSeconds(60));
                open.query("COMMIT").execute().await().indefinitely();
            } finally {
                open.close().await().indefinitely();
            }
            reader.awaitRecords(r -> (tenant + "/" + late).equals(r.key()), Duration.ofSeconds(30));
        }
    }

    @Test
    void aStaleVersionCannotBeAppendedTwice() {
        UUID customer = UUID.randomUUID();
        String stream = "customer-" + customer;
        String insert = "INSERT INTO events (event_id, tenant_id, stream_id, version, type, schema_version, data, "
                + "partition_key, occurred_at) VALUES ($1, 't', $2, 1, 'CustomerRegistered', 1, '{\"customerId\":\""
                + customer + "\",\"name\":\"A\",\"language\":\"de\",\"contacts\":[]}'::jsonb, 't/x', now())";
        pool.preparedQuery(insert).execute(Tuple.of(UUID.randomUUID(), stream)).await().indefinitely();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> pool.preparedQuery(insert)
                        .execute(Tuple.of(UUID.randomUUID(), stream)).await().indefinitely())
                .hasMessageContaining("events_stream_version");
    }
}
