package org.dunning.notification.delivery;

import org.dunning.contract.NotificationEvents.Audience;
import org.dunning.notification.domain.Recheck;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The dispatcher's re-check of a claimed e-mail (R7.8), decided without a database. */
class RecheckAtClaimTest {

    final UUID one = UUID.randomUUID();
    final UUID two = UUID.randomUUID();

    Dispatcher.Pending mail(Audience audience, boolean edited, String step, UUID... invoices) {
        return new Dispatcher.Pending(UUID.randomUUID(), "acme", "key", UUID.randomUUID(), audience,
                List.of("anna@kunde.example"), "Erinnerung", "<p>x</p>", "x", "<id@x>", 0, List.of(invoices), step,
                edited, null, false);
    }

    static Recheck.InvoiceState paid(UUID id) {
        return new Recheck.InvoiceState(id, "R-" + id.toString().substring(0, 4), "PAID", false, false);
    }

    @Test
    void aSwitchedOffCustomerGetsNothingWhatEverItsInvoicesSay() {
        Dispatcher.Checked c = Dispatcher.check(mail(Audience.CUSTOMER, false, "{}", one), "automation is paused "
                + "for the customer", i -> null);
        assertThat(c).isInstanceOf(Dispatcher.Suppress.class);
        assertThat(((Dispatcher.Suppress) c).reason()).isEqualTo("automation is paused for the customer");
    }

    @Test
    void invoicesNeverHeardOfCountAsRemindableAndAllPaidSuppresses() {
        assertThat(Dispatcher.check(mail(Audience.CUSTOMER, false, "{}", one, two), null, i -> null))
                .isInstanceOf(Dispatcher.Send.class);
        Map<UUID, Recheck.InvoiceState> states = Map.of(one, paid(one), two, paid(two));
        Dispatcher.Checked c = Dispatcher.check(mail(Audience.CUSTOMER, false, "{}", one, two), null, states::get);
        assertThat(c).isInstanceOf(Dispatcher.Suppress.class);
        assertThat(((Dispatcher.Suppress) c).reason()).contains("was paid");
    }

    @Test
    void aGroupedMailThatLostAnInvoiceIsRenderedAgainUnlessAPersonApprovedIt() {
        Map<UUID, Recheck.InvoiceState> states = Map.of(one, paid(one));
        Dispatcher.Checked automatic = Dispatcher.check(mail(Audience.CUSTOMER, false, "{}", one, two), null,
                states::get);
        assertThat(automatic).isInstanceOf(Dispatcher.Rerender.class);
        assertThat(((Dispatcher.Rerender) automatic).remaining()).containsExactly(two);

        Dispatcher.Checked approved = Dispatcher.check(mail(Audience.CUSTOMER, true, "{}", one, two), null,
                states::get);
        assertThat(((Dispatcher.Suppress) approved).reason()).endsWith("; the approved e-mail lists it");
        // the colleagues' copy goes out as it is
        assertThat(Dispatcher.check(mail(Audience.INTERNAL, false, "{}", one, two), null, states::get))
                .isInstanceOf(Dispatcher.Send.class);
    }
}
