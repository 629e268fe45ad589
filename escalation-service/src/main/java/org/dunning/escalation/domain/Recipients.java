package org.dunning.escalation.domain;

import org.dunning.contract.InvoiceEvents;
import org.dunning.contract.PlanEvents;
import org.dunning.contract.ReminderEvents;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Who a step addresses (R2.5): all the customer's contacts, those with one of the step's roles, or none; and, when the
 * step says so, the colleagues assigned to the customer. A bounced address is left out (its contact keeps its phone).
 */
public final class Recipients {

    public static List<ReminderEvents.Recipient> of(PlanEvents.Recipients step, List<InvoiceEvents.Contact> contacts,
                                                    List<InvoiceEvents.InternalUser> internalUsers) {
        PlanEvents.ContactScope scope = step == null || step.contacts() == null ? PlanEvents.ContactScope.ALL
                : step.contacts();
        Set<String> roles = step == null || step.contactRoles() == null ? Set.of()
                : step.contactRoles().stream().map(r -> r.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
        List<ReminderEvents.Recipient> out = new ArrayList<>();
        for (InvoiceEvents.Contact c : contacts) {
            boolean wanted = switch (scope) {
                case ALL -> true;
                case ROLES -> c.role() != null && roles.contains(c.role().toLowerCase(Locale.ROOT));
                case NONE -> false;
            };
            if (wanted) {
                out.add(ReminderEvents.Recipient.contact(c.name(), c.bounced() ? null : c.email(), c.phone(), c.role()));
            }
        }
        if (step != null && step.internalUsers() && internalUsers != null) {
            for (InvoiceEvents.InternalUser u : internalUsers) {
                out.add(new ReminderEvents.Recipient(u.name(), u.email(), null, "internal", true));
            }
        }
        return out;
    }

    private Recipients() {
    }
}
