package org.dunning.invoice.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import org.dunning.contract.InvoiceEvents;
import org.dunning.contract.Topics;
import org.dunning.invoice.domain.Contact;
import org.dunning.invoice.domain.CreditNotes;
import org.dunning.invoice.domain.CustomerEvent;
import org.dunning.invoice.domain.InternalUser;
import org.dunning.invoice.domain.InvoiceEvent;
import org.dunning.invoice.persistence.LedgerRepository;
import org.dunning.platform.eventstore.DomainEvents;
import org.dunning.platform.eventstore.StoredEvent;
import org.dunning.platform.outbox.OutboxMapper;
import org.dunning.platform.outbox.Outgoing;

import java.util.Optional;
import java.util.UUID;

/** Maps the ledger's domain events to the integration events of {@link Topics#INVOICE_EVENTS}. */
@ApplicationScoped
public class LedgerOutboxMapper implements OutboxMapper {

    private static final DomainEvents<InvoiceEvent> EVENTS = DomainEvents.of(InvoiceEvent.class);

    @Override
    public Optional<Outgoing> map(StoredEvent e) {
        return Optional.of(new Outgoing(Topics.INVOICE_EVENTS, e.partitionKey(), switch (e.type()) {
            case "CustomerRegistered" -> {
                CustomerEvent.CustomerRegistered r = e.dataAs(CustomerEvent.CustomerRegistered.class);
                yield new InvoiceEvents.CustomerRegistered(r.customerId(), r.name(), r.language(), r.segment(),
                        r.contacts().stream().map(LedgerOutboxMapper::contact).toList(), r.externalReference(),
                        users(r.internalUsers()), r.billingAddress());
            }
            case "CustomerUpdated" -> {
                CustomerEvent.CustomerUpdated u = e.dataAs(CustomerEvent.CustomerUpdated.class);
                yield new InvoiceEvents.CustomerUpdated(LedgerRepository.customerIdOf(e.partitionKey()), u.name(),
                        u.language(), u.segment(), u.contacts().stream().map(LedgerOutboxMapper::contact).toList(),
                        u.externalReference(), users(u.internalUsers()), u.billingAddress());
            }
            case "ContactBounced" -> new InvoiceEvents.ContactBounced(LedgerRepository.customerIdOf(e.partitionKey()),
                    e.dataAs(CustomerEvent.ContactBounced.class).email());
            case "CustomerArchived" -> new InvoiceEvents.CustomerArchived(LedgerRepository.customerIdOf(e.partitionKey()));
            case "InvoiceIssued" -> {
                InvoiceEvent.InvoiceIssued i = e.dataAs(InvoiceEvent.InvoiceIssued.class);
                yield new InvoiceEvents.InvoiceIssued(i.invoiceId(), i.customerId(), i.number(), i.issueDate(),
                        i.dueDate(), i.currency(), i.amount());
            }
            case "CreditNoteIssued" -> {
                CreditNotes.CreditNoteIssued c = e.dataAs(CreditNotes.CreditNoteIssued.class);
                yield new InvoiceEvents.CreditNoteIssued(c.creditNoteId(), c.customerId(), c.number(), c.issueDate(),
                        c.currency(), c.amount());
            }
            case "CreditNoteAllocated" -> {
                CreditNotes.CreditNoteAllocated a = e.dataAs(CreditNotes.CreditNoteAllocated.class);
                yield new InvoiceEvents.CreditNoteAllocated(
                        UUID.fromString(e.streamId().substring("credit-note-".length())),
                        LedgerRepository.customerIdOf(e.partitionKey()), a.invoiceId(), a.amount(), a.unallocated());
            }
            default -> change(e);
        }));
    }

    /** The changes of an issued invoice: ids come from the stream ({@code invoice-<id>}) and key ({@code tenant/customer}). */
    private static InvoiceEvents.InvoiceChange change(StoredEvent e) {
        UUID invoice = LedgerRepository.invoiceIdOf(e.streamId());
        UUID customer = LedgerRepository.customerIdOf(e.partitionKey());
        InvoiceEvent event = EVENTS.read(e);
        if (event instanceof InvoiceEvent.PaymentRecorded p) {
            return new InvoiceEvents.PaymentRecorded(invoice, customer, p.reference(), p.amount(), p.paidOn(),
                    p.outstanding(), InvoiceEvents.InvoiceStatus.valueOf(p.status().name()));
        }
        if (event instanceof InvoiceEvent.CreditApplied c) {
            return new InvoiceEvents.InvoiceCreditApplied(invoice, customer, c.creditNoteId(), c.amount(),
                    c.outstanding(), InvoiceEvents.InvoiceStatus.valueOf(c.status().name()));
        }
        if (event instanceof InvoiceEvent.DocumentAttached d) {
            return new InvoiceEvents.InvoiceDocumentAttached(invoice, customer, d.url());
        }
        if (event instanceof InvoiceEvent.PaymentLinkSet l) {
            return new InvoiceEvents.InvoicePaymentLinkChanged(invoice, customer, l.url());
        }
        if (event instanceof InvoiceEvent.AmountChanged a) {
            return new InvoiceEvents.InvoiceAmountChanged(invoice, customer, a.amount(), a.outstanding(),
                    InvoiceEvents.InvoiceStatus.valueOf(a.status().name()));
        }
        if (event instanceof InvoiceEvent.DueDateChanged d) {
            return new InvoiceEvents.InvoiceDueDateChanged(invoice, customer, d.dueDate());
        }
        if (event instanceof InvoiceEvent.InvoiceCancelled c) {
            return new InvoiceEvents.InvoiceCancelled(invoice, customer, c.reason());
        }
        if (event instanceof InvoiceEvent.InvoiceWrittenOff w) {
            return new InvoiceEvents.InvoiceWrittenOff(invoice, customer, w.reason());
        }
        if (event instanceof InvoiceEvent.DisputeOpened d) {
            return new InvoiceEvents.InvoiceDisputed(invoice, customer, d.reason());
        }
        if (event instanceof InvoiceEvent.DisputeResolved r) {
            return new InvoiceEvents.InvoiceDisputeResolved(invoice, customer, r.note());
        }
        if (event instanceof InvoiceEvent.ExpectedPaymentDateSet d) {
            return new InvoiceEvents.ExpectedPaymentDateChanged(invoice, customer, d.date());
        }
        if (event instanceof InvoiceEvent.ExpectedPaymentDateCleared) {
            return new InvoiceEvents.ExpectedPaymentDateChanged(invoice, customer, null);
        }
        throw new IllegalStateException("no integration event for " + e.type());
    }

    private static InvoiceEvents.Contact contact(Contact c) {
        return new InvoiceEvents.Contact(c.name(), c.email(), c.phone(), c.role(), c.bounced());
    }

    private static java.util.List<InvoiceEvents.InternalUser> users(java.util.List<InternalUser> users) {
        return users == null ? java.util.List.of() : users.stream()
                .map(u -> new InvoiceEvents.InternalUser(u.userId(), u.name(), u.email())).toList();
    }
}
