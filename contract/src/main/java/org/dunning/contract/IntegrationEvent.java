package org.dunning.contract;

/**
 * An event that crosses a service boundary. Each one has a short, stable wire type name (never a Java class name)
 * and a schema version; the JSON Schema of {@code type} version {@code v} is {@code schemas/<type>.v<v>.json}.
 */
public sealed interface IntegrationEvent
        permits InvoiceEvents.CustomerRegistered, InvoiceEvents.CustomerUpdated,
        InvoiceEvents.ContactBounced, InvoiceEvents.CustomerArchived,
        InvoiceEvents.CreditNoteIssued, InvoiceEvents.CreditNoteAllocated, InvoiceEvents.InvoiceIssued, InvoiceEvents.InvoiceChange,
        PlanEvents.PlanCreated, PlanEvents.PlanRevised, PlanEvents.PlanArchived, PlanEvents.PlanAssigned,
        PlanEvents.PlanUnassigned, PlanEvents.SegmentDefaultChanged, PlanEvents.TenantAutomationChanged,
        PlanEvents.CustomerAutomationChanged, PlanEvents.InvoiceAutomationChanged, PlanEvents.TenantSettingsChanged,
        PlanEvents.TemplateSaved, PlanEvents.TemplateArchived,
        ReminderEvents.ReminderStepDue, ReminderEvents.ReminderStepSkipped, LatenessEvents.CustomerBecameOverdue,
        LatenessEvents.EscalationLevelReached, LatenessEvents.CustomerBackToCurrent, FollowupEvents.ContactLogged,
        FollowupEvents.EmailApproved, FollowupEvents.EmailDismissed, FollowupEvents.PromiseToPayRecorded,
        FollowupEvents.DisputeReported, NotificationEvents.EmailSent, NotificationEvents.EmailFailed,
        NotificationEvents.EmailBounced, NotificationEvents.EmailSuppressed, NotificationEvents.DraftAwaitingValidation,
        NotificationEvents.LetterReady, NotificationEvents.LetterFailed, NotificationEvents.SmsSent,
        NotificationEvents.SmsFailed {

    /** The wire type name, e.g. {@code InvoiceIssued}. */
    default String type() {
        return EventTypes.typeOf(getClass());
    }
}
