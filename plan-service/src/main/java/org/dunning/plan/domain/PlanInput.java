package org.dunning.plan.domain;

import org.dunning.contract.PlanEvents.Action;
import org.dunning.contract.PlanEvents.ContactScope;
import org.dunning.contract.PlanEvents.Direction;
import org.dunning.contract.PlanEvents.IntervalUnit;
import org.dunning.contract.PlanEvents.InvoiceScope;
import org.dunning.contract.PlanEvents.PlanType;
import org.dunning.contract.PlanEvents.TriggerReference;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * A plan as a user writes it: every field may be missing, so that {@link Plans} can name each one that is. A step
 * without {@code stepId} is a new step; with one, it is that step of the current version (its identity is kept).
 */
public record PlanInput(String name, PlanType planType, List<StepInput> steps, GroupInput group,
                        OverviewInput overview, Integer maxAutomaticReminders) {

    public PlanInput(String name, PlanType planType, List<StepInput> steps, GroupInput group, OverviewInput overview) {
        this(name, planType, steps, group, overview, null);
    }

    public record TriggerInput(TriggerReference reference, Direction direction, Integer days) {
    }

    public record RecipientsInput(ContactScope contacts, List<String> contactRoles, Boolean internalUsers) {
    }

    public record IntervalInput(Integer every, IntervalUnit unit) {
    }

    /** R8.5: the second template of an A/B test and the share of invoices (customers) that get it, 1 to 99. */
    public record TemplateSplitInput(String templateKey, Integer percent) {
    }

    /**
     * {@code attachDocuments} (R8.1): the e-mail carries the invoice document; e-mail steps only, absent: no. {@code
     * abTest} (R8.5): a second template for a share of the invoices; steps with a template only, absent: none.
     */
    public record StepInput(UUID stepId, String name, TriggerInput trigger, Action action, String templateKey,
                            RecipientsInput recipients, Boolean attachDocuments, TemplateSplitInput abTest) {

        public StepInput(UUID stepId, String name, TriggerInput trigger, Action action, String templateKey,
                         RecipientsInput recipients) {
            this(stepId, name, trigger, action, templateKey, recipients, null, null);
        }

        public StepInput(UUID stepId, String name, TriggerInput trigger, Action action, String templateKey,
                         RecipientsInput recipients, Boolean attachDocuments) {
            this(stepId, name, trigger, action, templateKey, recipients, attachDocuments, null);
        }
    }

    /** {@code attachDocuments} and {@code abTest} as for {@link StepInput}, per customer instead of per invoice. */
    public record GroupStepInput(UUID stepId, String name, Integer minDaysLate, Action action, String templateKey,
                                 RecipientsInput recipients, Boolean attachDocuments, TemplateSplitInput abTest) {

        public GroupStepInput(UUID stepId, String name, Integer minDaysLate, Action action, String templateKey,
                              RecipientsInput recipients) {
            this(stepId, name, minDaysLate, action, templateKey, recipients, null, null);
        }

        public GroupStepInput(UUID stepId, String name, Integer minDaysLate, Action action, String templateKey,
                              RecipientsInput recipients, Boolean attachDocuments) {
            this(stepId, name, minDaysLate, action, templateKey, recipients, attachDocuments, null);
        }
    }

    public record GroupInput(IntervalInput checkEvery, LocalDate startDate, InvoiceScope scope,
                             List<GroupStepInput> steps) {
    }

    public record OverviewInput(IntervalInput every, LocalDate startDate, InvoiceScope scope,
                                RecipientsInput recipients, String templateKey, Boolean includeCreditNotes) {
    }
}
