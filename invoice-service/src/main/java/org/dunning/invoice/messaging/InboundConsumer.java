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
                .invoke(fact -> requireTenantKey(record.key(), fact))
                .chain(fact -> Retry.transientFailures(inbound.apply(fact))
                        .invoke(o -> LOG.debugf("%s %s/%s: %s", fact.getClass().getSimpleName(), fact.sourceSystem(),
                                fact.externalId(), o.detail())))
                .onFailure().invoke(e -> LOG.warnf("refused the record at %s-%d@%d: %s", record.topic(),
                        record.partition(), record.offset(), e.getMessage()))
                .replaceWithVoid();
    }

    /**
     * The key names the tenant whose ledger the fact goes to ({@code tenant/<customer externalId>}); a fact whose body
     * names another tenant is refused, so a producer's mistake cannot write into another tenant's ledger.
     */
    static void requireTenantKey(String key, InboundFacts.Fact fact) {
        if (key == null || key.isBlank()) {
            throw new MalformedEventException("the record has no key: key it tenant/<customer externalId>");
        }
        if (fact.tenantId() != null && !key.startsWith(fact.tenantId() + "/")) {
            throw new MalformedEventException("tenantId: the fact names tenant " + fact.tenantId()
                    + " but its record key " + key + " does not (key it " + fact.tenantId() + "/<customer externalId>)");
        }
    }

    static InboundFacts.Fact parse(String value) {
        if (value == null || value.isBlank()) {
            throw new MalformedEventException("empty record");
        }
        try {
            return EventCodec.mapper().readValue(value, InboundFacts.Fact.class);
        } catch (JsonProcessingException e) {
            throw new MalformedEventException("not an invoice fact: "
                    + org.dunning.platform.problem.ProblemMappers.readable(e.getOriginalMessage()), e);
        }
    }
}
