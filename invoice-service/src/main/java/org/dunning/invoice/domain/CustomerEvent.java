package org.dunning.invoice.domain;

import java.util.List;
import java.util.UUID;

/** What happened to a customer (the debtor). Stream: {@code customer-<id>}. */
public sealed interface CustomerEvent {

    record CustomerRegistered(UUID customerId, String name, String language, String segment, List<Contact> contacts,
                              String externalReference, List<InternalUser> internalUsers) implements CustomerEvent {
    }

    record CustomerUpdated(String name, String language, String segment, List<Contact> contacts,
                           String externalReference, List<InternalUser> internalUsers) implements CustomerEvent {
    }

    /** Mail to this address came back; the contact is marked bounced. */
    record ContactBounced(String email) implements CustomerEvent {
    }

    record CustomerArchived() implements CustomerEvent {
    }
}
