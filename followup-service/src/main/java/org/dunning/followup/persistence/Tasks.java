package org.dunning.followup.persistence;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.dunning.contract.EventCodec;
import org.dunning.contract.ReminderEvents;
import org.dunning.followup.domain.CallTask;

import java.time.Clock;
import java.time.ZoneOffset;
import java.util.UUID;

/** Writes tasks in the caller's transaction; one per reminder key. */
@ApplicationScoped
public class Tasks {

    private final Clock clock;

    public Tasks(Clock clock) {
        this.clock = clock;
    }

    /** True if the task was created, false if this reminder made one before. */
    public Uni<Boolean> createCall(String tenant, ReminderEvents.ReminderStepDue due, CallTask task) {
        return Panache.getSession().chain(s -> s.createNativeQuery("INSERT INTO tasks (id, tenant_id, reminder_key, type, "
                        + "status, title, customer_id, customer_name, contacts, invoices, due_date, created_at) VALUES "
                        + "(:id, :t, :k, 'CALL', 'OPEN', :title, :c, :cn, :contacts, :invoices, :due, :at) "
                        + "ON CONFLICT (reminder_key) DO NOTHING")
                .setParameter("id", UUID.randomUUID()).setParameter("t", tenant).setParameter("k", due.reminderKey())
                .setParameter("title", task.title()).setParameter("c", due.customer().customerId())
                .setParameter("cn", due.customer().name()).setParameter("contacts", json(task.contacts()))
                .setParameter("invoices", json(task.invoices())).setParameter("due", task.dueDate())
                .setParameter("at", clock.instant().atOffset(ZoneOffset.UTC))
                .executeUpdate().map(n -> n == 1));
    }

    static String json(Object o) {
        try {
            return EventCodec.mapper().writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
