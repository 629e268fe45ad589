package org.dunning.notification.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The re-check before a message goes out (R7.8): which of its invoices may still be reminded, as the ledger and the
 * invoice switches say now. An invoice this service has not heard of yet counts as remindable (the step that names
 * it was checked when it fired).
 */
public final class Recheck {

    /** What this service knows of an invoice now. {@code status} as in the ledger's events. */
    public record InvoiceState(UUID invoiceId, String number, String status, boolean disputed, boolean automationOff) {
    }

    /** {@code remindable}: the invoices still to remind; {@code reasons}: why each other one is not. */
    public record Verdict(List<UUID> remindable, List<String> reasons) {
        public boolean nothingLeft() {
            return remindable.isEmpty();
        }

        public boolean everything(int of) {
            return remindable.size() == of;
        }

        public String reason() {
            return String.join("; ", reasons);
        }
    }

    public static Verdict of(List<UUID> invoiceIds, Map<UUID, InvoiceState> states) {
        List<UUID> remindable = new ArrayList<>();
        List<String> reasons = new ArrayList<>();
        for (UUID id : invoiceIds) {
            InvoiceState s = states.get(id);
            String why = s == null ? null : why(s);
            if (why == null) {
                remindable.add(id);
            } else {
                reasons.add("invoice " + (s.number() == null ? id : s.number()) + " " + why);
            }
        }
        return new Verdict(List.copyOf(remindable), List.copyOf(reasons));
    }

    private static String why(InvoiceState s) {
        if ("PAID".equals(s.status())) {
            return "was paid";
        }
        if ("CANCELLED".equals(s.status())) {
            return "was cancelled";
        }
        if ("WRITTEN_OFF".equals(s.status())) {
            return "was written off";
        }
        if (s.disputed()) {
            return "is disputed";
        }
        return s.automationOff() ? "was switched off for reminders" : null;
    }

    private Recheck() {
    }
}
