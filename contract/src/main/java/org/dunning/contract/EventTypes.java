package org.dunning.contract;

import java.util.Map;
import java.util.Optional;

/** The registry of wire type names: the only place that knows which record a type name stands for. */
public final class EventTypes {

    /** Current schema version of every type (additive changes keep it; a breaking change adds a version). */
    public static final int SCHEMA_VERSION = 1;

    private static final Map<String, Class<? extends IntegrationEvent>> BY_NAME = Map.ofEntries(
            Map.entry("CustomerRegistered", InvoiceEvents.CustomerRegistered.class),
            Map.entry("CustomerUpdated", InvoiceEvents.CustomerUpdated.class),
            Map.entry("ContactBounced", InvoiceEvents.ContactBounced.class),
            Map.entry("CustomerArchived", InvoiceEvents.CustomerArchived.class),
            Map.entry("InvoiceIssued", InvoiceEvents.InvoiceIssued.class),
            Map.entry("PaymentRecorded", InvoiceEvents.PaymentRecorded.class),
            Map.entry("InvoiceAmountChanged", InvoiceEvents.InvoiceAmountChanged.class),
            Map.entry("InvoiceCreditApplied", InvoiceEvents.InvoiceCreditApplied.class),
            Map.entry("InvoiceDocumentAttached", InvoiceEvents.InvoiceDocumentAttached.class),
            Map.entry("InvoicePaymentLinkChanged", InvoiceEvents.InvoicePaymentLinkChanged.class),
            Map.entry("CreditNoteIssued", InvoiceEvents.CreditNoteIssued.class),
            Map.entry("CreditNoteAllocated", InvoiceEvents.CreditNoteAllocated.class),
            Map.entry("InvoiceDueDateChanged", InvoiceEvents.InvoiceDueDateChanged.class),
            Map.entry("InvoiceCancelled", InvoiceEvents.InvoiceCancelled.class),
            Map.entry("InvoiceWrittenOff", InvoiceEvents.InvoiceWrittenOff.class),
            Map.entry("InvoiceDisputed", InvoiceEvents.InvoiceDisputed.class),
            Map.entry("InvoiceDisputeResolved", InvoiceEvents.InvoiceDisputeResolved.class),
            Map.entry("ExpectedPaymentDateChanged", InvoiceEvents.ExpectedPaymentDateChanged.class),
            Map.entry("PlanCreated", PlanEvents.PlanCreated.class),
            Map.entry("PlanRevised", PlanEvents.PlanRevised.class),
            Map.entry("PlanArchived", PlanEvents.PlanArchived.class),
            Map.entry("PlanAssigned", PlanEvents.PlanAssigned.class),
            Map.entry("PlanUnassigned", PlanEvents.PlanUnassigned.class),
            Map.entry("SegmentDefaultChanged", PlanEvents.SegmentDefaultChanged.class),
            Map.entry("TenantAutomationChanged", PlanEvents.TenantAutomationChanged.class),
            Map.entry("CustomerAutomationChanged", PlanEvents.CustomerAutomationChanged.class),
            Map.entry("InvoiceAutomationChanged", PlanEvents.InvoiceAutomationChanged.class),
            Map.entry("TenantSettingsChanged", PlanEvents.TenantSettingsChanged.class),
            Map.entry("TemplateSaved", PlanEvents.TemplateSaved.class),
            Map.entry("TemplateArchived", PlanEvents.TemplateArchived.class),
            Map.entry("ReminderStepDue", ReminderEvents.ReminderStepDue.class),
            Map.entry("ReminderStepSkipped", ReminderEvents.ReminderStepSkipped.class),
            Map.entry("CustomerBecameOverdue", LatenessEvents.CustomerBecameOverdue.class),
            Map.entry("EscalationLevelReached", LatenessEvents.EscalationLevelReached.class),
            Map.entry("CustomerBackToCurrent", LatenessEvents.CustomerBackToCurrent.class),
            Map.entry("ContactLogged", FollowupEvents.ContactLogged.class),
            Map.entry("EmailApproved", FollowupEvents.EmailApproved.class),
            Map.entry("EmailDismissed", FollowupEvents.EmailDismissed.class),
            Map.entry("PromiseToPayRecorded", FollowupEvents.PromiseToPayRecorded.class),
            Map.entry("DisputeReported", FollowupEvents.DisputeReported.class),
            Map.entry("EmailSent", NotificationEvents.EmailSent.class),
            Map.entry("EmailFailed", NotificationEvents.EmailFailed.class),
            Map.entry("EmailBounced", NotificationEvents.EmailBounced.class),
            Map.entry("EmailSuppressed", NotificationEvents.EmailSuppressed.class),
            Map.entry("DraftAwaitingValidation", NotificationEvents.DraftAwaitingValidation.class),
            Map.entry("LetterReady", NotificationEvents.LetterReady.class),
            Map.entry("LetterFailed", NotificationEvents.LetterFailed.class),
            Map.entry("SmsSent", NotificationEvents.SmsSent.class),
            Map.entry("SmsFailed", NotificationEvents.SmsFailed.class));

    /** The other way round; asked for every event appended and relayed. */
    private static final Map<Class<?>, String> BY_CLASS = BY_NAME.entrySet().stream()
            .collect(java.util.stream.Collectors.toUnmodifiableMap(Map.Entry::getValue, Map.Entry::getKey));

    public static Optional<Class<? extends IntegrationEvent>> classOf(String type) {
        return Optional.ofNullable(BY_NAME.get(type));
    }

    public static String typeOf(Class<?> eventClass) {
        String type = BY_CLASS.get(eventClass);
        if (type == null) {
            throw new IllegalArgumentException("not an integration event: " + eventClass);
        }
        return type;
    }

    public static java.util.Set<String> names() {
        return BY_NAME.keySet();
    }

    /** The {@code dataschema} attribute of an event: where its JSON Schema lives in this module. */
    public static String dataSchema(String type, int version) {
        return "urn:dunning:schema:" + type + ":v" + version;
    }

    public static String schemaResource(String type, int version) {
        return "/schemas/" + type + ".v" + version + ".json";
    }

    private EventTypes() {
    }
}
