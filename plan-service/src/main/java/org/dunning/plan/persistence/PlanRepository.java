package org.dunning.plan.persistence;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.dunning.contract.PlanEvents.PlanType;
import org.dunning.contract.PlanEvents.TemplateKind;
import org.dunning.plan.domain.PlanEvent;
import org.dunning.plan.domain.PlanInput;
import org.dunning.plan.domain.Plans;
import org.dunning.plan.domain.StarterKit;
import org.dunning.plan.domain.Templates;
import org.dunning.platform.domain.Conflict;
import org.dunning.platform.domain.NotFound;
import org.dunning.platform.eventstore.DomainEvents;
import org.dunning.platform.eventstore.EventStore;
import org.dunning.platform.eventstore.Evolver;
import org.dunning.platform.eventstore.StoredEvent;
import org.dunning.platform.persistence.Sql;
import org.dunning.platform.rest.Idempotency;
import org.hibernate.reactive.mutiny.Mutiny;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/**
 * Runs the commands on plans and templates: replay the stream, decide, append, update the read model, in one
 * transaction. Every event of a tenant is keyed by the tenant, so consumers see a tenant's changes in order.
 */
@ApplicationScoped
public class PlanRepository {

    static final DomainEvents<PlanEvent> EVENTS = DomainEvents.of(PlanEvent.class);
    static final Evolver<Plans.State, PlanEvent> PLAN = Evolver.of(Plans.State.NONE, Plans::evolve,
            Plans.State::version);
    static final Evolver<Templates.State, PlanEvent> TEMPLATE = Evolver.of(Templates.State.NONE, Templates::evolve,
            Templates.State::version);

    private final EventStore store;
    private final Idempotency idempotency;

    public PlanRepository(EventStore store, Idempotency idempotency) {
        this.store = store;
        this.idempotency = idempotency;
    }

    public static String planStream(UUID id) {
        return "plan-" + id;
    }

    public static String templateStream(UUID id) {
        return "template-" + id;
    }

    /** Creates a plan; with an Idempotency-Key a repeat returns the plan the first request made. */
    @WithTransaction
    public Uni<PlanRow> create(String tenant, String idempotencyKey, PlanInput input) {
        return Panache.getSession()
                .chain(s -> idempotency.once(s, tenant, "plan", idempotencyKey, input,
                        () -> create(s, tenant, UUID.randomUUID(), input).map(row -> row.id)))
                .chain(outcome -> PlanRow.<PlanRow>findById(outcome.id()));
    }

    private Uni<PlanRow> create(Mutiny.Session s, String tenant, UUID id, PlanInput input) {
        return catalog(s, tenant).chain(catalog -> store.execute(s, tenant, planStream(id), tenant, EVENTS, PLAN, null,
                        state -> Plans.decide(new Plans.Create(id, input), state, catalog::get, UUID::randomUUID)))
                .chain(d -> {
                    PlanRow row = new PlanRow();
                    row.project(tenant, d.after());
                    return row.<PlanRow>persist();
                });
    }

    /** An edit of the whole plan; {@code ifMatch} (If-Match) must name the current version when given. */
    @WithTransaction
    public Uni<PlanRow> revise(String tenant, UUID id, Long ifMatch, PlanInput input) {
        return plan(tenant, id).chain(row -> Panache.getSession().chain(s -> catalog(s, tenant)
                .chain(catalog -> store.execute(s, tenant, planStream(id), tenant, EVENTS, PLAN, ifMatch,
                        state -> Plans.decide(new Plans.Revise(input), state, catalog::get, UUID::randomUUID)))
                .map(d -> {
                    row.project(tenant, d.after());
                    return row;
                })));
    }

    /** Archives a plan that no customer and no segment uses (409 naming how many do). */
    @WithTransaction
    public Uni<PlanRow> archive(String tenant, UUID id, Long ifMatch) {
        return plan(tenant, id).chain(row -> Panache.getSession().chain(s -> usage(s, tenant, id)
                .chain(usage -> {
                    if (!row.archived && (usage[0] > 0 || usage[1] > 0)) {
                        throw new Conflict("plan " + id + " is assigned to " + usage[0] + " customer(s) and is the "
                                + "default of " + usage[1] + " segment(s); remove those first");
                    }
                    return store.execute(s, tenant, planStream(id), tenant, EVENTS, PLAN, ifMatch,
                            state -> Plans.decide(new Plans.Archive(), state));
                })
                .map(d -> {
                    row.project(tenant, d.after());
                    return row;
                })));
    }

    private static Uni<long[]> usage(Mutiny.Session s, String tenant, UUID planId) {
        return Sql.of(s, "SELECT (SELECT count(*) FROM assignments WHERE tenant_id = :t AND plan_id = :p), "
                        + "(SELECT count(*) FROM segment_defaults WHERE tenant_id = :t AND plan_id = :p)")
                .setParameter("t", tenant).setParameter("p", planId).row()
                .map(r -> new long[]{((Number) r[0]).longValue(), ((Number) r[1]).longValue()});
    }

    @WithSession
    public Uni<PlanRow> plan(String tenant, UUID id) {
        return PlanRow.<PlanRow>find("tenantId = ?1 and id = ?2", tenant, id).firstResult()
                .onItem().ifNull().failWith(() -> new NotFound("plan", id));
    }

    @WithSession
    public Uni<List<PlanRow>> plans(String tenant, PlanType type, boolean archived, int page, int size) {
        String query = "tenantId = :t and archived = :a" + (type == null ? "" : " and planType = :type");
        Parameters p = Parameters.with("t", tenant).and("a", archived);
        if (type != null) {
            p = p.and("type", type.name());
        }
        return PlanRow.<PlanRow>find(query, Sort.by("name").and("id"), p).page(Page.of(page, size)).list();
    }

    /** The events of one of the tenant's streams, oldest first. */
    @WithSession
    public Uni<List<StoredEvent>> history(String tenant, String stream) {
        return Panache.getSession().chain(s -> store.load(s, tenant, stream));
    }

    // --- templates ---------------------------------------------------------------------------------------------

    @WithTransaction
    public Uni<TemplateRow> createTemplate(String tenant, String idempotencyKey, Templates.Content content) {
        return Panache.getSession()
                .chain(s -> idempotency.once(s, tenant, "template", idempotencyKey, content,
                        () -> createTemplate(s, tenant, UUID.randomUUID(), content).map(row -> row.id)))
                .chain(outcome -> TemplateRow.<TemplateRow>findById(outcome.id()));
    }

    private Uni<TemplateRow> createTemplate(Mutiny.Session s, String tenant, UUID id, Templates.Content content) {
        String key = content == null || content.key() == null ? "" : content.key().trim();
        return TemplateRow.count("tenantId = ?1 and key = ?2", tenant, key)
                .chain(taken -> store.execute(s, tenant, templateStream(id), tenant, EVENTS, TEMPLATE, null,
                        state -> Templates.decide(new Templates.Create(id, content), state, taken > 0)))
                .chain(d -> {
                    TemplateRow row = new TemplateRow();
                    row.project(tenant, d.after());
                    return row.<TemplateRow>persist();
                });
    }

    @WithTransaction
    public Uni<TemplateRow> reviseTemplate(String tenant, UUID id, Long ifMatch, Templates.Content content) {
        return changeTemplate(tenant, id, ifMatch, state -> Templates.decide(new Templates.Revise(content), state));
    }

    /** Archives a template that no active plan names (409 naming the plans that do). */
    @WithTransaction
    public Uni<TemplateRow> archiveTemplate(String tenant, UUID id, Long ifMatch) {
        return template(tenant, id).chain(row -> PlanRow.<PlanRow>list("tenantId = ?1 and archived = false", tenant)
                .chain(plans -> {
                    List<String> users = plans.stream().filter(p -> p.templateKeys().contains(row.key))
                            .map(p -> "'" + p.name + "'").toList();
                    if (!row.archived && !users.isEmpty()) {
                        throw new Conflict("template '" + row.key + "' is used by the plan(s) " + String.join(", ", users)
                                + "; change or archive them first");
                    }
                    return changeTemplate(tenant, id, ifMatch, state -> Templates.decide(new Templates.Archive(), state));
                }));
    }

    private Uni<TemplateRow> changeTemplate(String tenant, UUID id, Long ifMatch,
                                            Function<Templates.State, List<PlanEvent>> decide) {
        return template(tenant, id).chain(row -> Panache.getSession()
                .chain(s -> store.execute(s, tenant, templateStream(id), tenant, EVENTS, TEMPLATE, ifMatch, decide))
                .map(d -> {
                    row.project(tenant, d.after());
                    return row;
                }));
    }

    @WithSession
    public Uni<TemplateRow> template(String tenant, UUID id) {
        return TemplateRow.<TemplateRow>find("tenantId = ?1 and id = ?2", tenant, id).firstResult()
                .onItem().ifNull().failWith(() -> new NotFound("template", id));
    }

    @WithSession
    public Uni<List<TemplateRow>> templates(String tenant, TemplateKind kind, boolean archived, int page, int size) {
        String query = "tenantId = :t and archived = :a" + (kind == null ? "" : " and kind = :kind");
        Parameters p = Parameters.with("t", tenant).and("a", archived);
        if (kind != null) {
            p = p.and("kind", kind.name());
        }
        return TemplateRow.<TemplateRow>find(query, Sort.by("key"), p).page(Page.of(page, size)).list();
    }

    /** The kinds of the tenant's active templates by key: what steps may name. */
    private static Uni<Map<String, TemplateKind>> catalog(Mutiny.Session s, String tenant) {
        return TemplateRow.<TemplateRow>list("tenantId = ?1 and archived = false", tenant).map(rows -> {
            Map<String, TemplateKind> kinds = new HashMap<>();
            rows.forEach(r -> kinds.put(r.key, TemplateKind.valueOf(r.kind)));
            return kinds;
        });
    }

    // --- starter kit -------------------------------------------------------------------------------------------

    /** What the starter kit installed, and whether this call installed it (false: it was there already). */
    public record Installed(boolean now, List<UUID> planIds, List<UUID> templateIds) {
    }

    /**
     * Installs the starter kit once per tenant: the templates whose keys the tenant does not use yet, and the plans.
     * A second call installs nothing and returns what the first one installed.
     */
    @WithTransaction
    public Uni<Installed> installStarterKit(String tenant, LocalDate today) {
        return Panache.getSession().chain(s -> store.load(s, tenant, "starter-kit").chain(stored -> {
            if (!stored.isEmpty()) {
                PlanEvent.StarterKitInstalled done = (PlanEvent.StarterKitInstalled) EVENTS.read(stored.get(0));
                return Uni.createFrom().item(new Installed(false, done.planIds(), done.templateIds()));
            }
            List<UUID> templateIds = new ArrayList<>();
            List<UUID> planIds = new ArrayList<>();
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (Templates.Content t : StarterKit.templates()) {
                chain = chain.chain(() -> TemplateRow.count("tenantId = ?1 and key = ?2", tenant, t.key())
                        .chain(n -> n > 0 ? Uni.createFrom().voidItem()
                                : createTemplate(s, tenant, UUID.randomUUID(), t)
                                .invoke(row -> templateIds.add(row.id)).replaceWithVoid()));
            }
            for (PlanInput p : StarterKit.plans(today)) {
                chain = chain.chain(() -> create(s, tenant, UUID.randomUUID(), p).invoke(row -> planIds.add(row.id))
                        .replaceWithVoid());
            }
            return chain.chain(() -> store.append(s, tenant, "starter-kit", tenant, 0,
                            org.dunning.platform.eventstore.NewEvent.of(List.of(new PlanEvent.StarterKitInstalled(
                                    StarterKit.VERSION, List.copyOf(planIds), List.copyOf(templateIds))))))
                    .map(x -> new Installed(true, List.copyOf(planIds), List.copyOf(templateIds)));
        }));
    }
}
