package org.dunning.followup.persistence;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.dunning.contract.Envelope;
import org.dunning.contract.IntegrationEvent;
import org.dunning.followup.domain.TaskRules;
import org.dunning.followup.domain.TaskSources;
import org.dunning.platform.domain.NotFound;
import org.dunning.platform.domain.PreconditionFailed;
import org.dunning.platform.eventstore.EventStore;
import org.dunning.platform.eventstore.NewEvent;
import org.dunning.platform.metrics.Meters;
import org.dunning.platform.persistence.Sql;
import org.dunning.platform.persistence.SqlValues;
import org.hibernate.reactive.mutiny.Mutiny;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The tasks, in the caller's transaction. A task made from an event carries the key of what made it, unique: a
 * redelivered event makes no second task. Every change raises the task's version (its ETag), is written to the
 * timeline, and appends what it makes known to the other services to the event store (the outbox) in the same
 * transaction.
 */
@ApplicationScoped
public class TaskStore {

    /** A task as stored. */
    public record Row(UUID id, TaskRules.Type type, TaskRules.Status status, String title, UUID customerId,
                      String customerName, JsonNode contacts, JsonNode invoices, List<UUID> invoiceIds,
                      LocalDate dueDate, String assignee, String note, String outcome, LocalDate promisedDate,
                      LocalDate snoozedUntil, Instant closedAt, String closedBy, UUID emailId, JsonNode draft,
                      String documentPath, String detail, String reminderKey, long version, Instant createdAt) {

        public TaskRules.Task rules() {
            return new TaskRules.Task(id, type, status, customerId, invoiceIds, emailId, reminderKey);
        }
    }

    public static final String COLUMNS = "id, type, status, title, customer_id, customer_name, contacts, invoices, "
            + "array_to_string(invoice_ids, ','), due_date, assignee, note, outcome, promised_date, snoozed_until, "
            + "closed_at, closed_by, email_id, draft, document_path, detail, reminder_key, version, created_at";

    private final Clock clock;
    private final Timeline timeline;
    private final EventStore store;
    private final Meters meters;

    public TaskStore(Clock clock, Timeline timeline, EventStore store, Meters meters) {
        this.clock = clock;
        this.timeline = timeline;
        this.store = store;
        this.meters = meters;
        for (TaskRules.Type type : TaskRules.Type.values()) {
            meters.declare("dunning.tasks", "change", "opened", "type", type.name());
            meters.declare("dunning.tasks", "change", "closed", "type", type.name());
        }
    }

    /** The new task's id, or null if what it is made from made one before. */
    public Uni<UUID> create(Mutiny.Session s, String tenant, TaskSources.NewTask t) {
        return createAll(s, List.of(new Made(tenant, t))).map(ids -> ids.isEmpty() ? null : ids.get(0));
    }

    /**
     * A task to make for a tenant. {@code cause} is when what made it happened (the step's event, on the clock of the
     * service that fired it), null for a task made by hand: the task's line on the timeline is never before its
     * cause's, whatever the two services' clocks say.
     */
    public record Made(String tenant, TaskSources.NewTask task, Instant cause) {
        public Made(String tenant, TaskSources.NewTask task) {
            this(tenant, task, null);
        }
    }

    /** When a task made at {@code now} goes on the timeline: not before its cause. */
    static Instant lineTime(Instant now, Instant cause) {
        return cause != null && cause.isAfter(now) ? cause : now;
    }

    /**
     * Many tasks in two statements: inserted as a set (what made a task before, or comes twice in the set, makes
     * none), then the timeline line of each one made. Returns the ids of the tasks made, in their order.
     */
    public Uni<List<UUID>> createAll(Mutiny.Session s, List<Made> made) {
        java.util.Set<String> keys = new java.util.HashSet<>();
        List<Made> first = made.stream().filter(m -> keys.add(m.task().sourceKey())).toList();
        if (first.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        Instant now = clock.instant();
        List<UUID> ids = first.stream().map(m -> UUID.randomUUID()).toList();
        java.util.function.Function<java.util.function.Function<TaskSources.NewTask, Object>, String[]> column =
                f -> SqlValues.texts(first, m -> f.apply(m.task()));
        return Sql.of(s, "INSERT INTO tasks (id, tenant_id, source_key, reminder_key, type, status, title, "
                        + "customer_id, customer_name, contacts, invoices, invoice_ids, due_date, email_id, draft, "
                        + "document_path, detail, assignee, note, created_at) SELECT x.id, x.t, x.src, x.rk, x.ty, "
                        + "'OPEN', x.title, x.c, x.cn, x.contacts, x.invoices, cast(x.ids as uuid[]), x.due, x.email, "
                        + "x.draft, x.doc, x.detail, x.assignee, x.note, :at FROM unnest(cast(:id as uuid[]), "
                        + "cast(:t as text[]), cast(:src as text[]), cast(:rk as text[]), cast(:ty as text[]), "
                        + "cast(:title as text[]), cast(:c as uuid[]), cast(:cn as text[]), cast(:contacts as text[]), "
                        + "cast(:invoices as text[]), cast(:ids as text[]), cast(cast(:due as text[]) as date[]), "
                        + "cast(:email as uuid[]), cast(:draft as text[]), cast(:doc as text[]), "
                        + "cast(:detail as text[]), cast(:assignee as text[]), cast(:note as text[])) WITH ORDINALITY "
                        + "AS x(id, t, src, rk, ty, title, c, cn, contacts, invoices, ids, due, email, draft, doc, "
                        + "detail, assignee, note, n) ORDER BY x.n ON CONFLICT (source_key) DO NOTHING RETURNING id")
                .setParameter("id", ids.toArray(UUID[]::new))
                .setParameter("t", SqlValues.texts(first, Made::tenant))
                .setParameter("src", column.apply(TaskSources.NewTask::sourceKey))
                .setParameter("rk", column.apply(TaskSources.NewTask::reminderKey))
                .setParameter("ty", column.apply(TaskSources.NewTask::type))
                .setParameter("title", column.apply(TaskSources.NewTask::title))
                .setParameter("c", SqlValues.uuids(first, m -> m.task().customerId()))
                .setParameter("cn", column.apply(t -> t.customerName() == null ? "" : t.customerName()))
                .setParameter("contacts", column.apply(t -> Json.write(t.contacts() == null ? List.of() : t.contacts())))
                .setParameter("invoices", column.apply(t -> Json.write(t.invoices() == null ? List.of() : t.invoices())))
                .setParameter("ids", column.apply(t -> t.invoiceIds().stream().map(UUID::toString)
                        .collect(java.util.stream.Collectors.joining(",", "{", "}"))))
                .setParameter("due", column.apply(TaskSources.NewTask::dueDate))
                .setParameter("email", SqlValues.uuids(first, m -> m.task().emailId()))
                .setParameter("draft", column.apply(t -> t.draft() == null ? null : Json.write(t.draft())))
                .setParameter("doc", column.apply(TaskSources.NewTask::documentPath))
                .setParameter("detail", column.apply(TaskSources.NewTask::detail))
                .setParameter("assignee", column.apply(TaskSources.NewTask::assignee))
                .setParameter("note", column.apply(TaskSources.NewTask::note))
                .setParameter("at", now.atOffset(ZoneOffset.UTC))
                .column()
                .chain(rows -> {
                    java.util.Set<UUID> inserted = rows.stream().map(SqlValues::uuid)
                            .collect(java.util.stream.Collectors.toSet());
                    List<Integer> kept = java.util.stream.IntStream.range(0, first.size())
                            .filter(i -> inserted.contains(ids.get(i))).boxed().toList();
                    return timeline.addAll(s, kept.stream().map(i -> new Timeline.Line(first.get(i).tenant(),
                            created(first.get(i).task(), ids.get(i), lineTime(now, first.get(i).cause())))).toList())
                            // dunning_tasks_total{change="opened", type}
                            .invoke(() -> kept.forEach(i -> meters.count("dunning.tasks", 1, "change", "opened",
                                    "type", String.valueOf(first.get(i).task().type()))))
                            .replaceWith(kept.stream().map(ids::get).toList());
                });
    }

    /** The timeline line of a task made. */
    private static Timeline.Entry created(TaskSources.NewTask t, UUID id, Instant now) {
        return new Timeline.Entry(t.customerId(), t.invoiceIds(), now, "TASK_CREATED", t.type() + " task: " + t.title(),
                Map.of("taskId", id, "type", t.type(), "dueDate", t.dueDate()), "task/" + id + "/v1");
    }

    /** The task, locked for a change in this transaction; 404 for another tenant's. */
    public Uni<Row> lock(Mutiny.Session s, String tenant, UUID id, Long ifMatch) {
        return find(s, tenant, id, " FOR UPDATE").map(r -> {
            if (ifMatch != null && ifMatch != r.version()) {
                throw new PreconditionFailed("task " + id, ifMatch, r.version());
            }
            return r;
        });
    }

    public Uni<Row> find(Mutiny.Session s, String tenant, UUID id, String suffix) {
        return Sql.of(s, "SELECT " + COLUMNS + " FROM tasks WHERE tenant_id = :t AND id = :id" + suffix)
                .setParameter("t", tenant).setParameter("id", id).getResultList()
                .map(rows -> rows.stream().findFirst().map(TaskStore::row)
                        .orElseThrow(() -> new NotFound("task", id)));
    }

    /**
     * Applies a change to a locked task: {@code assignments} (SQL, parameters {@code :p0, :p1 …}) plus a new version,
     * a timeline entry, and the events to publish.
     */
    public Uni<Row> change(Mutiny.Session s, String tenant, Row task, String assignments, List<Object> values,
                           String kind, String summary, Object details, List<IntegrationEvent> events) {
        long version = task.version() + 1;
        Instant now = clock.instant();
        var q = Sql.of(s, "UPDATE tasks SET " + assignments + ", version = :v WHERE tenant_id = :t AND id = :id")
                .setParameter("v", version).setParameter("t", tenant).setParameter("id", task.id());
        for (int i = 0; i < values.size(); i++) {
            q.setParameter("p" + i, values.get(i));
        }
        String stream = "task/" + task.id() + "/v" + version;
        return q.executeUpdate()
                .chain(() -> timeline.add(s, tenant, new Timeline.Entry(task.customerId(), task.invoiceIds(), now, kind,
                        summary, details, stream)))
                .chain(() -> events.isEmpty() ? Uni.createFrom().voidItem()
                        : store.append(s, tenant, stream, Envelope.key(tenant, task.customerId()), 0,
                        events.stream().map(e -> new NewEvent(e.type(), e)).toList()).replaceWithVoid())
                .chain(() -> find(s, tenant, task.id(), ""))
                // dunning_tasks_total{change="closed", type}: done or dismissed
                .invoke(after -> {
                    if (task.status() == TaskRules.Status.OPEN && after.status() != TaskRules.Status.OPEN) {
                        meters.count("dunning.tasks", 1, "change", "closed", "type", after.type().name());
                    }
                });
    }

    public static Row row(Object[] r) {
        return new Row(SqlValues.uuid(r[0]), TaskRules.Type.valueOf((String) r[1]), TaskRules.Status.valueOf((String) r[2]),
                (String) r[3], SqlValues.uuid(r[4]), (String) r[5], Json.read((String) r[6]), Json.read((String) r[7]),
                SqlValues.uuids(r[8]),
                SqlValues.date(r[9]), (String) r[10], (String) r[11], (String) r[12], SqlValues.date(r[13]),
                SqlValues.date(r[14]), SqlValues.instant(r[15]), (String) r[16], SqlValues.uuid(r[17]),
                Json.read((String) r[18]), (String) r[19], (String) r[20], (String) r[21], ((Number) r[22]).longValue(),
                SqlValues.instant(r[23]));
    }
}
