package org.dunning.platform.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The meters a platform team watches a service by, beside the framework's own (HTTP, JVM, Kafka clients, pools), all
 * on {@code /q/metrics}. The business meters count what the service's relay has published, after the transaction
 * that made it committed (at least once: a relay batch sent again after a crash counts again), by what the event
 * says happened:
 * <ul>
 *   <li>{@code dunning_events_published_total{type}}: every event, by its type;</li>
 *   <li>{@code dunning_reminders_total{outcome="fired"|"skipped"}} (escalation-service);</li>
 *   <li>{@code dunning_emails_total{outcome="sent"|"failed"|"bounced"|"suppressed"|"draft"}} and
 *       {@code dunning_letters_total} (notification-service);</li>
 * </ul>
 * and the services name their own where no event says it ({@link #count}): facts applied from the inbound topic,
 * tasks opened and closed, SMTP conversations, records dead-lettered.
 */
@ApplicationScoped
public class Meters {

    /** The business meter an event type stands for, with its tag. */
    record Business(String meter, String tag, String value) {
    }

    static final Map<String, Business> BUSINESS = Map.of(
            "ReminderStepDue", new Business("dunning.reminders", "outcome", "fired"),
            "ReminderStepSkipped", new Business("dunning.reminders", "outcome", "skipped"),
            "EmailSent", new Business("dunning.emails", "outcome", "sent"),
            "EmailFailed", new Business("dunning.emails", "outcome", "failed"),
            "EmailBounced", new Business("dunning.emails", "outcome", "bounced"),
            "EmailSuppressed", new Business("dunning.emails", "outcome", "suppressed"),
            "DraftAwaitingValidation", new Business("dunning.emails", "outcome", "draft"),
            "LetterReady", new Business("dunning.letters", null, null));

    private final MeterRegistry registry;
    private final Map<String, Counter[]> byType = new ConcurrentHashMap<>();
    private final Map<String, Counter> named = new ConcurrentHashMap<>();

    public Meters(MeterRegistry registry) {
        this.registry = registry;
    }

    /** One event of this type was published. */
    public void published(String type) {
        for (Counter c : byType.computeIfAbsent(type, this::countersOf)) {
            c.increment();
        }
    }

    /** The business meters of these event types, at zero until one is published: a dashboard shows 0, not "no data". */
    public void declarePublished(String... types) {
        for (String type : types) {
            byType.computeIfAbsent(type, this::countersOf);
        }
    }

    /** The counter of this name and tags, at zero until {@link #count} adds to it. */
    public void declare(String name, String... tags) {
        counter(name, tags);
    }

    /** Adds {@code amount} to the counter of this name and tags (key, value, key, value …). */
    public void count(String name, double amount, String... tags) {
        if (amount > 0) {
            counter(name, tags).increment(amount);
        }
    }

    private Counter counter(String name, String... tags) {
        return named.computeIfAbsent(name + String.join("\u0000", tags), k -> registry.counter(name, tags));
    }

    private Counter[] countersOf(String type) {
        Counter all = registry.counter("dunning.events.published", "type", type);
        Business b = BUSINESS.get(type);
        if (b == null) {
            return new Counter[] {all};
        }
        return new Counter[] {all, b.tag() == null ? registry.counter(b.meter())
                : registry.counter(b.meter(), b.tag(), b.value())};
    }
}
