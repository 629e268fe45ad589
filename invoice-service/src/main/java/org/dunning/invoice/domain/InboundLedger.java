package org.dunning.invoice.domain;

import org.dunning.contract.InboundFacts;
import org.dunning.platform.domain.ValidationFailed;
import org.dunning.platform.domain.Violations;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The ledger's decision on a batch of facts from other systems, in pure code: given what the batch needs from the
 * database ({@link Known}), it decides each fact in the order it came against the state the facts before it left,
 * and says what to write (events per stream, read-model rows, the record of what was applied) and which facts are
 * refused and why. A refused fact changes nothing; a fact whose document version is not above the applied one is a
 * duplicate or arrived late and changes nothing either.
 */
public final class InboundLedger {

    /** A source document: which ledger record it became is kept under this key. */
    public record RefKey(String tenant, String source, String entity, String externalId) {
    }

    /** The ledger record a source document became and its last applied version. */
    public record Ref(UUID internalId, long lastVersion) {
    }

    /** What the batch needs from the database. */
    public record Known(Map<RefKey, Ref> refs, Map<UUID, Invoices.State> invoices, Map<UUID, Customers.State> customers,
                        Set<List<String>> invoiceNumbers, Set<List<String>> creditNoteNumbers) {
    }

    /** Events to append to one stream after {@code expectedVersion}, the version loaded. */
    public record Append(String tenant, String stream, String partitionKey, long expectedVersion, List<Object> events) {
    }

    /** An invoice, customer or credit note as the batch leaves it; {@code created} when the batch made it. */
    public record Written<S>(String tenant, UUID id, S state, boolean created, String number) {
    }

    /** A credit note the batch issued: as issued, and as its allocations leave it. */
    public record CreditNote(CreditNotes.CreditNoteIssued issued, CreditNotes.State state) {
    }

    /** The outcome of a batch. */
    public record Decision(List<Append> appends, List<Written<Invoices.State>> invoices,
                           List<Written<Customers.State>> customers, List<Written<CreditNote>> creditNotes,
                           Map<RefKey, Ref> refs, Map<Integer, RuntimeException> refused) {
    }

    /** The refs a batch reads: each fact's own document and the documents it names. */
    public static Set<RefKey> refsNeeded(List<InboundFacts.Fact> facts) {
        Set<RefKey> keys = new LinkedHashSet<>();
        for (InboundFacts.Fact f : facts) {
            if (!valid(f)) {
                continue;
            }
            keys.add(own(f));
            if (f instanceof InboundFacts.InvoiceUpserted i && present(i.customerExternalId())) {
                keys.add(named(f, "customer", i.customerExternalId()));
            } else if (f instanceof InboundFacts.PaymentReceived p && present(p.invoiceExternalId())) {
                keys.add(named(f, "invoice", p.invoiceExternalId()));
            } else if (f instanceof InboundFacts.CreditNoteIssued n) {
                if (present(n.customerExternalId())) {
                    keys.add(named(f, "customer", n.customerExternalId()));
                }
                for (InboundFacts.Allocation a : n.allocations() == null ? List.<InboundFacts.Allocation>of()
                        : n.allocations()) {
                    if (a != null && present(a.invoiceExternalId())) {
                        keys.add(named(f, "invoice", a.invoiceExternalId()));
                    }
                }
            }
        }
        return keys;
    }

    /** The (tenant, number) pairs of the invoices and credit notes the batch may issue. */
    public static Set<List<String>> numbers(List<InboundFacts.Fact> facts, boolean creditNotes) {
        Set<List<String>> numbers = new HashSet<>();
        for (InboundFacts.Fact f : facts) {
            String number = creditNotes ? f instanceof InboundFacts.CreditNoteIssued n ? n.number() : null
                    : f instanceof InboundFacts.InvoiceUpserted i ? i.number() : null;
            if (f.tenantId() != null && number != null) {
                numbers.add(List.of(f.tenantId(), number.trim()));
            }
        }
        return numbers;
    }

    public static Decision decide(List<InboundFacts.Fact> facts, Known known, Supplier<UUID> ids) {
        return new Run(known, ids).decide(facts);
    }

    public static String customerStream(UUID id) {
        return "customer-" + id;
    }

    public static String invoiceStream(UUID id) {
        return "invoice-" + id;
    }

    public static String creditNoteStream(UUID id) {
        return "credit-note-" + id;
    }

    public static String partitionKey(String tenant, UUID customerId) {
        return tenant + "/" + customerId;
    }

    /** The batch's state while it is decided: what the facts before left, over what was loaded. */
    private static final class Run {
        private final Supplier<UUID> ids;
        private final Map<RefKey, Ref> refs;
        private final Map<UUID, Invoices.State> invoices;
        private final Map<UUID, Customers.State> customers;
        private final Set<List<String>> invoiceNumbers;
        private final Set<List<String>> noteNumbers;
        private final List<Append> appends = new ArrayList<>();
        private final Map<UUID, Written<Invoices.State>> writtenInvoices = new LinkedHashMap<>();
        private final Map<UUID, Written<Customers.State>> writtenCustomers = new LinkedHashMap<>();
        private final Map<UUID, Written<CreditNote>> writtenNotes = new LinkedHashMap<>();
        private final Map<RefKey, Ref> refsWritten = new LinkedHashMap<>();
        /** The one fact being decided: what it changes, kept apart until it is decided whole. */
        private Fact current;

        Run(Known known, Supplier<UUID> ids) {
            this.ids = ids;
            this.refs = new HashMap<>(known.refs());
            this.invoices = new HashMap<>(known.invoices());
            this.customers = new HashMap<>(known.customers());
            this.invoiceNumbers = new HashSet<>(known.invoiceNumbers());
            this.noteNumbers = new HashSet<>(known.creditNoteNumbers());
        }

        Decision decide(List<InboundFacts.Fact> facts) {
            Map<Integer, RuntimeException> refused = new LinkedHashMap<>();
            for (int i = 0; i < facts.size(); i++) {
                current = new Fact();
                try {
                    apply(facts.get(i));
                    current.commit(this);
                } catch (RuntimeException e) {
                    if (!(e instanceof org.dunning.platform.domain.DomainException)
                            && !(e instanceof IllegalArgumentException) && !(e instanceof IllegalStateException)) {
                        throw e;
                    }
                    refused.put(i, e);
                }
            }
            return new Decision(List.copyOf(appends), List.copyOf(writtenInvoices.values()),
                    List.copyOf(writtenCustomers.values()), List.copyOf(writtenNotes.values()), refsWritten, refused);
        }

        private void apply(InboundFacts.Fact fact) {
            validate(fact);
            RefKey key = own(fact);
            Ref ref = ref(key);
            if (ref != null && ref.lastVersion() >= fact.sourceVersion()) {
                return;
            }
            UUID id = act(fact, ref == null ? null : ref.internalId());
            current.refs.put(key, new Ref(id, fact.sourceVersion()));
        }

        private UUID act(InboundFacts.Fact fact, UUID existing) {
            String t = fact.tenantId();
            if (fact instanceof InboundFacts.CustomerUpserted c) {
                List<Contact> contacts = c.contacts() == null ? List.of() : c.contacts().stream()
                        .map(k -> Contact.of(k.name(), k.email(), k.phone(), k.role())).toList();
                if (existing == null) {
                    UUID id = ids.get();
                    Customers.Details details = new Customers.Details(c.name(), c.language(), c.segment(), contacts,
                            c.externalId(), null, c.billingAddress());
                    customer(t, id, Customers.State.NONE,
                            Customers.decide(new Customers.RegisterCustomer(id, details), Customers.State.NONE));
                    return id;
                }
                Customers.State state = customer(existing);
                // Colleagues assigned in dunning stay; the source system knows nothing of them. A fact without an
                // address keeps the one the customer has (a source system that sends none erases nothing).
                Customers.Details details = new Customers.Details(c.name(), c.language(), c.segment(), contacts,
                        c.externalId(), state.details().internalUsers(), c.billingAddress() != null
                        ? c.billingAddress() : state.details().billingAddress());
                customer(t, existing, state, Customers.decide(new Customers.UpdateCustomer(details), state));
                return existing;
            }
            if (fact instanceof InboundFacts.InvoiceUpserted i) {
                if (existing != null) {
                    invoice(t, existing, new Invoices.ChangeDueDate(i.dueDate()));
                    invoice(t, existing, new Invoices.ChangeAmount(i.amount()));
                    if (i.paymentUrl() != null) { // a fact without a link keeps the one the invoice has
                        invoice(t, existing, new Invoices.SetPaymentLink(i.paymentUrl()));
                    }
                    return existing;
                }
                UUID customer = required(fact, "customer", i.customerExternalId(), "customerExternalId");
                return issue(t, customer, i);
            }
            if (fact instanceof InboundFacts.PaymentReceived p) {
                UUID invoice = required(fact, "invoice", p.invoiceExternalId(), "invoiceExternalId");
                invoice(t, invoice, new Invoices.RecordPayment(p.sourceSystem() + ":" + p.externalId(), p.amount(),
                        p.paidOn()));
                return invoice;
            }
            if (fact instanceof InboundFacts.CreditNoteIssued n) {
                // A credit note is issued once; what a later version changes is not taken.
                return existing != null ? existing : creditNote(fact, n);
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
            if (existing == null) {
                throw ValidationFailed.of("externalId", "no invoice " + fact.externalId() + " from "
                        + fact.sourceSystem() + " is known");
            }
            invoice(t, existing, command);
            return existing;
        }

        private UUID issue(String t, UUID customerId, InboundFacts.InvoiceUpserted i) {
            UUID id = ids.get();
            Invoices.IssueInvoice command = new Invoices.IssueInvoice(id, customerId, i.number(), i.issueDate(),
                    i.dueDate(), i.currency(), i.amount(), i.paymentUrl());
            List<InvoiceEvent> events = Invoices.decide(command, Invoices.State.NONE);
            Customers.State customer = customer(customerId);
            if (customer.version() == 0) {
                throw ValidationFailed.of("customerId", "no such customer");
            }
            if (customer.archived()) {
                throw ValidationFailed.of("customerId", "the customer is archived");
            }
            String number = ((InvoiceEvent.InvoiceIssued) events.get(0)).number();
            if (!current.invoiceNumbers.add(List.of(t, number)) || invoiceNumbers.contains(List.of(t, number))) {
                throw new org.dunning.platform.domain.Conflict("invoice number " + number + " exists already");
            }
            Invoices.State after = Invoices.replay(events);
            current.append(t, invoiceStream(id), partitionKey(t, customerId), 0, events);
            current.invoices.put(id, new Written<>(t, id, after, true, number));
            return id;
        }

        private UUID creditNote(InboundFacts.Fact fact, InboundFacts.CreditNoteIssued n) {
            String t = fact.tenantId();
            UUID customer = required(fact, "customer", n.customerExternalId(), "customerExternalId");
            if (customer(customer).version() == 0) {
                throw ValidationFailed.of("customerId", "no such customer");
            }
            UUID id = ids.get();
            List<CreditNotes.Event> issued = CreditNotes.decide(new CreditNotes.IssueCreditNote(id, customer,
                    n.number(), n.issueDate(), n.currency(), n.amount()), CreditNotes.State.NONE);
            String number = ((CreditNotes.CreditNoteIssued) issued.get(0)).number();
            if (!current.noteNumbers.add(List.of(t, number)) || noteNumbers.contains(List.of(t, number))) {
                throw new org.dunning.platform.domain.Conflict("credit note number " + number + " exists already");
            }
            String key = partitionKey(t, customer);
            current.append(t, creditNoteStream(id), key, 0, issued);
            CreditNotes.State state = CreditNotes.replay(issued);
            List<InboundFacts.Allocation> allocations = n.allocations() == null ? List.of() : n.allocations();
            for (int i = 0; i < allocations.size(); i++) {
                InboundFacts.Allocation a = allocations.get(i);
                UUID invoiceId = required(fact, "invoice", a == null ? null : a.invoiceExternalId(),
                        "allocations[" + i + "].invoiceExternalId");
                Invoices.State invoice = invoice(invoiceId);
                List<CreditNotes.Event> allocated = CreditNotes.decide(new CreditNotes.Allocate(invoiceId,
                        invoice.customerId(), invoice.currency(), a.amount()), state);
                invoice(t, invoiceId, new Invoices.ApplyCredit(id, ((CreditNotes.CreditNoteAllocated) allocated.get(0))
                        .amount()));
                current.append(t, creditNoteStream(id), key, state.version(), allocated);
                for (CreditNotes.Event e : allocated) {
                    state = CreditNotes.evolve(state, e);
                }
            }
            current.notes.put(id, new Written<>(t, id, new CreditNote((CreditNotes.CreditNoteIssued) issued.get(0), state),
                    true, number));
            return id;
        }

        /** Runs a command on an invoice as the batch has left it so far. */
        private void invoice(String t, UUID id, Invoices.Command command) {
            Invoices.State before = invoice(id);
            List<InvoiceEvent> events = Invoices.decide(command, before);
            if (events.isEmpty()) {
                return;
            }
            Invoices.State after = before;
            for (InvoiceEvent e : events) {
                after = Invoices.evolve(after, e);
            }
            current.append(t, invoiceStream(id), partitionKey(t, after.customerId()), before.version(), events);
            Written<Invoices.State> was = current.invoices.get(id) != null ? current.invoices.get(id)
                    : writtenInvoices.get(id);
            current.invoices.put(id, new Written<>(t, id, after, was != null && was.created(),
                    was == null ? null : was.number()));
        }

        private void customer(String t, UUID id, Customers.State before, List<CustomerEvent> events) {
            if (events.isEmpty()) {
                return;
            }
            Customers.State after = before;
            for (CustomerEvent e : events) {
                after = Customers.evolve(after, e);
            }
            current.append(t, customerStream(id), partitionKey(t, id), before.version(), events);
            Written<Customers.State> was = writtenCustomers.get(id);
            current.customers.put(id, new Written<>(t, id, after, before.version() == 0 || was != null && was.created(),
                    null));
        }

        private UUID required(InboundFacts.Fact f, String entity, String externalId, String field) {
            if (!present(externalId)) {
                throw ValidationFailed.of(field, "required");
            }
            Ref ref = ref(named(f, entity, externalId));
            if (ref == null) {
                throw ValidationFailed.of(field, "no " + entity + " " + externalId + " from " + f.sourceSystem()
                        + " is known");
            }
            return ref.internalId();
        }

        private Ref ref(RefKey key) {
            return current.refs.containsKey(key) ? current.refs.get(key) : refs.get(key);
        }

        private Invoices.State invoice(UUID id) {
            Written<Invoices.State> w = current.invoices.get(id);
            return w != null ? w.state() : invoices.getOrDefault(id, Invoices.State.NONE);
        }

        private Customers.State customer(UUID id) {
            Written<Customers.State> w = current.customers.get(id);
            return w != null ? w.state() : customers.getOrDefault(id, Customers.State.NONE);
        }
    }

    /** What one fact changes, taken into the batch only when the whole fact is decided. */
    private static final class Fact {
        private final Map<RefKey, Ref> refs = new LinkedHashMap<>();
        private final Map<UUID, Written<Invoices.State>> invoices = new LinkedHashMap<>();
        private final Map<UUID, Written<Customers.State>> customers = new LinkedHashMap<>();
        private final Map<UUID, Written<CreditNote>> notes = new LinkedHashMap<>();
        private final Set<List<String>> invoiceNumbers = new HashSet<>();
        private final Set<List<String>> noteNumbers = new HashSet<>();
        private final List<Append> appends = new ArrayList<>();

        void append(String tenant, String stream, String key, long expectedVersion, List<?> events) {
            appends.add(new Append(tenant, stream, key, expectedVersion, List.copyOf(events)));
        }

        void commit(Run run) {
            run.refs.putAll(refs);
            run.refsWritten.putAll(refs);
            invoices.forEach((id, w) -> run.invoices.put(id, w.state()));
            customers.forEach((id, w) -> run.customers.put(id, w.state()));
            run.writtenInvoices.putAll(invoices);
            run.writtenCustomers.putAll(customers);
            run.writtenNotes.putAll(notes);
            run.invoiceNumbers.addAll(invoiceNumbers);
            run.noteNumbers.addAll(noteNumbers);
            // in the order decided, so the events keep the order the facts came in
            run.appends.addAll(appends);
        }
    }

    private static void validate(InboundFacts.Fact f) {
        new Violations()
                .check(present(f.tenantId()), "tenantId", "required")
                .check(present(f.sourceSystem()), "sourceSystem", "required")
                .check(present(f.externalId()), "externalId", "required")
                .check(f.sourceVersion() != null && f.sourceVersion() >= 0, "sourceVersion", "required, 0 or more")
                .throwIfAny();
    }

    private static boolean valid(InboundFacts.Fact f) {
        return present(f.tenantId()) && present(f.sourceSystem()) && present(f.externalId());
    }

    private static boolean present(String s) {
        return s != null && !s.isBlank();
    }

    private static RefKey own(InboundFacts.Fact f) {
        return new RefKey(f.tenantId(), f.sourceSystem(), entity(f), f.externalId());
    }

    private static RefKey named(InboundFacts.Fact f, String entity, String externalId) {
        return new RefKey(f.tenantId(), f.sourceSystem(), entity, externalId);
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

    private InboundLedger() {
    }
}
