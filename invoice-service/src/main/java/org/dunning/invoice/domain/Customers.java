package org.dunning.invoice.domain;

import org.dunning.platform.domain.Conflict;
import org.dunning.platform.domain.Violations;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/** The customer decider: commands in, events out, no framework. */
public final class Customers {

    public record RegisterCustomer(UUID customerId, String name, String language, String segment,
                                   List<Contact> contacts) {
    }

    /** A customer as its events leave it; {@code version} is the stream version (0 = none). */
    public record State(long version, UUID customerId, String name) {
        public static final State NONE = new State(0, null, null);
    }

    static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");
    static final Set<String> LANGUAGES = Set.of(Locale.getISOLanguages());

    public static List<CustomerEvent> decide(RegisterCustomer c, State state) {
        if (state.version() > 0) {
            throw new Conflict("customer " + c.customerId() + " exists already");
        }
        Violations v = new Violations()
                .check(c.name() != null && !c.name().isBlank(), "name", "required")
                .check(c.language() != null && LANGUAGES.contains(c.language()), "language",
                        "an ISO 639-1 language code such as de or en");
        List<Contact> contacts = c.contacts() == null ? List.of() : c.contacts();
        for (int i = 0; i < contacts.size(); i++) {
            Contact k = contacts.get(i);
            v.check(k != null && k.email() != null && EMAIL.matcher(k.email()).matches(), "contacts[" + i + "].email",
                    "a valid e-mail address");
        }
        v.throwIfAny();
        return List.of(new CustomerEvent.CustomerRegistered(c.customerId(), c.name().trim(), c.language(),
                c.segment(), List.copyOf(contacts)));
    }

    public static State evolve(State s, CustomerEvent e) {
        if (e instanceof CustomerEvent.CustomerRegistered r) {
            return new State(s.version() + 1, r.customerId(), r.name());
        }
        throw new IllegalArgumentException("unknown event " + e);
    }

    private Customers() {
    }
}
