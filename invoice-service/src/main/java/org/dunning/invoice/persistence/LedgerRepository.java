package org.dunning.invoice.persistence;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import org.dunning.platform.persistence.Sql;
import org.hibernate.reactive.mutiny.Mutiny;
import jakarta.enterprise.context.ApplicationScoped;
import org.dunning.invoice.domain.CreditNotes;
import org.dunning.invoice.domain.CustomerEvent;
import org.dunning.invoice.domain.InboundLedger.Written;
import org.dunning.invoice.domain.InvoiceQuery;
import org.dunning.invoice.domain.Customers;
import org.dunning.invoice.domain.InvoiceEvent;
import org.dunning.invoice.domain.Invoices;
import org.dunning.platform.domain.Conflict;
import org.dunning.platform.domain.NotFound;
import org.dunning.platform.domain.PreconditionFailed;
import org.dunning.platform.domain.ValidationFailed;
import org.dunning.platform.eventstore.DomainEvents;
import org.dunning.platform.eventstore.EventStore;
import org.dunning.platform.eventstore.NewEvent;
import org.dunning.platform.eventstore.StoredEvent;
import org.dunning.platform.rest.Idempotency;

import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/**
 * Runs the ledger's commands: decide, append to the event store and update the read models, in one transaction.
 * Every query is scoped by tenant.
 */
@ApplicationScoped
public class LedgerRepository {

    private final EventStore store;
    private final Idempotency idempotency;
    private final Clock clock;

    public LedgerRepository(EventStore store, Idempotency idempotency, Clock clock) {
        this.store = store;
        this.idempotency = idempotency;
        this.clock = clock;
    }

    public static String customerStream(UUID id) {
        return org.dunning.invoice.domain.InboundLedger.customerStream(id);
    }

    public static String invoiceStream(UUID id) {
        return org.dunning.invoice.domain.InboundLedger.invoiceStream(id);
    }

    public static String partitionKey(String tenant, UUID customerId) {
        return org.dunning.invoice.domain.InboundLedger.partitionKey(tenant, customerId);
    }

    /** Registers a customer; with an Idempotency-Key a repeat returns the customer the first request made. */
    @WithTransaction
    public Uni<CustomerRow> register(String tenant, String idempotencyKey, Object request,
                                     Customers.RegisterCustomer command) {
        return Panache.getSession()
                .chain(s -> idempotency.once(s, tenant, "customer", idempotencyKey, request,
                        () -> register(tenant, command).map(row -> row.id)))
                .chain(outcome -> CustomerRow.<CustomerRow>findById(outcome.id()));
    }

    /**
     * Issues an invoice; with an Idempotency-Key a repeat returns the invoice the first request made. Besides the
     * transaction's begin and commit, three statements: the customer and the number checked in one query, the
     * event appended, the read model inserted; the answer is the row as written, not read back.
     */
    @WithTransaction
    public Uni<InvoiceRow> issue(String tenant, String idempotencyKey, Object request, Invoices.IssueInvoice command) {
        return Panache.getSession().chain(s -> {
            InvoiceRow[] issued = new InvoiceRow[1];
            return idempotency.once(s, tenant, "invoice", idempotencyKey, request,
                            () -> issue(s, tenant, command).map(row -> (issued[0] = row).id))
                    .chain(outcome -> outcome.replayed() ? InvoiceRow.<InvoiceRow>findById(outcome.id())
                            : Uni.createFrom().item(issued[0]));
        });
    }

    private Uni<CustomerRow> register(String tenant, Customers.RegisterCustomer command) {
        List<CustomerEvent> events = Customers.decide(command, Customers.State.NONE);
        Customers.State state = Customers.replay(events);
        return Panache.getSession()
                .chain(s -> store.append(s, tenant, customerStream(command.customerId()),
                        partitionKey(tenant, command.customerId()), 0, NewEvent.of(events)))
                .chain(stored -> {
                    CustomerRow row = new CustomerRow();
                    row.id = command.customerId();
                    row.tenantId = tenant;
                    row.createdAt = clock.instant();
                    return project(row, state).<CustomerRow>persist();
                });
    }

    private static CustomerRow project(CustomerRow row, Customers.State s) {
        row.name = s.details().name();
        row.language = s.details().language();
        row.segment = s.details().segment();
        row.contacts = s.details().contacts();
        row.externalReference = s.details().externalReference();
        row.internalUsers = s.details().internalUsers();
        row.billingAddress = s.details().billingAddress();
        row.archived = s.archived();
        row.version = s.version();
        return row;
    }

    private Uni<InvoiceRow> issue(Mutiny.Session s, String tenant, Invoices.IssueInvoice command) {
        List<InvoiceEvent> events = Invoices.decide(command, Invoices.State.NONE);
        Invoices.State state = Invoices.replay(events);
        String number = ((InvoiceEvent.InvoiceIssued) events.get(0)).number();
        return Sql.of(s, "SELECT c.archived, EXISTS (SELECT 1 FROM invoices i WHERE i.tenant_id = c.tenant_id "
                        + "AND i.number = :n) FROM customers c WHERE c.tenant_id = :t AND c.id = :c")
                .setParameter("t", tenant).setParameter("c", command.customerId()).setParameter("n", number)
                .getResultList()
                .invoke(found -> {
                    if (found.isEmpty()) {
                        throw ValidationFailed.of("customerId", "no such customer");
                    }
                    if ((Boolean) found.get(0)[0]) {
                        throw ValidationFailed.of("customerId", "the customer is archived");
                    }
                    if ((Boolean) found.get(0)[1]) {
                        throw new Conflict("invoice number " + number + " exists already");
                    }
                })
                .chain(() -> store.append(s, tenant, invoiceStream(command.invoiceId()),
                        partitionKey(tenant, command.customerId()), 0, NewEvent.of(events)))
                .chain(() -> InboundRepository.insertInvoices(s,
                        List.of(new Written<>(tenant, command.invoiceId(), state, true, number))))
                .map(written -> issued(tenant, command.invoiceId(), number, state));
    }

    /** The read model's row of an invoice just issued, as written (not read back). */
    static InvoiceRow issued(String tenant, UUID id, String number, Invoices.State state) {
        InvoiceRow row = new InvoiceRow();
        row.id = id;
        row.tenantId = tenant;
        row.customerId = state.customerId();
        row.number = number;
        row.issueDate = state.issueDate();
        row.currency = state.currency();
        return project(row, state);
    }

    private static final DomainEvents<InvoiceEvent> INVOICE_EVENTS = DomainEvents.of(InvoiceEvent.class);
    private static final DomainEvents<CustomerEvent> CUSTOMER_EVENTS = DomainEvents.of(CustomerEvent.class);

    /**
     * Runs a command on a customer: replays its stream, decides, appends at the version it read and updates the
     * read model. {@code expectedVersion} (If-Match) must be current if given.
     */
    @WithTransaction
    public Uni<CustomerRow> changeCustomer(String tenant, UUID customerId, Long expectedVersion,
                                           Function<Customers.State, List<CustomerEvent>> decide) {
        return CustomerRow.<CustomerRow>find("tenantId = ?1 and id = ?2", tenant, customerId).firstResult()
                .onItem().ifNull().failWith(() -> new NotFound("customer", customerId))
                .chain(row -> {
                    if (expectedVersion != null && expectedVersion != row.version) {
                        throw new PreconditionFailed("customer " + customerId, expectedVersion, row.version);
                    }
                    return Panache.getSession().chain(s -> store.load(s, tenant, customerStream(customerId))
                            .chain(stored -> {
                                Customers.State state = Customers.replay(CUSTOMER_EVENTS.readAll(stored));
                                List<CustomerEvent> events = decide.apply(state);
                                if (events.isEmpty()) {
                                    return Uni.createFrom().item(row);
                                }
                                Customers.State after = state;
                                for (CustomerEvent e : events) {
                                    after = Customers.evolve(after, e);
                                }
                                Customers.State result = after;
                                return store.append(s, tenant, customerStream(customerId),
                                                partitionKey(tenant, customerId), state.version(), NewEvent.of(events))
                                        .map(appended -> project(row, result));
                            }));
                });
    }

    /**
     * Runs a command on an existing invoice: replays its stream, decides, appends at the version it read (a
     * concurrent writer makes it fail with 409) and updates the read model. {@code expectedVersion} (If-Match)
     * must be current if given (412 otherwise). A command that changes nothing appends nothing.
     */
    @WithTransaction
    public Uni<InvoiceRow> change(String tenant, UUID invoiceId, Long expectedVersion, Invoices.Command command) {
        return InvoiceRow.<InvoiceRow>find("tenantId = ?1 and id = ?2", tenant, invoiceId).firstResult()
                .onItem().ifNull().failWith(() -> new NotFound("invoice", invoiceId))
                .chain(row -> {
                    if (expectedVersion != null && expectedVersion != row.version) {
                        throw new PreconditionFailed("invoice " + invoiceId, expectedVersion, row.version);
                    }
                    return Panache.getSession().chain(s -> store.load(s, tenant, invoiceStream(invoiceId))
                            .chain(stored -> {
                                Invoices.State state = Invoices.replay(INVOICE_EVENTS.readAll(stored));
                                List<InvoiceEvent> events = Invoices.decide(command, state);
                                if (events.isEmpty()) {
                                    return Uni.createFrom().item(row);
                                }
                                Invoices.State after = state;
                                for (InvoiceEvent e : events) {
                                    after = Invoices.evolve(after, e);
                                }
                                Invoices.State result = after;
                                events.stream().filter(e -> e instanceof InvoiceEvent.DocumentAttached)
                                        .forEach(e -> row.documentUrl = ((InvoiceEvent.DocumentAttached) e).url());
                                return store.append(s, tenant, invoiceStream(invoiceId),
                                                partitionKey(tenant, row.customerId), state.version(), NewEvent.of(events))
                                        .map(appended -> project(row, result));
                            }));
                });
    }

    private static final DomainEvents<CreditNotes.Event> CREDIT_NOTE_EVENTS = DomainEvents.of(CreditNotes.Event.class);

    public static String creditNoteStream(UUID id) {
        return org.dunning.invoice.domain.InboundLedger.creditNoteStream(id);
    }

    /** Issues a credit note to a customer; with an Idempotency-Key a repeat returns the first one. */
    @WithTransaction
    public Uni<CreditNoteRow> issueCreditNote(String tenant, String idempotencyKey, Object request,
                                              CreditNotes.IssueCreditNote command) {
        return Panache.getSession().chain(s -> idempotency.once(s, tenant, "credit-note", idempotencyKey, request,
                        () -> issueCreditNote(s, tenant, command)))
                .chain(outcome -> CreditNoteRow.<CreditNoteRow>findById(outcome.id()));
    }

    private Uni<UUID> issueCreditNote(Mutiny.Session s, String tenant, CreditNotes.IssueCreditNote command) {
        List<CreditNotes.Event> events = CreditNotes.decide(command, CreditNotes.State.NONE);
        CreditNotes.CreditNoteIssued issued = (CreditNotes.CreditNoteIssued) events.get(0);
        return CustomerRow.<CustomerRow>find("tenantId = ?1 and id = ?2", tenant, command.customerId()).firstResult()
                .onItem().ifNull().failWith(() -> ValidationFailed.of("customerId", "no such customer"))
                .chain(() -> CreditNoteRow.count("tenantId = ?1 and number = ?2", tenant, issued.number()))
                .invoke(n -> {
                    if (n > 0) {
                        throw new Conflict("credit note number " + issued.number() + " exists already");
                    }
                })
                .chain(() -> store.append(s, tenant, creditNoteStream(issued.creditNoteId()),
                        partitionKey(tenant, issued.customerId()), 0, NewEvent.of(events)))
                .chain(stored -> {
                    CreditNoteRow row = new CreditNoteRow();
                    row.id = issued.creditNoteId();
                    row.tenantId = tenant;
                    row.customerId = issued.customerId();
                    row.number = issued.number();
                    row.issueDate = issued.issueDate();
                    row.currency = issued.currency();
                    row.amount = issued.amount();
                    row.unallocated = issued.amount();
                    row.version = 1;
                    return row.<CreditNoteRow>persist();
                }).map(row -> row.id);
    }

    /**
     * Allocates part of a credit note to an invoice of the same customer and currency: both streams change in one
     * transaction, or neither does.
     */
    @WithTransaction
    public Uni<CreditNoteRow> allocate(String tenant, UUID creditNoteId, UUID invoiceId, java.math.BigDecimal amount) {
        return CreditNoteRow.<CreditNoteRow>find("tenantId = ?1 and id = ?2", tenant, creditNoteId).firstResult()
                .onItem().ifNull().failWith(() -> new NotFound("credit note", creditNoteId))
                .chain(note -> InvoiceRow.<InvoiceRow>find("tenantId = ?1 and id = ?2", tenant, invoiceId).firstResult()
                        .onItem().ifNull().failWith(() -> ValidationFailed.of("invoiceId", "no such invoice"))
                        .chain(invoice -> Panache.getSession().chain(s -> store.load(s, tenant, creditNoteStream(creditNoteId))
                                .chain(stored -> {
                                    CreditNotes.State state = CreditNotes.replay(CREDIT_NOTE_EVENTS.readAll(stored));
                                    List<CreditNotes.Event> events = CreditNotes.decide(new CreditNotes.Allocate(
                                            invoiceId, invoice.customerId, invoice.currency.trim(), amount), state);
                                    CreditNotes.CreditNoteAllocated allocated = (CreditNotes.CreditNoteAllocated) events.get(0);
                                    return change(tenant, invoiceId, null,
                                            new Invoices.ApplyCredit(creditNoteId, allocated.amount()))
                                            .chain(() -> store.append(s, tenant, creditNoteStream(creditNoteId),
                                                    partitionKey(tenant, note.customerId), state.version(),
                                                    NewEvent.of(events)))
                                            .map(appended -> {
                                                note.unallocated = allocated.unallocated();
                                                note.version = state.version() + 1;
                                                return note;
                                            });
                                }))));
    }

    @WithSession
    public Uni<CreditNoteRow> creditNote(String tenant, UUID id) {
        return CreditNoteRow.<CreditNoteRow>find("tenantId = ?1 and id = ?2", tenant, id).firstResult()
                .onItem().ifNull().failWith(() -> new NotFound("credit note", id));
    }

    private static InvoiceRow project(InvoiceRow row, Invoices.State s) {
        row.dueDate = s.dueDate();
        row.amount = s.amount();
        row.outstanding = s.outstanding();
        row.status = s.status().name();
        row.disputed = s.disputed();
        row.expectedPaymentDate = s.expectedPaymentDate();
        row.paymentUrl = s.paymentUrl();
        row.version = s.version();
        return row;
    }

    public static UUID invoiceIdOf(String stream) {
        return UUID.fromString(stream.substring("invoice-".length()));
    }

    public static UUID customerIdOf(String partitionKey) {
        return UUID.fromString(partitionKey.substring(partitionKey.lastIndexOf('/') + 1));
    }

    @WithSession
    public Uni<CustomerRow> customer(String tenant, UUID id) {
        return CustomerRow.<CustomerRow>find("tenantId = ?1 and id = ?2", tenant, id).firstResult()
                .onItem().ifNull().failWith(() -> new NotFound("customer", id));
    }

    @WithSession
    public Uni<List<CustomerRow>> customers(String tenant, boolean archived, int page, int size) {
        return CustomerRow.<CustomerRow>find("tenantId = ?1 and archived = ?2", Sort.by("name").and("id"), tenant,
                        archived).page(Page.of(page, size)).list();
    }

    @WithSession
    public Uni<InvoiceRow> invoice(String tenant, UUID id) {
        return InvoiceRow.<InvoiceRow>find("tenantId = ?1 and id = ?2", tenant, id).firstResult()
                .onItem().ifNull().failWith(() -> new NotFound("invoice", id));
    }

    @WithSession
    public Uni<List<InvoiceRow>> invoices(String tenant, InvoiceQuery q, LocalDate today, int page, int size) {
        StringBuilder where = new StringBuilder("tenantId = :tenant");
        Parameters params = Parameters.with("tenant", tenant);
        if (q.customerId() != null) {
            where.append(" and customerId = :customer");
            params.and("customer", q.customerId());
        }
        if (!q.statuses().isEmpty()) {
            where.append(" and status in :statuses");
            params.and("statuses", q.statuses());
        }
        if (q.disputed() != null) {
            where.append(" and disputed = :disputed");
            params.and("disputed", q.disputed());
        }
        if (q.overdue() != null) {
            where.append(q.overdue() ? " and" : " and not").append(
                    " (dueDate < :today and status in ('OPEN', 'PARTIALLY_PAID'))");
            params.and("today", today);
        }
        if (q.dueFrom() != null) {
            where.append(" and dueDate >= :dueFrom");
            params.and("dueFrom", q.dueFrom());
        }
        if (q.dueTo() != null) {
            where.append(" and dueDate <= :dueTo");
            params.and("dueTo", q.dueTo());
        }
        if (q.daysLateFrom() != null || q.daysLateTo() != null) {
            // Only an open invoice is late.
            where.append(" and status in ('OPEN', 'PARTIALLY_PAID')");
        }
        if (q.daysLateFrom() != null) {
            where.append(" and dueDate <= :lateFrom");
            params.and("lateFrom", today.minusDays(q.daysLateFrom()));
        }
        if (q.daysLateTo() != null) {
            where.append(" and dueDate >= :lateTo");
            params.and("lateTo", today.minusDays(q.daysLateTo()));
        }
        Sort sort = Sort.by(q.sortField(), q.descending() ? Sort.Direction.Descending : Sort.Direction.Ascending)
                .and("number").and("id");
        return InvoiceRow.<InvoiceRow>find(where.toString(), sort, params).page(Page.of(page, size)).list();
    }

    /** Open amounts of a customer per currency: everything outstanding, and the overdue part. */
    @WithSession
    public Uni<List<Object[]>> balance(String tenant, UUID customerId, LocalDate today) {
        return customer(tenant, customerId).chain(c -> Panache.getSession().chain(s -> Sql.of(s,
                        "SELECT currency, count(*), sum(outstanding), "
                                + "coalesce(sum(outstanding) FILTER (WHERE due_date < :today), 0), "
                                + "count(*) FILTER (WHERE due_date < :today) FROM invoices WHERE tenant_id = :t "
                                + "AND customer_id = :c AND status IN ('OPEN', 'PARTIALLY_PAID') GROUP BY currency "
                                + "ORDER BY currency")
                .setParameter("today", today).setParameter("t", tenant).setParameter("c", customerId)
                .getResultList()));
    }

    @WithSession
    public Uni<List<StoredEvent>> history(String tenant, String stream) {
        return Panache.getSession().chain(s -> store.load(s, tenant, stream));
    }
}
