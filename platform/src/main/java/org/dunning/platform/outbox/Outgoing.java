package org.dunning.platform.outbox;

import org.dunning.contract.IntegrationEvent;

/** What a stored event becomes on Kafka: the topic, the record key and the integration event. */
public record Outgoing(String topic, String key, IntegrationEvent event) {
}
