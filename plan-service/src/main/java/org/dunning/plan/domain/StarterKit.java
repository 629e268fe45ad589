package org.dunning.plan.domain;

import org.dunning.contract.PlanEvents.Action;
import org.dunning.contract.PlanEvents.ContactScope;
import org.dunning.contract.PlanEvents.Direction;
import org.dunning.contract.PlanEvents.IntervalUnit;
import org.dunning.contract.PlanEvents.InvoiceScope;
import org.dunning.contract.PlanEvents.PlanType;
import org.dunning.contract.PlanEvents.TemplateKind;
import org.dunning.contract.PlanEvents.TemplateVariant;
import org.dunning.contract.PlanEvents.TriggerReference;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;
import java.util.List;

/**
 * The starter kit (R1.5): German and English templates and three plans that follow the seeds — a friendly, firm and
 * final escalation per invoice, a grouped escalation for customers with many invoices, and a monthly overview.
 * Template bodies live in {@code src/main/resources/starter-kit/<key>.<language>.html}.
 */
public final class StarterKit {

    /** Raised with each change of what the kit installs; recorded with the installation. */
    public static final int VERSION = 3;

    static final PlanInput.RecipientsInput CONTACTS = new PlanInput.RecipientsInput(ContactScope.ALL, null, false);
    static final PlanInput.RecipientsInput CONTACTS_AND_TEAM = new PlanInput.RecipientsInput(ContactScope.ALL, null,
            true);

    public static List<Templates.Content> templates() {
        return List.of(
                email("friendly-reminder", "Friendly reminder",
                        "Zahlungserinnerung: Rechnung {invoice.number}", "Payment reminder: invoice {invoice.number}"),
                email("firm-reminder", "Firm reminder",
                        "2. Mahnung: Rechnung {invoice.number}", "Second reminder: invoice {invoice.number}"),
                email("final-notice", "Final notice",
                        "Letzte Mahnung: Rechnung {invoice.number}", "Final notice: invoice {invoice.number}"),
                email("grouped-reminder", "Grouped reminder",
                        "Offene Rechnungen: {invoiceCount} Rechnungen, {totalOutstanding}",
                        "Open invoices: {invoiceCount} invoices, {totalOutstanding}"),
                email("account-overview", "Account overview",
                        "Ihre Kontoübersicht vom {today}", "Your statement of account of {today}"),
                new Templates.Content("final-letter", TemplateKind.LETTER, "Final demand letter", List.of(
                        new TemplateVariant("de", "Letzte Mahnung", body("final-letter", "de")),
                        new TemplateVariant("en", "Final demand", body("final-letter", "en")))));
    }

    /** The plans; {@code today} (the tenant's) sets the first check of the group plan and the first overview. */
    public static List<PlanInput> plans(LocalDate today) {
        return List.of(
                new PlanInput("Standard escalation", PlanType.ESCALATION_PER_INVOICE, List.of(
                        step("Friendly reminder", 3, Action.AUTO_EMAIL, "friendly-reminder", CONTACTS),
                        step("Firm reminder", 10, Action.AUTO_EMAIL, "firm-reminder", CONTACTS),
                        step("Call the customer", 21, Action.CALL, null, null),
                        step("Final notice (reviewed)", 30, Action.EMAIL_WITH_VALIDATION, "final-notice",
                                CONTACTS_AND_TEAM),
                        step("Final demand letter", 45, Action.LETTER, "final-letter", CONTACTS)), null, null),
                new PlanInput("Grouped escalation", PlanType.ESCALATION_PER_GROUP, null, new PlanInput.GroupInput(
                        new PlanInput.IntervalInput(1, IntervalUnit.WEEKS), today, InvoiceScope.OVERDUE_ONLY, List.of(
                        groupStep("Grouped reminder", 1, Action.AUTO_EMAIL, "grouped-reminder", CONTACTS),
                        groupStep("Call the customer", 21, Action.CALL, null, null),
                        groupStep("Final demand letter", 45, Action.LETTER, "final-letter", CONTACTS))), null),
                new PlanInput("Monthly overview", PlanType.RECURRING_OVERVIEW, null, null, new PlanInput.OverviewInput(
                        new PlanInput.IntervalInput(1, IntervalUnit.MONTHS),
                        today.with(TemporalAdjusters.firstDayOfNextMonth()), InvoiceScope.ALL_UNPAID, CONTACTS,
                        "account-overview", true)));
    }

    private static PlanInput.StepInput step(String name, int daysAfterDue, Action action, String template,
                                            PlanInput.RecipientsInput recipients) {
        return new PlanInput.StepInput(null, name, new PlanInput.TriggerInput(TriggerReference.DUE_DATE,
                Direction.AFTER, daysAfterDue), action, template, recipients);
    }

    private static PlanInput.GroupStepInput groupStep(String name, int minDaysLate, Action action, String template,
                                                      PlanInput.RecipientsInput recipients) {
        return new PlanInput.GroupStepInput(null, name, minDaysLate, action, template, recipients);
    }

    private static Templates.Content email(String key, String name, String subjectDe, String subjectEn) {
        return new Templates.Content(key, TemplateKind.EMAIL, name, List.of(
                new TemplateVariant("de", subjectDe, body(key, "de")),
                new TemplateVariant("en", subjectEn, body(key, "en"))));
    }

    private static String body(String key, String language) {
        String resource = "/starter-kit/" + key + "." + language + ".html";
        try (InputStream in = StarterKit.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("starter kit resource missing: " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private StarterKit() {
    }
}
