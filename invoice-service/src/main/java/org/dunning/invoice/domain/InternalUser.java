package org.dunning.invoice.domain;

/** A colleague assigned to the customer (e.g. its account manager), who can receive reminders about it (R2.5). */
public record InternalUser(String userId, String name, String email) {
}
