package org.dunning.plan.persistence;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.dunning.plan.domain.PlanEvent;
import org.dunning.plan.domain.Plans;
import org.dunning.platform.domain.NotFound;
import org.dunning.platform.domain.ValidationFailed;
import org.dunning.platform.eventstore.EventStore;
import org.dunning.platform.eventstore.NewEvent;
import org.dunning.platform.rest.Idempotency;

import java.util.List;
import java.util.UUID;

/** Runs plan commands: decide, append, update read models, in one transaction; every query scoped by tenant. */
@ApplicationScoped
public class PlanRepository {

    private final EventStore store;
    private final Idempotency idempotency;

    public PlanRepository(EventStore store, Idempotency idempotency) {
        this.store = store;
        this.idempotency = idempotency;
    }

    /** Creates a plan; with an Idempotency-Key a repeat returns the plan the first request made. */
    @WithTransaction
    public Uni<PlanRow> create(String tenant, String idempotencyKey, Object request, Plans.CreatePlan command) {
        return Panache.getSession()
                .chain(s -> idempotency.once(s, tenant, "plan", idempotencyKey, request,
                        () -> create(tenant, command).map(row -> row.id)))
                .chain(outcome -> PlanRow.<PlanRow>findById(outcome.id()));
    }

    private Uni<PlanRow> create(String tenant, Plans.CreatePlan command) {
        List<PlanEvent> events = Plans.decide(command, Plans.State.NONE, UUID::randomUUID);
        PlanEvent.PlanCreated created = (PlanEvent.PlanCreated) events.get(0);
        return Panache.getSession()
                .chain(s -> store.append(s, tenant, "plan-" + command.planId(), tenant + "/" + command.planId(), 0,
                        NewEvent.of(events)))
                .chain(stored -> {
                    PlanRow row = new PlanRow();
                    row.id = created.planId();
                    row.tenantId = tenant;
                    row.name = created.name();
                    row.planType = created.planType();
                    row.steps = created.steps();
                    row.version = stored.get(stored.size() - 1).version();
                    return row.<PlanRow>persist();
                });
    }

    @WithTransaction
    public Uni<AssignmentRow> assign(String tenant, Plans.AssignPlan command) {
        if (command.planId() == null) {
            throw ValidationFailed.of("planId", "required");
        }
        AssignmentRow.Key key = new AssignmentRow.Key(tenant, command.customerId());
        return PlanRow.<PlanRow>find("tenantId = ?1 and id = ?2", tenant, command.planId()).firstResult()
                .onItem().ifNull().failWith(() -> ValidationFailed.of("planId", "no such plan"))
                .chain(() -> AssignmentRow.<AssignmentRow>findById(key))
                .chain(current -> {
                    List<PlanEvent> events = Plans.decide(command, current == null ? null : current.planId);
                    if (events.isEmpty()) {
                        return Uni.createFrom().item(current);
                    }
                    long expected = current == null ? 0 : current.version;
                    return Panache.getSession()
                            .chain(s -> store.append(s, tenant, "assignment-" + command.customerId(),
                                    tenant + "/" + command.customerId(), expected, NewEvent.of(events)))
                            .chain(stored -> {
                                AssignmentRow row = current != null ? current : new AssignmentRow();
                                row.key = key;
                                row.planId = command.planId();
                                row.version = stored.get(stored.size() - 1).version();
                                return current != null ? Uni.createFrom().item(row) : row.<AssignmentRow>persist();
                            });
                });
    }

    @WithSession
    public Uni<PlanRow> plan(String tenant, UUID id) {
        return PlanRow.<PlanRow>find("tenantId = ?1 and id = ?2", tenant, id).firstResult()
                .onItem().ifNull().failWith(() -> new NotFound("plan", id));
    }

    @WithSession
    public Uni<List<PlanRow>> plans(String tenant, int page, int size) {
        return PlanRow.<PlanRow>find("tenantId = ?1", Sort.by("name").and("id"), tenant).page(Page.of(page, size)).list();
    }

    @WithSession
    public Uni<AssignmentRow> assignment(String tenant, UUID customerId) {
        return AssignmentRow.<AssignmentRow>findById(new AssignmentRow.Key(tenant, customerId))
                .onItem().ifNull().failWith(() -> new NotFound("plan assignment of customer", customerId));
    }
}
