package org.dunning.platform.eventstore;

import com.fasterxml.jackson.core.JsonProcessingException;
import org.dunning.contract.EventCodec;

import java.time.Instant;
import java.util.UUID;

/** One row of the event store. {@code data} is the event's JSON. */
public record StoredEvent(long position, UUID eventId, String tenantId, String streamId, long version, String type,
                          int schemaVersion, String data, String partitionKey, Instant occurredAt) {

    /** The event's data read as {@code type}. */
    public <T> T dataAs(Class<T> type) {
        try {
            return EventCodec.mapper().readValue(data, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored event " + eventId + " (" + this.type + ") is unreadable", e);
        }
    }
}
