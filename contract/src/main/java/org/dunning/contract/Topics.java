package org.dunning.contract;

/** The Kafka topics that cross service boundaries. */
public final class Topics {
    public static final String INVOICE_EVENTS = "dunning.invoice.events";
    public static final String PLAN_EVENTS = "dunning.plan.events";
    public static final String REMINDER_STEPS = "dunning.reminder.steps";

    public static final java.util.List<String> ALL = java.util.List.of(INVOICE_EVENTS, PLAN_EVENTS, REMINDER_STEPS);

    private Topics() {
    }
}
