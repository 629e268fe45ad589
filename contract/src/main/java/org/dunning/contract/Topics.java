package org.dunning.contract;

/** The Kafka topics that cross service boundaries. */
public final class Topics {
    public static final String INVOICE_EVENTS = "dunning.invoice.events";
    /** Where other systems publish invoice facts ({@link InboundFacts}); invalid ones go to {@link #INVOICE_INBOUND_DLQ}. */
    public static final String INVOICE_INBOUND = "dunning.invoice.inbound";
    public static final String INVOICE_INBOUND_DLQ = "dunning.invoice.inbound.dead-letter";
    public static final String PLAN_EVENTS = "dunning.plan.events";
    public static final String REMINDER_STEPS = "dunning.reminder.steps";
    /** Customers becoming overdue, reaching an escalation level, back to current (escalation-service). */
    public static final String LATENESS_EVENTS = "dunning.lateness.events";
    /** Tasks, outcomes and contacts logged by hand (followup-service). */
    public static final String FOLLOWUP_EVENTS = "dunning.followup.events";
    /** What became of e-mails and letters: sent, failed, bounced, suppressed, drafts, letters (notification-service). */
    public static final String NOTIFICATION_EVENTS = "dunning.notification.events";

    public static final java.util.List<String> ALL = java.util.List.of(INVOICE_EVENTS, INVOICE_INBOUND,
            INVOICE_INBOUND_DLQ, PLAN_EVENTS, REMINDER_STEPS, LATENESS_EVENTS, FOLLOWUP_EVENTS, NOTIFICATION_EVENTS);

    private Topics() {
    }
}
