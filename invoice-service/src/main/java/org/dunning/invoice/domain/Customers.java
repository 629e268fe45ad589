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

    /** Replaces the customer's details. */
    public record UpdateCustomer(String name, String language, String segment, List<Contact> contacts) {
    }

    /** A customer as its events leave it; {@code version} is the stream version (0 = none). */
    public record State(long version, UUID customerId, String name, String language, String segment,
                        List<Contact> contacts) {
        public static final State NONE = new State(0, null, null, null, null, List.of());
    }

    static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");
    static final Set<String> LANGUAGES = Set.of(Locale.getISOLanguages());

    public static List<CustomerEvent> decide(RegisterCustomer c, State state) {
        if (state.version() > 0) {
            throw new Conflict("customer " + c.customerId() + " exists already");
        }
        List<Contact> contacts = validate(c.name(), c.language(), c.contacts());
        return List.of(new CustomerEvent.CustomerRegistered(c.customerId(), c.name().trim(), c.language(),
                c.segment(), contacts));
    }

    public static List<CustomerEvent> decide(UpdateCustomer c, State state) {
        List<Contact> contacts = validate(c.name(), c.language(), c.contacts());
        CustomerEvent.CustomerUpdated updated = new CustomerEvent.CustomerUpdated(c.name().trim(), c.language(),
                c.segment(), contacts);
        boolean same = updated.name().equals(state.name()) && updated.language().equals(state.language())
                && java.util.Objects.equals(updated.segment(), state.segment()) && contacts.equals(state.contacts());
        return same ? List.of() : List.of(updated);
    }

    private static List<Contact> validate(String name, String language, List<Contact> given) {
        Violations v = new Violations()
                .check(name != null && !name.isBlank(), "name", "required")
                .check(language != null && LANGUAGES.contains(language), "language",
                        "an ISO 639-1 language code such as de or en");
        List<Contact> contacts = given == null ? List.of() : given;
        for (int i = 0; i < contacts.size(); i++) {
            Contact k = contacts.get(i);
            v.check(k != null && k.email() != null && EMAIL.matcher(k.email()).matches(), "contacts[" + i + "].email",
                    "a valid e-mail address");
        }
        v.throwIfAny();
        return List.copyOf(contacts);
    }

    public static State evolve(State s, CustomerEvent e) {
        if (e instanceof CustomerEvent.CustomerRegistered r) {
            return new State(s.version() + 1, r.customerId(), r.name(), r.language(), r.segment(), r.contacts());
        }
        if (e instanceof CustomerEvent.CustomerUpdated u) {
            return new State(s.version() + 1, s.customerId(), u.name(), u.language(), u.segment(), u.contacts());
        }
        throw new IllegalArgumentException("unknown event " + e);
    }

    private Customers() {
    }
}
