package org.dunning.invoice.persistence;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.dunning.contract.InboundFacts;
import org.dunning.invoice.domain.CustomerEvent;
import org.dunning.invoice.domain.Customers;
import org.dunning.invoice.domain.InboundLedger;
import org.dunning.invoice.domain.InboundLedger.Ref;
import org.dunning.invoice.domain.InboundLedger.RefKey;
import org.dunning.invoice.domain.InboundLedger.Written;
import org.dunning.invoice.domain.InvoiceEvent;
import org.dunning.invoice.domain.Invoices;
import org.dunning.platform.eventstore.DomainEvents;
import org.dunning.platform.eventstore.EventStore;
import org.dunning.platform.eventstore.NewEvent;
import org.dunning.platform.eventstore.StoredEvent;
import org.dunning.platform.persistence.Sql;
import org.dunning.platform.persistence.SqlValues;
import org.hibernate.reactive.mutiny.Mutiny;

import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.dunning.platform.persistence.SqlValues.texts;

/**
 * Applies a batch of facts from other systems to the ledger in the batch's transaction, in three steps: load what
 * the batch needs (the records of what was applied, locked; the streams they point to; the numbers taken) in three
 * queries, decide in pure code ({@link InboundLedger}), and write the events, the read models and the record of what
 * was applied in one statement per table. A document version is applied once; a version at or below the last applied
 * one (a duplicate, or one that arrived late) changes nothing; a fact the ledger's rules refuse is refused whole and
 * the others are applied.
 */
@ApplicationScoped
public class InboundRepository {

    private static final DomainEvents<InvoiceEvent> INVOICE_EVENTS = DomainEvents.of(InvoiceEvent.class);
    private static final DomainEvents<CustomerEvent> CUSTOMER_EVENTS = DomainEvents.of(CustomerEvent.class);
    private static final ContactsConverter CONTACTS = new ContactsConverter();
    private static final InternalUsersConverter USERS = new InternalUsersConverter();
    private static final AddressConverter ADDRESS = new AddressConverter();

    private final EventStore store;
    private final Clock clock;

    public InboundRepository(EventStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** @return the facts refused, by their index in {@code facts}, with why */
    public Uni<Map<Integer, RuntimeException>> applyAll(Mutiny.Session s, List<InboundFacts.Fact> facts) {
        return refs(s, InboundLedger.refsNeeded(facts))
                .chain(refs -> streams(s, refs).chain(states -> numbers(s, facts).map(numbers ->
                        new InboundLedger.Known(refs, states.invoices(), states.customers(), numbers.get(false),
                                numbers.get(true)))))
                .map(known -> InboundLedger.decide(facts, known, UUID::randomUUID))
                .chain(decision -> write(s, decision).replaceWith(decision.refused()));
    }

    /** The records of what was applied, locked in one order so that two batches never wait for each other. */
    private static Uni<Map<RefKey, Ref>> refs(Mutiny.Session s, Set<RefKey> keys) {
        if (keys.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        List<RefKey> list = List.copyOf(keys);
        return Sql.of(s, "SELECT r.tenant_id, r.source_system, r.entity, r.external_id, r.internal_id, "
                        + "r.last_version FROM external_refs r JOIN unnest(cast(:t as text[]), cast(:s as text[]), "
                        + "cast(:e as text[]), cast(:x as text[])) AS k(t, s, e, x) ON r.tenant_id = k.t AND "
                        + "r.source_system = k.s AND r.entity = k.e AND r.external_id = k.x ORDER BY r.tenant_id, "
                        + "r.source_system, r.entity, r.external_id FOR UPDATE OF r")
                .setParameter("t", texts(list, RefKey::tenant)).setParameter("s", texts(list, RefKey::source))
                .setParameter("e", texts(list, RefKey::entity)).setParameter("x", texts(list, RefKey::externalId))
                .getResultList()
                .map(rows -> {
                    Map<RefKey, Ref> refs = new HashMap<>();
                    for (Object[] r : rows) {
                        refs.put(new RefKey((String) r[0], (String) r[1], (String) r[2], (String) r[3]),
                                new Ref(SqlValues.uuid(r[4]), ((Number) r[5]).longValue()));
                    }
                    return refs;
                });
    }

    private record States(Map<UUID, Invoices.State> invoices, Map<UUID, Customers.State> customers) {
    }

    /** The invoices and customers the refs point to, replayed from their streams in one query. */
    private Uni<States> streams(Mutiny.Session s, Map<RefKey, Ref> refs) {
        Map<String, String> tenantOf = new LinkedHashMap<>();
        refs.forEach((key, ref) -> {
            switch (key.entity()) {
                case "customer" -> tenantOf.put(InboundLedger.customerStream(ref.internalId()), key.tenant());
                case "invoice", "payment" -> tenantOf.put(InboundLedger.invoiceStream(ref.internalId()), key.tenant());
                default -> {
                    // a credit note is issued once; its stream is not needed again
                }
            }
        });
        List<String> streams = List.copyOf(tenantOf.keySet());
        return store.loadAll(s, streams.stream().map(tenantOf::get).toList(), streams).map(events -> {
            Map<String, List<StoredEvent>> byStream = new LinkedHashMap<>();
            for (StoredEvent e : events) {
                byStream.computeIfAbsent(e.streamId(), k -> new ArrayList<>()).add(e);
            }
            Map<UUID, Invoices.State> invoices = new HashMap<>();
            Map<UUID, Customers.State> customers = new HashMap<>();
            byStream.forEach((stream, stored) -> {
                if (stream.startsWith("invoice-")) {
                    Invoices.State state = Invoices.replay(INVOICE_EVENTS.readAll(stored));
                    invoices.put(state.invoiceId(), state);
                } else {
                    Customers.State state = Customers.replay(CUSTOMER_EVENTS.readAll(stored));
                    customers.put(state.customerId(), state);
                }
            });
            return new States(invoices, customers);
        });
    }

    /** The invoice numbers (false) and credit note numbers (true) of the batch that are taken already. */
    private static Uni<Map<Boolean, Set<List<String>>>> numbers(Mutiny.Session s, List<InboundFacts.Fact> facts) {
        List<List<String>> invoices = List.copyOf(InboundLedger.numbers(facts, false));
        List<List<String>> notes = List.copyOf(InboundLedger.numbers(facts, true));
        Map<Boolean, Set<List<String>>> taken = new HashMap<>(Map.of(false, new HashSet<>(), true, new HashSet<>()));
        if (invoices.isEmpty() && notes.isEmpty()) {
            return Uni.createFrom().item(taken);
        }
        return Sql.of(s, "SELECT false, i.tenant_id, i.number FROM invoices i JOIN unnest(cast(:it as "
                        + "text[]), cast(:in as text[])) AS k(t, n) ON i.tenant_id = k.t AND i.number = k.n UNION ALL "
                        + "SELECT true, c.tenant_id, c.number FROM credit_notes c JOIN unnest(cast(:ct as text[]), "
                        + "cast(:cn as text[])) AS k(t, n) ON c.tenant_id = k.t AND c.number = k.n")
                .setParameter("it", texts(invoices, k -> k.get(0))).setParameter("in", texts(invoices, k -> k.get(1)))
                .setParameter("ct", texts(notes, k -> k.get(0))).setParameter("cn", texts(notes, k -> k.get(1)))
                .getResultList()
                .map(rows -> {
                    for (Object[] r : rows) {
                        taken.get((Boolean) r[0]).add(List.of((String) r[1], (String) r[2]));
                    }
                    return taken;
                });
    }

    /** One statement per table: events, customers, invoices, credit notes, the record of what was applied. */
    private Uni<Void> write(Mutiny.Session s, InboundLedger.Decision d) {
        List<EventStore.Pending> pending = d.appends().stream().map(a -> new EventStore.Pending(a.tenant(),
                a.stream(), a.partitionKey(), a.expectedVersion(), NewEvent.of(a.events()))).toList();
        return store.appendAll(s, pending)
                .chain(() -> insertCustomers(s, created(d.customers(), true)))
                .chain(() -> updateCustomers(s, created(d.customers(), false)))
                .chain(() -> insertInvoices(s, created(d.invoices(), true)))
                .chain(() -> updateInvoices(s, created(d.invoices(), false)))
                .chain(() -> insertCreditNotes(s, d.creditNotes()))
                .chain(() -> rememberRefs(s, d.refs()));
    }

    private static <S> List<Written<S>> created(List<Written<S>> rows, boolean created) {
        return rows.stream().filter(w -> w.created() == created).toList();
    }

    private Uni<Void> insertCustomers(Mutiny.Session s, List<Written<Customers.State>> rows) {
        if (rows.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return customerColumns(Sql.of(s, "INSERT INTO customers (id, tenant_id, name, language, segment, "
                        + "contacts, external_reference, internal_users, billing_address, archived, version, created_at) "
                        + "SELECT c.id, c.t, c.n, c.l, c.s, c.c, c.x, c.u, c.ad, c.a, c.v, :at FROM " + CUSTOMER_COLUMNS), rows)
                .setParameter("at", clock.instant().atOffset(ZoneOffset.UTC))
                .executeUpdate().replaceWithVoid();
    }

    private static Uni<Void> updateCustomers(Mutiny.Session s, List<Written<Customers.State>> rows) {
        if (rows.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return customerColumns(Sql.of(s, "UPDATE customers SET name = c.n, language = c.l, segment = c.s, "
                        + "contacts = c.c, external_reference = c.x, internal_users = c.u, billing_address = c.ad, "
                        + "archived = c.a, version = c.v FROM " + CUSTOMER_COLUMNS + " WHERE customers.id = c.id AND customers.tenant_id = c.t"), rows)
                .executeUpdate().replaceWithVoid();
    }

    /** A customer row's columns as {@code unnest} of arrays, aliased {@code c}. */
    private static final String CUSTOMER_COLUMNS = "unnest(cast(:id as uuid[]), cast(:t as text[]), cast(:n as text[]), "
            + "cast(:l as text[]), cast(:s as text[]), cast(:c as text[]), cast(:x as text[]), cast(:u as text[]), "
            + "cast(:ad as text[]), cast(cast(:a as text[]) as boolean[]), cast(cast(:v as text[]) as bigint[])) "
            + "AS c(id, t, n, l, s, c, x, u, ad, a, v)";

    private static Sql.Statement customerColumns(Sql.Statement q, List<Written<Customers.State>> rows) {
        q.setParameter("id", rows.stream().map(Written::id).toArray(UUID[]::new))
                .setParameter("t", texts(rows, Written::tenant))
                .setParameter("n", texts(rows, w -> w.state().details().name()))
                .setParameter("l", texts(rows, w -> w.state().details().language()))
                .setParameter("s", texts(rows, w -> w.state().details().segment()))
                .setParameter("c", texts(rows, w -> CONTACTS.convertToDatabaseColumn(w.state().details().contacts())))
                .setParameter("x", texts(rows, w -> w.state().details().externalReference()))
                .setParameter("u", texts(rows, w -> USERS.convertToDatabaseColumn(w.state().details().internalUsers())))
                .setParameter("ad", texts(rows, w -> ADDRESS.convertToDatabaseColumn(w.state().details().billingAddress())))
                .setParameter("a", texts(rows, w -> w.state().archived()))
                .setParameter("v", texts(rows, w -> w.state().version()));
        return q;
    }

    /** New invoices' read-model rows in one statement (also a REST issue's one row). */
    static Uni<Void> insertInvoices(Mutiny.Session s, List<Written<Invoices.State>> rows) {
        if (rows.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return invoiceState(Sql.of(s, "INSERT INTO invoices (id, tenant_id, due_date, amount, outstanding, "
                        + "status, disputed, expected_payment_date, version, payment_url, customer_id, number, issue_date, "
                        + "currency) SELECT i.id, i.t, i.d, i.a, i.o, i.st, i.di, i.e, i.v, i.pu, k.c, k.n, k.i, k.cu FROM "
                        + INVOICE_STATE + " JOIN unnest(cast(:id as uuid[]), cast(:c as uuid[]), cast(:n as text[]), "
                        + "cast(cast(:i as text[]) as date[]), cast(:cu as text[])) AS k(id, c, n, i, cu) ON k.id = i.id"),
                rows)
                .setParameter("c", rows.stream().map(w -> w.state().customerId()).toArray(UUID[]::new))
                .setParameter("n", texts(rows, Written::number))
                .setParameter("i", texts(rows, w -> w.state().issueDate()))
                .setParameter("cu", texts(rows, w -> w.state().currency()))
                .executeUpdate().replaceWithVoid();
    }

    private static Uni<Void> updateInvoices(Mutiny.Session s, List<Written<Invoices.State>> rows) {
        if (rows.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return invoiceState(Sql.of(s, "UPDATE invoices SET due_date = i.d, amount = i.a, outstanding = i.o, "
                        + "status = i.st, disputed = i.di, expected_payment_date = i.e, version = i.v, payment_url = i.pu FROM "
                        + INVOICE_STATE + " WHERE invoices.id = i.id AND invoices.tenant_id = i.t"), rows)
                .executeUpdate().replaceWithVoid();
    }

    /** What an invoice's events change, as {@code unnest} of arrays, aliased {@code i}. */
    private static final String INVOICE_STATE = "unnest(cast(:id as uuid[]), cast(:t as text[]), "
            + "cast(cast(:d as text[]) as date[]), cast(cast(:a as text[]) as numeric[]), "
            + "cast(cast(:o as text[]) as numeric[]), cast(:st as text[]), cast(cast(:di as text[]) as boolean[]), "
            + "cast(cast(:e as text[]) as date[]), cast(cast(:v as text[]) as bigint[]), cast(:pu as text[])) "
            + "AS i(id, t, d, a, o, st, di, e, v, pu)";

    private static Sql.Statement invoiceState(Sql.Statement q, List<Written<Invoices.State>> rows) {
        q.setParameter("id", rows.stream().map(Written::id).toArray(UUID[]::new))
                .setParameter("t", texts(rows, Written::tenant))
                .setParameter("d", texts(rows, w -> w.state().dueDate()))
                .setParameter("a", texts(rows, w -> w.state().amount().toPlainString()))
                .setParameter("o", texts(rows, w -> w.state().outstanding().toPlainString()))
                .setParameter("st", texts(rows, w -> w.state().status().name()))
                .setParameter("di", texts(rows, w -> w.state().disputed()))
                .setParameter("e", texts(rows, w -> w.state().expectedPaymentDate()))
                .setParameter("v", texts(rows, w -> w.state().version()))
                .setParameter("pu", texts(rows, w -> w.state().paymentUrl()));
        return q;
    }

    private static Uni<Void> insertCreditNotes(Mutiny.Session s, List<Written<InboundLedger.CreditNote>> rows) {
        if (rows.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Sql.of(s, "INSERT INTO credit_notes (id, tenant_id, customer_id, number, issue_date, "
                        + "currency, amount, unallocated, version) SELECT * FROM unnest(cast(:id as uuid[]), "
                        + "cast(:t as text[]), cast(:c as uuid[]), cast(:n as text[]), "
                        + "cast(cast(:i as text[]) as date[]), cast(:cu as text[]), "
                        + "cast(cast(:a as text[]) as numeric[]), cast(cast(:u as text[]) as numeric[]), "
                        + "cast(cast(:v as text[]) as bigint[]))")
                .setParameter("id", rows.stream().map(Written::id).toArray(UUID[]::new))
                .setParameter("t", texts(rows, Written::tenant))
                .setParameter("c", rows.stream().map(w -> w.state().issued().customerId()).toArray(UUID[]::new))
                .setParameter("n", texts(rows, Written::number))
                .setParameter("i", texts(rows, w -> w.state().issued().issueDate()))
                .setParameter("cu", texts(rows, w -> w.state().issued().currency()))
                .setParameter("a", texts(rows, w -> w.state().issued().amount().toPlainString()))
                .setParameter("u", texts(rows, w -> w.state().state().unallocated().toPlainString()))
                .setParameter("v", texts(rows, w -> w.state().state().version()))
                .executeUpdate().replaceWithVoid();
    }

    private static Uni<Void> rememberRefs(Mutiny.Session s, Map<RefKey, Ref> refs) {
        if (refs.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Map.Entry<RefKey, Ref>> rows = List.copyOf(refs.entrySet());
        return Sql.of(s, "INSERT INTO external_refs (tenant_id, source_system, entity, external_id, "
                        + "internal_id, last_version) SELECT * FROM unnest(cast(:t as text[]), cast(:s as text[]), "
                        + "cast(:e as text[]), cast(:x as text[]), cast(:id as uuid[]), "
                        + "cast(cast(:v as text[]) as bigint[])) ON CONFLICT (tenant_id, source_system, entity, "
                        + "external_id) DO UPDATE SET last_version = excluded.last_version")
                .setParameter("t", texts(rows, r -> r.getKey().tenant()))
                .setParameter("s", texts(rows, r -> r.getKey().source()))
                .setParameter("e", texts(rows, r -> r.getKey().entity()))
                .setParameter("x", texts(rows, r -> r.getKey().externalId()))
                .setParameter("id", rows.stream().map(r -> r.getValue().internalId()).toArray(UUID[]::new))
                .setParameter("v", texts(rows, r -> r.getValue().lastVersion()))
                .executeUpdate().replaceWithVoid();
    }
}
