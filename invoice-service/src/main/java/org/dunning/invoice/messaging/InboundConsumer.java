package org.dunning.invoice.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.dunning.contract.EventCodec;
import org.dunning.contract.InboundFacts;
import org.dunning.contract.MalformedEventException;
import org.dunning.invoice.persistence.InboundRepository;
import org.dunning.platform.inbox.Retry;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Takes the facts other systems publish on {@code dunning.invoice.inbound}. A record that is not a fact, or a fact
 * the ledger refuses, goes to {@code dunning.invoice.inbound.dead-letter} with the reason in its
 * {@code dead-letter-reason} header, and the consumer goes on with the next record.
 */
@ApplicationScoped
public class InboundConsumer {

    private static final Logger LOG = Logger.getLogger(InboundConsumer.class);

    private final InboundRepository inbound;

    public InboundConsumer(InboundRepository inbound) {
        this.inbound = inbound;
    }

    @Incoming("invoice-inbound")
    @ActivateRequestContext
    public Uni<Void> onFact(ConsumerRecord<String, String> record) {
        return Uni.createFrom().item(record::value).map(InboundConsumer::parse)
                .chain(fact -> Retry.transientFailures(inbound.apply(fact))
                        .invoke(o -> LOG.debugf("%s %s/%s: %s", fact.getClass().getSimpleName(), fact.sourceSystem(),
                                fact.externalId(), o.detail())))
                .onFailure().invoke(e -> LOG.warnf("refused the record at %s-%d@%d: %s", record.topic(),
                        record.partition(), record.offset(), e.getMessage()))
                .replaceWithVoid();
    }

    static InboundFacts.Fact parse(String value) {
        if (value == null || value.isBlank()) {
            throw new MalformedEventException("empty record");
        }
        try {
            return EventCodec.mapper().readValue(value, InboundFacts.Fact.class);
        } catch (JsonProcessingException e) {
            throw new MalformedEventException("not an invoice fact: " + e.getOriginalMessage(), e);
        }
    }
}
