package org.dunning.notification.domain;

import org.dunning.templates.Formats;

import org.dunning.contract.ReminderEvents;

import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;

/**
 * What a reminder e-mail says, formatted for the customer's language, before it is put into a template.
 * Pure: no framework, so the same values feed the template, the stored record and the tests.
 */
public record ReminderMessage(String language, List<String> recipients, String contactName, String subject,
                              List<Line> invoices, String total) {

    public record Line(String number, String dueDate, long daysLate, String outstanding) {
    }

    public static final List<String> LANGUAGES = List.of("de", "en");

    public static ReminderMessage of(ReminderEvents.ReminderStepDue due) {
        String language = LANGUAGES.contains(due.customer().language()) ? due.customer().language() : "en";
        Formats f = Formats.forLanguage(language);
        List<ReminderEvents.Recipient> to = due.customer().recipients().stream()
                .filter(r -> r.email() != null && !r.email().isBlank()).toList();
        List<Line> lines = due.invoices().stream().map(i -> new Line(i.number(), f.date(i.dueDate()), i.daysLate(),
                f.money(i.outstanding(), i.currency()))).toList();
        String currency = due.invoices().get(0).currency();
        BigDecimal total = due.invoices().stream().map(ReminderEvents.InvoiceRef::outstanding)
                .reduce(BigDecimal.ZERO, BigDecimal::add);
        String numbers = String.join(", ", due.invoices().stream().map(ReminderEvents.InvoiceRef::number).toList());
        String subject = "de".equals(language) ? "Zahlungserinnerung: Rechnung " + numbers
                : "Payment reminder: invoice " + numbers;
        return new ReminderMessage(language, to.stream().map(ReminderEvents.Recipient::email).toList(),
                to.size() == 1 ? Objects.requireNonNullElse(to.get(0).name(), "") : "", subject, lines,
                f.money(total, currency));
    }
}
