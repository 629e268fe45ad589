package org.dunning.escalation.domain;

import org.dunning.contract.InvoiceEvents;

import java.util.List;
import java.util.UUID;

/** What the engine knows of a customer: who its reminders go to and in which language. */
public record CustomerFacts(UUID id, String name, String language, List<InvoiceEvents.Contact> contacts,
                            List<InvoiceEvents.InternalUser> internalUsers) {
}
