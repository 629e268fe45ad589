package org.dunning.platform.eventstore;

import java.time.Instant;
import java.util.UUID;

/** One row of the event store. {@code data} is the event's JSON. */
public record StoredEvent(long position, UUID eventId, String tenantId, String streamId, long version, String type,
                          int schemaVersion, String data, String partitionKey, Instant occurredAt) {
}
