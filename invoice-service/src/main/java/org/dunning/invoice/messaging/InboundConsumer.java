package org.dunning.invoice.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.dunning.contract.EventCodec;
import org.dunning.contract.InboundFacts;
import org.dunning.contract.MalformedEventException;
import org.dunning.contract.Topics;
import org.dunning.invoice.persistence.InboundRepository;
import org.dunning.platform.inbox.Batch;
import org.dunning.platform.inbox.DeadLetters;
import org.dunning.platform.metrics.Meters;
import org.eclipse.microprofile.reactive.messaging.Incoming;


/**
 * Takes the facts other systems publish on {@code dunning.invoice.inbound}, a poll at a time in one transaction
 * ({@link Batch}), loaded, decided and written together ({@link InboundRepository#applyAll}). A record that is not a fact, or a fact the ledger refuses, goes to
 * {@code dunning.invoice.inbound.dead-letter} with the reason in its {@code dead-letter-reason} header, and the rest
 * of the poll is applied; the poll is committed once its dead letters are written.
 */
@ApplicationScoped
public class InboundConsumer {

    private final InboundRepository inbound;
    private final DeadLetters deadLetters;

    private final Meters meters;

    public InboundConsumer(InboundRepository inbound, DeadLetters deadLetters, Meters meters) {
        this.inbound = inbound;
        this.deadLetters = deadLetters;
        this.meters = meters;
        meters.declare("dunning.facts", "outcome", "applied");
        meters.declare("dunning.facts", "outcome", "dead-lettered");
    }

    @Incoming("invoice-inbound")
    @ActivateRequestContext
    public Uni<Void> onFacts(ConsumerRecords<String, String> records) {
        return Batch.inSets(records, InboundConsumer::read, inbound::applyAll)
                .chain(refused -> deadLetters.write(Topics.INVOICE_INBOUND_DLQ, refused)
                        // dunning_facts_total{outcome}: facts taken (a redelivered one changes nothing) or refused
                        .invoke(() -> {
                            meters.count("dunning.facts", records.count() - refused.size(), "outcome", "applied");
                            meters.count("dunning.facts", refused.size(), "outcome", "dead-lettered");
                        }));
    }

    /** A fact, keyed by its own tenant; else why not. */
    static InboundFacts.Fact read(ConsumerRecord<String, String> record) {
        InboundFacts.Fact fact = parse(record.value());
        requireTenantKey(record.key(), fact);
        return fact;
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
