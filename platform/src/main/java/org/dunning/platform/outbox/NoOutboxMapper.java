package org.dunning.platform.outbox;

import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/**
 * For a service that appends no events: any event found in its store is an error, and stays unpublished until a
 * real mapper exists, rather than being dropped.
 */
@ApplicationScoped
public class NoOutboxMapper {

    @Produces
    @DefaultBean
    @ApplicationScoped
    OutboxMapper none() {
        return e -> {
            throw new IllegalStateException("this service publishes no events, but found " + e.type() + " " + e.eventId());
        };
    }
}
