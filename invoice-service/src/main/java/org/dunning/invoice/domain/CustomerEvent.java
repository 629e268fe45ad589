package org.dunning.invoice.domain;

import org.dunning.contract.PostalAddress;

import java.util.List;
import java.util.UUID;

/** What happened to a customer (the debtor). Stream: {@code customer-<id>}. */
public sealed interface CustomerEvent {

    /** {@code billingAddress}: null when none (and in events stored before addresses existed). */
    record CustomerRegistered(UUID customerId, String name, String language, String segment, List<Contact> contacts,
                              String externalReference, List<InternalUser> internalUsers,
                              PostalAddress billingAddress) implements CustomerEvent {
    }

    record CustomerUpdated(String name, String language, String segment, List<Contact> contacts,
                           String externalReference, List<InternalUser> internalUsers,
                           PostalAddress billingAddress) implements CustomerEvent {
    }

    /** Mail to this address came back; the contact is marked bounced. */
    record ContactBounced(String email) implements CustomerEvent {
    }

    record CustomerArchived() implements CustomerEvent {
    }
}
