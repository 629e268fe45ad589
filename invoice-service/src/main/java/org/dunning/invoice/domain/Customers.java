package org.dunning.invoice.domain;

import org.dunning.contract.PostalAddress;
import org.dunning.platform.domain.Conflict;
import org.dunning.platform.domain.PostalAddresses;
import org.dunning.platform.domain.ValidationFailed;
import org.dunning.platform.domain.Violations;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/** The customer decider: commands in, events out, no framework. */
public final class Customers {

    /** The details a customer is registered or updated with. */
    public record Details(String name, String language, String segment, List<Contact> contacts,
                          String externalReference, List<InternalUser> internalUsers, PostalAddress billingAddress) {
        public Details(String name, String language, String segment, List<Contact> contacts,
                       String externalReference, List<InternalUser> internalUsers) {
            this(name, language, segment, contacts, externalReference, internalUsers, null);
        }
    }

    public record RegisterCustomer(UUID customerId, Details details) {
    }

    /** Replaces the customer's details. */
    public record UpdateCustomer(Details details) {
    }

    public record MarkBounced(String email) {
    }

    public record Archive() {
    }

    /** A customer as its events leave it; {@code version} is the stream version (0 = none). */
    public record State(long version, UUID customerId, Details details, boolean archived) {
        public static final State NONE = new State(0, null, null, false);
    }

    static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");
    static final Set<String> LANGUAGES = Set.of(Locale.getISOLanguages());
    /** The most contacts, and the most colleagues, a customer has. */
    static final int MAX_PEOPLE = 50;

    /** An address of at most 254 characters (RFC 5321's limit) that looks like one. */
    static boolean email(String address) {
        return address != null && address.length() <= 254 && EMAIL.matcher(address).matches()
                && new Violations().text("email", address, 254).isEmpty();
    }

    public static List<CustomerEvent> decide(RegisterCustomer c, State state) {
        if (state.version() > 0) {
            throw new Conflict("customer " + c.customerId() + " exists already");
        }
        Details d = validate(c.details(), null);
        return List.of(new CustomerEvent.CustomerRegistered(c.customerId(), d.name(), d.language(), d.segment(),
                d.contacts(), d.externalReference(), d.internalUsers(), d.billingAddress()));
    }

    /** A contact keeps its bounced mark while its address stays the same. */
    public static List<CustomerEvent> decide(UpdateCustomer c, State state) {
        requireActive(state);
        Details d = validate(c.details(), state.details());
        return d.equals(state.details()) ? List.of() : List.of(new CustomerEvent.CustomerUpdated(d.name(),
                d.language(), d.segment(), d.contacts(), d.externalReference(), d.internalUsers(),
                d.billingAddress()));
    }

    public static List<CustomerEvent> decide(MarkBounced c, State state) {
        new Violations().check(c.email() != null && !c.email().isBlank(), "email", "required").throwIfAny();
        List<Contact> matching = state.details().contacts().stream()
                .filter(k -> k.email().equalsIgnoreCase(c.email().trim())).toList();
        if (matching.isEmpty()) {
            throw ValidationFailed.of("email", "no contact of the customer has this address");
        }
        return matching.stream().allMatch(Contact::bounced) ? List.of()
                : List.of(new CustomerEvent.ContactBounced(matching.get(0).email()));
    }

    public static List<CustomerEvent> decide(Archive c, State state) {
        return state.archived() ? List.of() : List.of(new CustomerEvent.CustomerArchived());
    }

    public static void requireActive(State state) {
        if (state.archived()) {
            throw new Conflict("the customer is archived");
        }
    }

    private static Details validate(Details d, Details before) {
        if (d == null) {
            throw ValidationFailed.of("body", "required");
        }
        Violations v = new Violations()
                .requiredText("name", d.name(), Violations.LINE)
                .check(d.language() != null && LANGUAGES.contains(d.language()), "language",
                        "an ISO 639-1 language code such as de or en")
                .text("segment", d.segment(), 100)
                .text("externalReference", d.externalReference(), Violations.LINE);
        List<Contact> contacts = d.contacts() == null ? List.of() : d.contacts();
        v.check(contacts.size() <= MAX_PEOPLE, "contacts", "at most " + MAX_PEOPLE);
        for (int i = 0; i < contacts.size() && i < MAX_PEOPLE; i++) {
            Contact k = contacts.get(i);
            String at = "contacts[" + i + "]";
            v.check(k != null && email(k.email()), at + ".email", "a valid e-mail address");
            if (k != null) {
                v.text(at + ".name", k.name(), Violations.LINE).text(at + ".phone", k.phone(), 50)
                        .text(at + ".role", k.role(), 100);
            }
        }
        List<InternalUser> users = d.internalUsers() == null ? List.of() : d.internalUsers();
        v.check(users.size() <= MAX_PEOPLE, "internalUsers", "at most " + MAX_PEOPLE);
        for (int i = 0; i < users.size() && i < MAX_PEOPLE; i++) {
            InternalUser u = users.get(i);
            String at = "internalUsers[" + i + "]";
            v.check(u != null && email(u.email()), at + ".email", "a valid e-mail address");
            if (u != null) {
                v.text(at + ".userId", u.userId(), Violations.LINE).text(at + ".name", u.name(), Violations.LINE);
            }
        }
        PostalAddress address = PostalAddresses.check("billingAddress", d.billingAddress(), v);
        v.throwIfAny();
        List<Contact> kept = contacts.stream().map(k -> new Contact(k.name(), k.email().trim(), k.phone(), k.role(),
                before != null && before.contacts().stream().anyMatch(b -> b.bounced()
                        && b.email().equalsIgnoreCase(k.email().trim())))).toList();
        return new Details(d.name().trim(), d.language(), d.segment(), kept, blankToNull(d.externalReference()),
                List.copyOf(users), address);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    public static State evolve(State s, CustomerEvent e) {
        long v = s.version() + 1;
        if (e instanceof CustomerEvent.CustomerRegistered r) {
            return new State(v, r.customerId(), new Details(r.name(), r.language(), r.segment(), r.contacts(),
                    r.externalReference(), orEmpty(r.internalUsers()), r.billingAddress()), false);
        }
        if (e instanceof CustomerEvent.CustomerUpdated u) {
            return new State(v, s.customerId(), new Details(u.name(), u.language(), u.segment(), u.contacts(),
                    u.externalReference(), orEmpty(u.internalUsers()), u.billingAddress()), s.archived());
        }
        if (e instanceof CustomerEvent.ContactBounced b) {
            Details d = s.details();
            List<Contact> contacts = d.contacts().stream().map(k -> k.email().equalsIgnoreCase(b.email())
                    ? new Contact(k.name(), k.email(), k.phone(), k.role(), true) : k).toList();
            return new State(v, s.customerId(), new Details(d.name(), d.language(), d.segment(), contacts,
                    d.externalReference(), d.internalUsers(), d.billingAddress()), s.archived());
        }
        if (e instanceof CustomerEvent.CustomerArchived) {
            return new State(v, s.customerId(), s.details(), true);
        }
        throw new IllegalArgumentException("unknown event " + e);
    }

    public static State replay(List<CustomerEvent> events) {
        State s = State.NONE;
        for (CustomerEvent e : events) {
            s = evolve(s, e);
        }
        return s;
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return Objects.requireNonNullElse(list, List.of());
    }

    private Customers() {
    }
}
