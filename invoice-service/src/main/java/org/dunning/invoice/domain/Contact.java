package org.dunning.invoice.domain;

/** A person at the customer who can receive reminders. */
public record Contact(String name, String email, String phone, String role) {
}
