package org.dunning.followup.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.dunning.followup.domain.TaskRules;
import org.dunning.followup.domain.TaskSources;
import org.dunning.followup.persistence.Directory;
import org.dunning.followup.persistence.TaskStore;
import org.dunning.platform.domain.Violations;
import org.dunning.platform.persistence.Sql;
import org.dunning.platform.rest.Idempotency;
import org.dunning.platform.rest.Page;
import org.dunning.platform.rest.Versions;
import org.dunning.platform.tenant.Tenant;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponseSchema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.hibernate.reactive.mutiny.Mutiny;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/**
 * The follow-up tasks a collector works through (R5.1): calls, drafts to validate, letters to send, contacts to fix,
 * and tasks made by hand. Every change answers with the task and its ETag; If-Match (optional) refuses a change to a
 * task that changed since it was read (412).
 */
@Path("/tasks")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed("user")
public class TaskResource {

    public record TaskView(UUID id, String type, String status, String title, UUID customerId, String customerName,
                           JsonNode contacts, JsonNode invoices, List<UUID> invoiceIds, LocalDate dueDate,
                           String assignee, String note, String outcome, LocalDate promisedDate,
                           LocalDate snoozedUntil, Instant closedAt, String closedBy, UUID emailId, JsonNode draft,
                           String documentPath, String detail, String reminderKey, long version, Instant createdAt) {
        static TaskView of(TaskStore.Row r) {
            return new TaskView(r.id(), r.type().name(), r.status().name(), r.title(), r.customerId(),
                    r.customerName(), r.contacts(), r.invoices(), r.invoiceIds(), r.dueDate(), r.assignee(), r.note(),
                    r.outcome(), r.promisedDate(), r.snoozedUntil(), r.closedAt(), r.closedBy(), r.emailId(),
                    r.draft(), r.documentPath(), r.detail(), r.reminderKey(), r.version(), r.createdAt());
        }
    }

    /** A task made by hand (R5.2): a MANUAL to-do or a CALL to make. */
    public record NewTask(String type, String title, UUID customerId, String customerName, List<UUID> invoiceIds,
                          LocalDate dueDate, String assignee, String note) {
    }

    public record Assign(String assignee) {
    }

    public record Snooze(LocalDate until) {
    }

    public record Complete(String outcome, String note, LocalDate promisedDate) {
    }

    public record Dismiss(String note) {
    }

    /** The reviewer's subject and body; absent ones stay as in the draft. */
    public record Approve(String subject, String bodyHtml) {
    }

    static final Map<String, String> SORTS = Map.of("dueDate", "due_date, created_at, id", "-dueDate",
            "due_date DESC, created_at DESC, id", "createdAt", "created_at, id", "-createdAt", "created_at DESC, id");

    private final Tenant tenant;
    private final TaskStore tasks;
    private final Idempotency idempotency;
    private final Directory directory;
    private final Known known;
    private final Clock clock;

    public TaskResource(Tenant tenant, TaskStore tasks, Idempotency idempotency, Directory directory, Known known,
                        Clock clock) {
        this.tenant = tenant;
        this.tasks = tasks;
        this.idempotency = idempotency;
        this.directory = directory;
        this.known = known;
        this.clock = clock;
    }

    @GET
    @Operation(summary = "The tenant's tasks; filter by type, status, customer, assignee and due date range "
            + "(dueTo=today: what is due by today — snoozed tasks are due on their snooze date); sort by dueDate, "
            + "-dueDate, createdAt or -createdAt")
    public Uni<Page<TaskView>> list(@QueryParam("type") String type, @QueryParam("status") String status,
                                    @QueryParam("customerId") UUID customerId, @QueryParam("assignee") String assignee,
                                    @QueryParam("dueFrom") LocalDate dueFrom, @QueryParam("dueTo") LocalDate dueTo,
                                    @QueryParam("sort") @DefaultValue("dueDate") String sort,
                                    @QueryParam("page") @DefaultValue("0") int page,
                                    @QueryParam("size") @DefaultValue("50") int size) {
        new Violations().check(type == null || names(TaskRules.Type.values()).contains(type), "type",
                        "one of " + names(TaskRules.Type.values()))
                .check(status == null || names(TaskRules.Status.values()).contains(status), "status",
                        "one of " + names(TaskRules.Status.values()))
                .check(SORTS.containsKey(sort), "sort", "one of " + SORTS.keySet())
                .check(dueFrom == null || dueTo == null || !dueTo.isBefore(dueFrom), "dueTo", "not before dueFrom")
                .throwIfAny();
        Page.check(page, size);
        String t = tenant.id();
        return Panache.withSession(() -> Panache.getSession().chain(s ->
                Sql.of(s, "SELECT " + TaskStore.COLUMNS + " FROM tasks WHERE tenant_id = :t "
                        + "AND (cast(:type as text) IS NULL OR type = :type) "
                        + "AND (cast(:status as text) IS NULL OR status = :status) "
                        + "AND (cast(:c as uuid) IS NULL OR customer_id = :c) "
                        + "AND (cast(:assignee as text) IS NULL OR assignee = :assignee) "
                        + "AND (cast(:from as date) IS NULL OR due_date >= :from) "
                        + "AND (cast(:to as date) IS NULL OR due_date <= :to) "
                        + "ORDER BY " + SORTS.get(sort) + " LIMIT :limit OFFSET :offset")
                .setParameter("t", t).setParameter("type", type).setParameter("status", status)
                .setParameter("c", customerId).setParameter("assignee", assignee).setParameter("from", dueFrom)
                .setParameter("to", dueTo).setParameter("limit", size).setParameter("offset", page * size)
                .getResultList()
                .map(rows -> Page.of(rows, r -> TaskView.of(TaskStore.row(r)), page, size))));
    }

    @GET
    @Path("{id}")
    @Operation(summary = "One task, with the draft of a VALIDATE_EMAIL task and the PDF link of a SEND_LETTER task; "
            + "its ETag is its version")
    @APIResponseSchema(value = TaskView.class, responseCode = "200", responseDescription = "The task; ETag is its version")
    public Uni<Response> get(@PathParam("id") UUID id) {
        String t = tenant.id();
        return Panache.withSession(() -> Panache.getSession().chain(s -> tasks.find(s, t, id, "")))
                .map(TaskResource::ok);
    }

    @POST
    @Operation(summary = "Create a task by hand (R5.2): type MANUAL (default) or CALL; Idempotency-Key honoured")
    @APIResponseSchema(value = TaskView.class, responseCode = "201", responseDescription = "The task created; Location names it, ETag is its version")
    public Uni<Response> create(@HeaderParam("Idempotency-Key") String key, NewTask body) {
        String t = tenant.id();
        String type = body == null || body.type() == null ? "MANUAL" : body.type();
        new Violations().check(body != null, "body", "required").throwIfAny();
        new Violations().check(type.equals("MANUAL") || type.equals("CALL"), "type", "MANUAL or CALL")
                .check(body.title() != null && !body.title().isBlank(), "title", "required")
                .check(body.title() == null || body.title().length() <= 300, "title", "at most 300 characters")
                .check(body.customerId() != null, "customerId", "required")
                .check(body.dueDate() != null, "dueDate", "required").date("dueDate", body.dueDate())
                .text("customerName", body.customerName(), Violations.LINE)
                .text("assignee", body.assignee(), Violations.LINE)
                .note("note", body.note(), Violations.NOTE)
                .check(body.invoiceIds() == null || body.invoiceIds().size() <= 500, "invoiceIds", "at most 500")
                .check(body.invoiceIds() == null || !body.invoiceIds().contains(null), "invoiceIds", "no null ids")
                .throwIfAny();
        UUID id = UUID.randomUUID();
        List<UUID> invoices = body.invoiceIds() == null ? List.of() : body.invoiceIds();
        return known.require(t, body.customerId(), invoices).chain(() -> Panache.withTransaction(() -> Panache
                .getSession().chain(s -> idempotency.once(s, t, "task", key, body,
                        () -> tasks.create(s, t, new TaskSources.NewTask(TaskRules.Type.valueOf(type), "manual/" + id,
                                null, body.title().trim(), body.customerId(), body.customerName(), List.of(), List.of(),
                                invoices, body.dueDate(), null, null, null, null, body.assignee(), body.note())))
                .chain(outcome -> tasks.find(s, t, outcome.id(), "")))))
                .map(row -> Response.created(URI.create("/tasks/" + row.id())).entity(TaskView.of(row))
                        .header(HttpHeaders.ETAG, Versions.etag(row.version())).build());
    }

    @POST
    @Path("{id}/assign")
    @Operation(summary = "Assign the task to a user (assignee null: unassign). If-Match: its ETag")
    @APIResponseSchema(value = TaskView.class, responseCode = "200", responseDescription = "The task as changed; ETag is its new version")
    public Uni<Response> assign(@PathParam("id") UUID id, @HeaderParam("If-Match") String ifMatch,
                           @RequestBody(required = false) Assign body) {
        String assignee = body == null || body.assignee() == null || body.assignee().isBlank() ? null
                : body.assignee().trim();
        new Violations().text("assignee", assignee, Violations.LINE).throwIfAny();
        return change(id, ifMatch, (s, task, today) -> {
            TaskRules.requireOpen(task.rules());
            return tasks.change(s, tenant.id(), task, "assignee = :p0", values(assignee), "TASK_ASSIGNED",
                    assignee == null ? "Task unassigned" : "Task assigned to " + assignee,
                    details(task, "assignee", assignee), List.of());
        });
    }

    @POST
    @Path("{id}/snooze")
    @Operation(summary = "Put the task off until a later day: it is due then. If-Match: its ETag")
    @APIResponseSchema(value = TaskView.class, responseCode = "200", responseDescription = "The task as changed; ETag is its new version")
    public Uni<Response> snooze(@PathParam("id") UUID id, @HeaderParam("If-Match") String ifMatch, Snooze body) {
        new Violations().date("until", body == null ? null : body.until()).throwIfAny();
        return change(id, ifMatch, (s, task, today) -> {
            LocalDate until = body == null ? null : body.until();
            TaskRules.snooze(task.rules(), until, today);
            return tasks.change(s, tenant.id(), task, "snoozed_until = :p0, due_date = :p0", values(until),
                    "TASK_SNOOZED", "Task snoozed until " + until, details(task, "until", until), List.of());
        });
    }

    @POST
    @Path("{id}/complete")
    @Operation(summary = "Complete the task with an outcome and a note. A call: REACHED, NOT_REACHED, PROMISE_TO_PAY "
            + "(promisedDate: the ledger sets it as the invoices' expected payment date), DISPUTED (note: the "
            + "reason; the ledger opens a dispute). A letter: LETTER_SENT. A contact to fix or a manual task: DONE. "
            + "A call that reached the customer and a letter sent count as a contact for the minimum gap. "
            + "If-Match: its ETag")
    @APIResponseSchema(value = TaskView.class, responseCode = "200", responseDescription = "The task as changed; ETag is its new version")
    public Uni<Response> complete(@PathParam("id") UUID id, @HeaderParam("If-Match") String ifMatch, Complete body) {
        new Violations().note("note", body == null ? null : body.note(), Violations.NOTE)
                .date("promisedDate", body == null ? null : body.promisedDate()).throwIfAny();
        return change(id, ifMatch, (s, task, today) -> {
            TaskRules.Outcome outcome = outcome(body);
            String note = body == null ? null : body.note();
            TaskRules.Completion c = new TaskRules.Completion(outcome, note, body == null ? null : body.promisedDate());
            var events = TaskRules.complete(task.rules(), c, today);
            return tasks.change(s, tenant.id(), task, "status = 'DONE', outcome = :p0, note = coalesce(:p1, note), "
                            + "promised_date = :p2, closed_at = :p3, closed_by = :p4",
                    values(outcome.name(), note, c.promisedDate(), clock.instant().atOffset(ZoneOffset.UTC), tenant.user()),
                    "TASK_COMPLETED", "Task completed: " + outcome + (c.promisedDate() == null ? ""
                            : " on " + c.promisedDate()) + (note == null || note.isBlank() ? "" : " (" + note + ")"),
                    details(task, "outcome", outcome), events);
        });
    }

    @POST
    @Path("{id}/dismiss")
    @Operation(summary = "Dismiss the task; a draft to validate is then never sent. If-Match: its ETag")
    @APIResponseSchema(value = TaskView.class, responseCode = "200", responseDescription = "The task as changed; ETag is its new version")
    public Uni<Response> dismiss(@PathParam("id") UUID id, @HeaderParam("If-Match") String ifMatch,
                            @RequestBody(required = false) Dismiss body) {
        new Violations().note("note", body == null ? null : body.note(), Violations.NOTE).throwIfAny();
        return change(id, ifMatch, (s, task, today) -> {
            String note = body == null ? null : body.note();
            var events = TaskRules.dismiss(task.rules(), tenant.user(), note, clock.instant());
            return tasks.change(s, tenant.id(), task, "status = 'DISMISSED', note = coalesce(:p0, note), closed_at = "
                            + ":p1, closed_by = :p2", values(note, clock.instant().atOffset(ZoneOffset.UTC), tenant.user()),
                    "TASK_DISMISSED", "Task dismissed" + (note == null || note.isBlank() ? "" : " (" + note + ")"),
                    details(task, "note", note), events);
        });
    }

    @POST
    @Path("{id}/approve")
    @Operation(summary = "Approve the draft of a VALIDATE_EMAIL task (R2.2), with the subject and body as edited; "
            + "notification-service sends it unless its invoices changed since. If-Match: its ETag")
    @APIResponseSchema(value = TaskView.class, responseCode = "200", responseDescription = "The task as changed; ETag is its new version")
    public Uni<Response> approve(@PathParam("id") UUID id, @HeaderParam("If-Match") String ifMatch, Approve body) {
        return change(id, ifMatch, (s, task, today) -> {
            JsonNode draft = task.draft();
            String subject = body != null && body.subject() != null ? body.subject()
                    : draft == null ? null : draft.path("subject").asText(null);
            String html = body != null && body.bodyHtml() != null ? body.bodyHtml()
                    : draft == null ? null : draft.path("bodyHtml").asText(null);
            var approved = TaskRules.approve(task.rules(), subject, html, tenant.user(), clock.instant());
            boolean edited = draft == null || !subject.equals(draft.path("subject").asText())
                    || !html.equals(draft.path("bodyHtml").asText());
            return tasks.change(s, tenant.id(), task, "status = 'DONE', outcome = 'APPROVED', closed_at = :p0, "
                            + "closed_by = :p1", values(clock.instant().atOffset(ZoneOffset.UTC), tenant.user()),
                    "DRAFT_APPROVED", "Draft approved" + (edited ? " with edits" : "") + ": \"" + approved.subject()
                            + "\"", approved, List.of(approved));
        });
    }

    /** A change of a task, given the task locked and the tenant's today. */
    private interface Change {
        Uni<TaskStore.Row> apply(Mutiny.Session s, TaskStore.Row task, LocalDate today);
    }

    private Uni<Response> change(UUID id, String ifMatch, Change change) {
        String t = tenant.id();
        Long expected = Versions.ifMatch(ifMatch);
        return Panache.withTransaction(() -> Panache.getSession().chain(s -> tasks.lock(s, t, id, expected)
                .chain(task -> directory.zone(s, t).chain(zone -> change.apply(s, task,
                        clock.instant().atZone(zone).toLocalDate())))))
                .map(TaskResource::ok);
    }

    private static Response ok(TaskStore.Row row) {
        return Response.ok(TaskView.of(row)).header(HttpHeaders.ETAG, Versions.etag(row.version())).build();
    }

    private static TaskRules.Outcome outcome(Complete body) {
        String o = body == null ? null : body.outcome();
        try {
            return o == null ? null : TaskRules.Outcome.valueOf(o);
        } catch (IllegalArgumentException e) {
            throw org.dunning.platform.domain.ValidationFailed.of("outcome", "one of "
                    + names(TaskRules.Outcome.values()));
        }
    }


    private static List<Object> values(Object... v) {
        return new ArrayList<>(Arrays.asList(v));
    }

    private static Map<String, Object> details(TaskStore.Row task, String key, Object value) {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("taskId", task.id());
        m.put("type", task.type());
        m.put(key, value);
        return m;
    }

    private static List<String> names(Enum<?>[] values) {
        return Arrays.stream(values).map(Enum::name).toList();
    }
}
