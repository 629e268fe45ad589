package org.dunning.invoice.persistence;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.dunning.contract.InboundFacts;
import org.dunning.invoice.domain.Contact;
import org.dunning.invoice.domain.CreditNotes;
import org.dunning.invoice.domain.Customers;
import org.dunning.invoice.domain.Invoices;
import org.dunning.platform.domain.ValidationFailed;
import org.dunning.platform.domain.Violations;
import org.dunning.platform.persistence.SqlValues;
import org.hibernate.reactive.mutiny.Mutiny;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Applies facts from other systems to the ledger, in one transaction with the record of what was applied: a
 * document version is applied once; a version at or below the last applied one (a duplicate, or one that arrived
 * late) changes nothing. The ledger's own rules decide; a fact they refuse is refused whole.
 */
@ApplicationScoped
public class InboundRepository {

    /** What became of a fact. */
    public record Outcome(boolean applied, String detail) {
    }

    private record Ref(UUID internalId, long lastVersion) {
    }

    private final LedgerRepository ledger;

    public InboundRepository(LedgerRepository ledger) {
        this.ledger = ledger;
    }

    @WithTransaction
    public Uni<Outcome> apply(InboundFacts.Fact fact) {
        validate(fact);
        String entity = entity(fact);
        return Panache.getSession().chain(s -> ref(s, fact.tenantId(), fact.sourceSystem(), entity, fact.externalId(), true)
                .chain(ref -> {
                    if (ref.isPresent() && ref.get().lastVersion() >= fact.sourceVersion()) {
                        return Uni.createFrom().item(new Outcome(false, "version " + fact.sourceVersion()
                                + " is not above the applied version " + ref.get().lastVersion()));
                    }
                    return act(s, fact, ref.map(Ref::internalId))
                            .chain(id -> remember(s, fact, entity, id))
                            .replaceWith(new Outcome(true, "applied version " + fact.sourceVersion()));
                }));
    }

    private Uni<UUID> act(Mutiny.Session s, InboundFacts.Fact fact, Optional<UUID> existing) {
        String t = fact.tenantId();
        if (fact instanceof InboundFacts.CustomerUpserted c) {
            List<Contact> contacts = c.contacts() == null ? List.of() : c.contacts().stream()
                    .map(k -> Contact.of(k.name(), k.email(), k.phone(), k.role())).toList();
            Customers.Details details = new Customers.Details(c.name(), c.language(), c.segment(), contacts,
                    c.externalId(), null);
            if (existing.isEmpty()) {
                return ledger.register(t, null, null, new Customers.RegisterCustomer(UUID.randomUUID(), details))
                        .map(row -> row.id);
            }
            return ledger.customer(t, existing.get()).chain(current -> {
                // Colleagues assigned in dunning stay; the source system knows nothing of them.
                Customers.UpdateCustomer update = new Customers.UpdateCustomer(new Customers.Details(details.name(),
                        details.language(), details.segment(), contacts, details.externalReference(),
                        current.internalUsers));
                return ledger.changeCustomer(t, existing.get(), null, state -> Customers.decide(update, state));
            }).map(row -> row.id);
        }
        if (fact instanceof InboundFacts.InvoiceUpserted i) {
            if (existing.isPresent()) {
                UUID id = existing.get();
                return ledger.change(t, id, null, new Invoices.ChangeDueDate(i.dueDate()))
                        .chain(() -> ledger.change(t, id, null, new Invoices.ChangeAmount(i.amount())))
                        .replaceWith(id);
            }
            return required(s, fact, "customer", i.customerExternalId(), "customerExternalId")
                    .chain(customer -> ledger.issue(t, null, null, new Invoices.IssueInvoice(UUID.randomUUID(),
                            customer, i.number(), i.issueDate(), i.dueDate(), i.currency(), i.amount())))
                    .map(row -> row.id);
        }
        if (fact instanceof InboundFacts.PaymentReceived p) {
            return required(s, fact, "invoice", p.invoiceExternalId(), "invoiceExternalId")
                    .chain(invoice -> ledger.change(t, invoice, null, new Invoices.RecordPayment(
                            p.sourceSystem() + ":" + p.externalId(), p.amount(), p.paidOn())).replaceWith(invoice));
        }
        if (fact instanceof InboundFacts.CreditNoteIssued n) {
            if (existing.isPresent()) {
                // A credit note is issued once; what a later version changes is not taken.
                return Uni.createFrom().item(existing.get());
            }
            return required(s, fact, "customer", n.customerExternalId(), "customerExternalId")
                    .chain(customer -> ledger.issueCreditNote(t, null, null, new CreditNotes.IssueCreditNote(
                            UUID.randomUUID(), customer, n.number(), n.issueDate(), n.currency(), n.amount())))
                    .chain(note -> allocate(s, fact, note.id, n.allocations() == null ? List.of() : n.allocations())
                            .replaceWith(note.id));
        }
        Invoices.Command command;
        if (fact instanceof InboundFacts.InvoiceCancelled c) {
            command = new Invoices.Cancel(c.reason());
        } else if (fact instanceof InboundFacts.InvoiceDisputed d) {
            command = new Invoices.OpenDispute(d.reason());
        } else if (fact instanceof InboundFacts.InvoiceDisputeResolved r) {
            command = new Invoices.ResolveDispute(r.note());
        } else {
            throw new IllegalArgumentException("unknown fact " + fact.getClass());
        }
        UUID invoice = existing.orElseThrow(() -> ValidationFailed.of("externalId",
                "no invoice " + fact.externalId() + " from " + fact.sourceSystem() + " is known"));
        return ledger.change(t, invoice, null, command).replaceWith(invoice);
    }

    private Uni<Void> allocate(Mutiny.Session s, InboundFacts.Fact f, UUID note, List<InboundFacts.Allocation> todo) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (int i = 0; i < todo.size(); i++) {
            InboundFacts.Allocation a = todo.get(i);
            String field = "allocations[" + i + "].invoiceExternalId";
            chain = chain.chain(() -> required(s, f, "invoice", a.invoiceExternalId(), field)
                    .chain(invoice -> ledger.allocate(f.tenantId(), note, invoice, a.amount())).replaceWithVoid());
        }
        return chain;
    }

    private static String entity(InboundFacts.Fact fact) {
        if (fact instanceof InboundFacts.CustomerUpserted) {
            return "customer";
        }
        if (fact instanceof InboundFacts.CreditNoteIssued) {
            return "credit-note";
        }
        return fact instanceof InboundFacts.PaymentReceived ? "payment" : "invoice";
    }

    private static void validate(InboundFacts.Fact f) {
        new Violations()
                .check(f.tenantId() != null && !f.tenantId().isBlank(), "tenantId", "required")
                .check(f.sourceSystem() != null && !f.sourceSystem().isBlank(), "sourceSystem", "required")
                .check(f.externalId() != null && !f.externalId().isBlank(), "externalId", "required")
                .check(f.sourceVersion() != null && f.sourceVersion() >= 0, "sourceVersion", "required, 0 or more")
                .throwIfAny();
    }

    private Uni<UUID> required(Mutiny.Session s, InboundFacts.Fact f, String entity, String externalId, String field) {
        if (externalId == null || externalId.isBlank()) {
            throw ValidationFailed.of(field, "required");
        }
        return ref(s, f.tenantId(), f.sourceSystem(), entity, externalId, false)
                .map(ref -> ref.orElseThrow(() -> ValidationFailed.of(field, "no " + entity + " " + externalId
                        + " from " + f.sourceSystem() + " is known")).internalId());
    }

    private static Uni<Optional<Ref>> ref(Mutiny.Session s, String tenant, String source, String entity,
                                          String externalId, boolean lock) {
        return s.createNativeQuery("SELECT internal_id, last_version FROM external_refs WHERE tenant_id = :t "
                        + "AND source_system = :s AND entity = :e AND external_id = :x" + (lock ? " FOR UPDATE" : ""),
                        Object[].class)
                .setParameter("t", tenant).setParameter("s", source).setParameter("e", entity)
                .setParameter("x", externalId).getResultList()
                .map(rows -> rows.stream().findFirst()
                        .map(r -> new Ref(SqlValues.uuid(r[0]), ((Number) r[1]).longValue())));
    }

    private static Uni<Void> remember(Mutiny.Session s, InboundFacts.Fact f, String entity, UUID internalId) {
        return s.createNativeQuery("INSERT INTO external_refs (tenant_id, source_system, entity, external_id, "
                        + "internal_id, last_version) VALUES (:t, :s, :e, :x, :id, :v) ON CONFLICT (tenant_id, "
                        + "source_system, entity, external_id) DO UPDATE SET last_version = excluded.last_version")
                .setParameter("t", f.tenantId()).setParameter("s", f.sourceSystem()).setParameter("e", entity)
                .setParameter("x", f.externalId()).setParameter("id", internalId).setParameter("v", f.sourceVersion())
                .executeUpdate().replaceWithVoid();
    }
}
