package org.dunning.notification.domain;

import org.dunning.contract.PlanEvents;
import org.dunning.contract.ReminderEvents;
import org.dunning.templates.SmsText;
import org.dunning.templates.TemplateRenderer;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The rules of a text message (R8.2): who gets one (each distinct mobile number of the step's contacts, in E.164),
 * what it says (the step's SMS template in the customer's language), and which provider answers another try may mend.
 */
public final class TextMessages {

    private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{6,14}");
    private static final Pattern SEPARATORS = Pattern.compile("[\\s\\-./()]");

    /** A number to send to: as the contact has it, in E.164 (null when it is none), and why it cannot be used. */
    public record Recipient(String number, String e164, String problem) {
    }

    /** What is sent: the language of the template variant, the text, how it is sent. */
    public record Message(String language, String text, SmsText.Segments segments) {
    }

    /**
     * The number in E.164 ({@code +} country code and subscriber number, 8 to 15 digits): separators (space, -, ., /,
     * parentheses) are dropped and a leading {@code 00} is read as {@code +}; a national number (0171 …) is none, as
     * its country cannot be known.
     */
    public static Optional<String> e164(String number) {
        if (number == null) {
            return Optional.empty();
        }
        String n = SEPARATORS.matcher(number.strip()).replaceAll("");
        if (n.startsWith("00")) {
            n = "+" + n.substring(2);
        }
        return E164.matcher(n).matches() ? Optional.of(n) : Optional.empty();
    }

    /**
     * One recipient per distinct number of the step's contacts (colleagues get no text message); a number that is not
     * in E.164 is kept with the reason, and a step whose contacts have no number gets one recipient without a number
     * that says so — either becomes a task to fix the contact.
     */
    public static List<Recipient> recipients(ReminderEvents.ReminderStepDue due) {
        Set<String> numbers = new LinkedHashSet<>();
        due.customer().recipients().stream().filter(r -> !r.internal())
                .map(ReminderEvents.Recipient::phone).filter(p -> p != null && !p.isBlank()).map(String::strip)
                .forEach(numbers::add);
        List<Recipient> out = new ArrayList<>();
        if (numbers.isEmpty()) {
            out.add(new Recipient("", null, "none of the step's contacts of " + due.customer().name()
                    + " has a mobile number: add one in E.164, e.g. +4915112345678"));
            return out;
        }
        Set<String> seen = new LinkedHashSet<>();
        for (String n : numbers) {
            Optional<String> e = e164(n);
            if (e.isPresent() && !seen.add(e.get())) {
                continue;
            }
            out.add(new Recipient(n, e.orElse(null), e.isPresent() ? null : "'" + n + "' is no mobile number in "
                    + "international format (E.164, e.g. +4915112345678)"));
        }
        return out;
    }

    /** The step's SMS template rendered for the customer, with its invoices and the tenant's settings. */
    public static Message compose(ReminderEvents.ReminderStepDue due, List<PlanEvents.TemplateVariant> variants,
                                  PlanEvents.TenantSettingsChanged settings, Map<UUID, String> paymentLinks) {
        PlanEvents.TemplateVariant v = EmailComposer.variant(variants, due.customer().language());
        String text = TemplateRenderer.renderText(v.body(), EmailComposer.data(v.language(), due, due.invoices(), null,
                settings, paymentLinks));
        return new Message(v.language(), text, SmsText.of(text));
    }

    /** Whether another try may mend a provider's answer: no answer, a timeout, throttling, a server error. */
    public static boolean mayRetry(int status) {
        return status == 408 || status == 429 || status >= 500;
    }

    private TextMessages() {
    }
}
