package org.dunning.notification.delivery;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import org.dunning.notification.domain.ReminderMessage;

import java.util.List;

/** The reminder e-mail: templates in src/main/resources/templates/ReminderMail, type-checked at build time. */
public final class ReminderMail {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance reminder_de(String contactName, List<ReminderMessage.Line> invoices, String total);

        static native TemplateInstance reminder_en(String contactName, List<ReminderMessage.Line> invoices, String total);
    }

    public static String render(ReminderMessage m) {
        TemplateInstance t = "de".equals(m.language())
                ? Templates.reminder_de(m.contactName(), m.invoices(), m.total())
                : Templates.reminder_en(m.contactName(), m.invoices(), m.total());
        return t.render();
    }

    private ReminderMail() {
    }
}
