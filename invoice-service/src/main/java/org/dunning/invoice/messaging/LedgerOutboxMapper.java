package org.dunning.invoice.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import org.dunning.contract.InvoiceEvents;
import org.dunning.contract.Topics;
import org.dunning.invoice.domain.Contact;
import org.dunning.invoice.domain.CustomerEvent;
import org.dunning.invoice.domain.InvoiceEvent;
import org.dunning.platform.eventstore.StoredEvent;
import org.dunning.platform.outbox.OutboxMapper;
import org.dunning.platform.outbox.Outgoing;

import java.util.Optional;

/** Maps the ledger's domain events to the integration events of {@link Topics#INVOICE_EVENTS}. */
@ApplicationScoped
public class LedgerOutboxMapper implements OutboxMapper {

    @Override
    public Optional<Outgoing> map(StoredEvent e) {
        return Optional.of(new Outgoing(Topics.INVOICE_EVENTS, e.partitionKey(), switch (e.type()) {
            case "CustomerRegistered" -> {
                CustomerEvent.CustomerRegistered r = e.dataAs(CustomerEvent.CustomerRegistered.class);
                yield new InvoiceEvents.CustomerRegistered(r.customerId(), r.name(), r.language(), r.segment(),
                        r.contacts().stream().map(LedgerOutboxMapper::contact).toList());
            }
            case "InvoiceIssued" -> {
                InvoiceEvent.InvoiceIssued i = e.dataAs(InvoiceEvent.InvoiceIssued.class);
                yield new InvoiceEvents.InvoiceIssued(i.invoiceId(), i.customerId(), i.number(), i.issueDate(),
                        i.dueDate(), i.currency(), i.amount());
            }
            default -> throw new IllegalStateException("no integration event for " + e.type());
        }));
    }

    private static InvoiceEvents.Contact contact(Contact c) {
        return new InvoiceEvents.Contact(c.name(), c.email(), c.phone(), c.role());
    }
}
