package org.dunning.contract;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.UUID;

/**
 * Published by plan-service on {@link Topics#PLAN_EVENTS}. Keys: {@code tenant/planId} for plans,
 * {@code tenant/customerId} for a customer's assignments and pause, {@code tenant/invoiceId} for an invoice's
 * switch, {@code tenant/templateId} for templates, {@code tenant} for tenant-wide settings, switch and segment
 * defaults. Plans and templates carry their full definition at each version (state-carried), so a consumer never
 * needs an earlier event to know the current one.
 */
public final class PlanEvents {

    public enum PlanType { ESCALATION_PER_INVOICE, ESCALATION_PER_GROUP, RECURRING_OVERVIEW }

    /** The date a per-invoice step's trigger counts from. */
    public enum TriggerReference { DUE_DATE, ISSUE_DATE, EXPECTED_PAYMENT_DATE }

    public enum Direction { BEFORE, AFTER }

    public enum Action { AUTO_EMAIL, EMAIL_WITH_VALIDATION, CALL, LETTER, SMS }

    /** Which of the customer's contacts a message goes to: all, those with one of the roles, or none. */
    public enum ContactScope { ALL, ROLES, NONE }

    /** Which invoices a group plan or an overview considers. */
    public enum InvoiceScope { ALL_UNPAID, OVERDUE_ONLY }

    public enum IntervalUnit { DAYS, WEEKS, MONTHS }

    /** Which kind of plan an assignment or a segment default is about: a customer has one of each at most. */
    public enum Slot { ESCALATION, OVERVIEW }

    public enum TemplateKind { EMAIL, LETTER, SMS }

    public record Trigger(TriggerReference reference, Direction direction, int days) {
    }

    /** Who receives a message: contacts (all, by role, none) and/or the internal users assigned to the customer. */
    public record Recipients(ContactScope contacts, List<String> contactRoles, boolean internalUsers) {
    }

    public record Interval(int every, IntervalUnit unit) {
    }

    /**
     * R8.5, an A/B test of a step: {@code percent} (1 to 99) of the invoices (of a group plan: of the customers) get
     * the template {@code templateKey} (variant B) instead of the step's own (variant A); which one is decided by the
     * step and the invoice (customer) alone, so the same on every retry and replay.
     */
    public record TemplateSplit(String templateKey, int percent) {
    }

    /**
     * One rule of an escalation-per-invoice plan. {@code stepId} is stable across plan versions. {@code
     * attachDocuments} (R8.1, e-mail steps; absent in older events: false): the e-mail carries the invoice document.
     * {@code abTest} (R8.5, steps with a template; absent: none): the second template and its share.
     */
    public record Step(UUID stepId, String name, Trigger trigger, Action action, String templateKey,
                       Recipients recipients, boolean attachDocuments, TemplateSplit abTest) {

        /** The shape before R8.1: no attachment. */
        public Step(UUID stepId, String name, Trigger trigger, Action action, String templateKey,
                    Recipients recipients) {
            this(stepId, name, trigger, action, templateKey, recipients, false, null);
        }

        /** The shape before R8.5: no A/B test. */
        public Step(UUID stepId, String name, Trigger trigger, Action action, String templateKey,
                    Recipients recipients, boolean attachDocuments) {
            this(stepId, name, trigger, action, templateKey, recipients, attachDocuments, null);
        }
    }

    /**
     * One level of a group plan: applies when the oldest invoice in scope is at least {@code minDaysLate} late.
     * {@code attachDocuments} as for {@link Step}: the grouped e-mail carries the document of each of its invoices.
     */
    public record GroupStep(UUID stepId, String name, int minDaysLate, Action action, String templateKey,
                            Recipients recipients, boolean attachDocuments, TemplateSplit abTest) {

        /** The shape before R8.1: no attachments. */
        public GroupStep(UUID stepId, String name, int minDaysLate, Action action, String templateKey,
                         Recipients recipients) {
            this(stepId, name, minDaysLate, action, templateKey, recipients, false, null);
        }

        /** The shape before R8.5: no A/B test. */
        public GroupStep(UUID stepId, String name, int minDaysLate, Action action, String templateKey,
                         Recipients recipients, boolean attachDocuments) {
            this(stepId, name, minDaysLate, action, templateKey, recipients, attachDocuments, null);
        }
    }

    /** An escalation per invoice group: checks each customer every {@code checkEvery} from {@code startDate}. */
    public record GroupSettings(Interval checkEvery, LocalDate startDate, InvoiceScope scope, List<GroupStep> steps) {
    }

    /** A recurring overview: every {@code every} from {@code startDate}, one e-mail per customer. */
    public record OverviewSettings(Interval every, LocalDate startDate, InvoiceScope scope, Recipients recipients,
                                   String templateKey, boolean includeCreditNotes) {
    }

    /**
     * A plan was created. {@code steps} is filled for {@code ESCALATION_PER_INVOICE}, {@code group} for
     * {@code ESCALATION_PER_GROUP}, {@code overview} for {@code RECURRING_OVERVIEW}.
     */
    public record PlanCreated(UUID planId, long planVersion, String name, PlanType planType, List<Step> steps,
                              GroupSettings group, OverviewSettings overview, Integer maxAutomaticReminders)
            implements IntegrationEvent {
        public PlanCreated(UUID planId, long planVersion, String name, PlanType planType, List<Step> steps,
                           GroupSettings group, OverviewSettings overview) {
            this(planId, planVersion, name, planType, steps, group, overview, null);
        }

        public static PlanCreated escalation(UUID planId, long planVersion, String name, List<Step> steps) {
            return new PlanCreated(planId, planVersion, name, PlanType.ESCALATION_PER_INVOICE, steps, null, null);
        }
    }

    /**
     * A plan was edited; the whole new definition at {@code planVersion}. Applies to what fires from now on.
     * {@code maxAutomaticReminders} (R8.3, per-invoice plans, null: no limit): at most this many automatic messages
     * per invoice from the plan; a step beyond it is skipped.
     */
    public record PlanRevised(UUID planId, long planVersion, String name, PlanType planType, List<Step> steps,
                              GroupSettings group, OverviewSettings overview, Integer maxAutomaticReminders)
            implements IntegrationEvent {
        public PlanRevised(UUID planId, long planVersion, String name, PlanType planType, List<Step> steps,
                           GroupSettings group, OverviewSettings overview) {
            this(planId, planVersion, name, planType, steps, group, overview, null);
        }
    }

    /** A plan was archived: nothing fires from it any more (it was assigned to no customer and no segment). */
    public record PlanArchived(UUID planId, long planVersion) implements IntegrationEvent {
    }

    /** The customer uses this plan in this slot (replacing the one it had there). No slot means ESCALATION. */
    public record PlanAssigned(UUID customerId, UUID planId, Slot slot) implements IntegrationEvent {
        public static PlanAssigned of(UUID customerId, UUID planId) {
            return new PlanAssigned(customerId, planId, Slot.ESCALATION);
        }
    }

    /** The customer's own plan in this slot was removed: its segment's default applies again, if any. */
    public record PlanUnassigned(UUID customerId, UUID planId, Slot slot) implements IntegrationEvent {
    }

    /** The default plan of a customer segment in a slot; {@code planId} null: the segment has none any more. */
    public record SegmentDefaultChanged(String segment, Slot slot, UUID planId) implements IntegrationEvent {
    }

    /** The tenant-wide automation switch (R3.1). Off: no step fires for the tenant. */
    public record TenantAutomationChanged(boolean enabled, String reason) implements IntegrationEvent {
    }

    /** Automation paused or resumed for one customer (R3.2). */
    public record CustomerAutomationChanged(UUID customerId, boolean paused, String reason) implements IntegrationEvent {
    }

    /** The per-invoice switch (R3.3). Off: the invoice is not reminded and not listed in grouped messages. */
    public record InvoiceAutomationChanged(UUID invoiceId, boolean enabled, String reason) implements IntegrationEvent {
    }

    /** Late-payment charges shown on messages (R7.3). */
    public record LateChargeSettings(boolean enabled, BigDecimal flatFee, BigDecimal annualInterestRatePercent) {
    }

    /**
     * What letters show of the tenant (R2.4), all optional: its legal name and address, a contact line (phone,
     * e-mail), the registration (court and number) and VAT ids, the bank account customers pay to, and a logo.
     */
    public record Letterhead(String legalName, PostalAddress address, String contactLine, String registration,
                             String vatId, BankAccount bank, Logo logo) {
    }

    /** The account customers pay to: the IBAN without spaces, the BIC, the holder's and the bank's name. */
    public record BankAccount(String accountHolder, String iban, String bic, String bankName) {
    }

    /** A logo: {@code image/png} or {@code image/svg+xml}, {@code data} base64 (at most 200 KB decoded). */
    public record Logo(String contentType, String data) {
    }

    /**
     * The tenant's settings at {@code settingsVersion}: when automatic messages go out (R4.1), the holiday
     * calendar (R7.4), the minimum gap between two automatic messages to one customer (R7.6), charges (R7.3) and
     * how messages are signed.
     */
    public record TenantSettingsChanged(long settingsVersion, LocalTime weekdaySendTime, String timeZone,
                                        LocalTime weekendSendTime, String weekendTimeZone, boolean holidayCalendar,
                                        String holidayCountry, int minimumGapDays, LateChargeSettings lateCharges,
                                        String senderName, String signature, Letterhead letterhead,
                                        java.util.Map<String, java.math.BigDecimal> minimumAmounts)
            implements IntegrationEvent {

        /** {@code minimumAmounts} (R8.3): per currency, the outstanding amount below which nothing is reminded. */
        public TenantSettingsChanged {
            minimumAmounts = minimumAmounts == null ? java.util.Map.of() : java.util.Map.copyOf(minimumAmounts);
        }

        public TenantSettingsChanged(long settingsVersion, LocalTime weekdaySendTime, String timeZone,
                                     LocalTime weekendSendTime, String weekendTimeZone, boolean holidayCalendar,
                                     String holidayCountry, int minimumGapDays, LateChargeSettings lateCharges,
                                     String senderName, String signature, Letterhead letterhead) {
            this(settingsVersion, weekdaySendTime, timeZone, weekendSendTime, weekendTimeZone, holidayCalendar,
                    holidayCountry, minimumGapDays, lateCharges, senderName, signature, letterhead, null);
        }

        public TenantSettingsChanged(long settingsVersion, LocalTime weekdaySendTime, String timeZone,
                                     LocalTime weekendSendTime, String weekendTimeZone, boolean holidayCalendar,
                                     String holidayCountry, int minimumGapDays, LateChargeSettings lateCharges,
                                     String senderName, String signature) {
            this(settingsVersion, weekdaySendTime, timeZone, weekendSendTime, weekendTimeZone, holidayCalendar,
                    holidayCountry, minimumGapDays, lateCharges, senderName, signature, null, null);
        }

        /** The countries whose national public holidays the holiday calendar knows (ISO 3166-1 alpha-2). */
        public static final java.util.Set<String> HOLIDAY_COUNTRIES = java.util.Set.of("DE", "AT", "CH", "FR", "BE",
                "NL", "LU", "GB", "IE", "IT", "ES");
    }

    /** One language of a template. {@code subject} is null for letters without a subject line. */
    public record TemplateVariant(String language, String subject, String body) {
    }

    /** A template was created or edited; its whole content at {@code templateVersion}. */
    public record TemplateSaved(UUID templateId, long templateVersion, String key, TemplateKind kind, String name,
                                List<TemplateVariant> variants) implements IntegrationEvent {
    }

    /** A template was archived: steps can no longer name it. */
    public record TemplateArchived(UUID templateId, long templateVersion, String key) implements IntegrationEvent {
    }

    private PlanEvents() {
    }
}
