package org.dunning.plan.domain;

import org.dunning.contract.PlanEvents.Slot;
import org.dunning.platform.domain.ValidationFailed;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Assignment, segment defaults, the three switches, the effective plan (R1.6, R3) and the tenant settings. */
class ActivationTest {

    static final UUID CUSTOMER = UUID.randomUUID();
    static final UUID OWN = UUID.randomUUID();
    static final UUID DEFAULT = UUID.randomUUID();

    @Test
    void a_customer_has_one_plan_per_slot_and_repeats_change_nothing() {
        Switches.Customer c = Switches.replayCustomer(Switches.assign(Switches.Customer.NONE, CUSTOMER, Slot.ESCALATION,
                OWN));
        assertThat(Switches.assign(c, CUSTOMER, Slot.ESCALATION, OWN)).isEmpty();
        UUID other = UUID.randomUUID();
        c = Switches.evolve(c, Switches.assign(c, CUSTOMER, Slot.ESCALATION, other).get(0));
        c = Switches.evolve(c, Switches.assign(c, CUSTOMER, Slot.OVERVIEW, OWN).get(0));
        assertThat(c.plans()).isEqualTo(Map.of(Slot.ESCALATION, other, Slot.OVERVIEW, OWN));
        assertThat(Switches.unassign(c, CUSTOMER, Slot.ESCALATION))
                .containsExactly(new PlanEvent.PlanUnassigned(CUSTOMER, other, Slot.ESCALATION));
        c = Switches.evolve(c, Switches.unassign(c, CUSTOMER, Slot.ESCALATION).get(0));
        assertThat(Switches.unassign(c, CUSTOMER, Slot.ESCALATION)).isEmpty();
        assertThat(c.version()).isEqualTo(4);
    }

    @Test
    void an_old_assignment_without_slot_is_an_escalation() {
        Switches.Customer c = Switches.replayCustomer(List.of(new PlanEvent.PlanAssigned(CUSTOMER, OWN, null)));
        assertThat(c.plans()).isEqualTo(Map.of(Slot.ESCALATION, OWN));
    }

    @Test
    void pause_and_resume_once() {
        Switches.Customer c = Switches.replayCustomer(Switches.pause(Switches.Customer.NONE, CUSTOMER, " dispute "));
        assertThat(c.paused()).isTrue();
        assertThat(c.pauseReason()).isEqualTo("dispute");
        assertThat(Switches.pause(c, CUSTOMER, "again")).isEmpty();
        c = Switches.evolve(c, Switches.resume(c, CUSTOMER).get(0));
        assertThat(c.paused()).isFalse();
        assertThat(Switches.resume(c, CUSTOMER)).isEmpty();
        assertThatThrownBy(() -> Switches.pause(Switches.Customer.NONE, CUSTOMER, "x".repeat(501)))
                .isInstanceOf(ValidationFailed.class);
    }

    @Test
    void switches_are_on_until_switched_off() {
        assertThat(Switches.Switch.NONE.enabled()).isTrue();
        Switches.Switch off = Switches.replaySwitch(Switches.switchTenant(Switches.Switch.NONE, false, "audit"));
        assertThat(off.enabled()).isFalse();
        assertThat(Switches.switchTenant(off, false, null)).isEmpty();
        UUID invoice = UUID.randomUUID();
        assertThat(Switches.switchInvoice(Switches.Switch.NONE, invoice, false, "paid by cheque"))
                .containsExactly(new PlanEvent.InvoiceAutomationSwitched(invoice, false, "paid by cheque"));
    }

    @Test
    void segment_defaults_per_slot() {
        Switches.Segment s = Switches.replaySegment(Switches.setDefault(Switches.Segment.NONE, "key accounts",
                Slot.ESCALATION, DEFAULT));
        assertThat(s.plans()).isEqualTo(Map.of(Slot.ESCALATION, DEFAULT));
        assertThat(Switches.setDefault(s, "key accounts", Slot.ESCALATION, DEFAULT)).isEmpty();
        assertThat(Switches.clearDefault(s, "key accounts", Slot.OVERVIEW)).isEmpty();
        assertThatThrownBy(() -> Switches.segment(" ")).isInstanceOf(ValidationFailed.class);
    }

    @Test
    void the_customer_plan_wins_over_the_segment_default() {
        assertThat(Automation.plan(Slot.ESCALATION, Map.of(Slot.ESCALATION, OWN), Map.of(Slot.ESCALATION, DEFAULT)))
                .contains(new Automation.Effective(OWN, Automation.Source.CUSTOMER));
        assertThat(Automation.plan(Slot.ESCALATION, Map.of(Slot.OVERVIEW, OWN), Map.of(Slot.ESCALATION, DEFAULT)))
                .contains(new Automation.Effective(DEFAULT, Automation.Source.SEGMENT_DEFAULT));
        assertThat(Automation.plan(Slot.OVERVIEW, Map.of(), Map.of(Slot.ESCALATION, DEFAULT))).isEmpty();
    }

    @Test
    void automation_applies_only_when_nothing_stops_it() {
        Optional<Automation.Effective> plan = Optional.of(new Automation.Effective(OWN, Automation.Source.CUSTOMER));
        assertThat(Automation.forInvoice(true, false, true, plan)).isEqualTo(new Automation.Verdict(true, List.of()));
        assertThat(Automation.forInvoice(true, true, true, plan).reasons())
                .containsExactly(Automation.Reason.CUSTOMER_PAUSED);
        assertThat(Automation.forInvoice(true, false, false, plan).reasons())
                .containsExactly(Automation.Reason.INVOICE_SWITCHED_OFF);
        assertThat(Automation.forInvoice(false, false, true, plan).reasons())
                .containsExactly(Automation.Reason.TENANT_AUTOMATION_OFF);
        assertThat(Automation.forInvoice(false, true, false, Optional.empty()).reasons()).containsExactly(
                Automation.Reason.TENANT_AUTOMATION_OFF, Automation.Reason.CUSTOMER_PAUSED,
                Automation.Reason.INVOICE_SWITCHED_OFF, Automation.Reason.NO_ESCALATION_PLAN);
    }

    @Test
    void settings_default_as_the_seeds_say_and_change_only_what_is_named() {
        assertThat(TenantSettings.DEFAULTS.weekdaySendTime()).isEqualTo(LocalTime.of(9, 0));
        assertThat(TenantSettings.DEFAULTS.timeZone()).isEqualTo("Europe/Paris");
        assertThat(TenantSettings.DEFAULTS.weekendSendTime()).isEqualTo(LocalTime.of(13, 0));
        Settings.State s = Settings.replay(Settings.decide(new Settings.Change(LocalTime.of(8, 30), "Europe/Berlin",
                null, null, true, "de", 3, new Settings.LateChargesInput(true, null, null), "Acme", null),
                Settings.State.NONE));
        assertThat(s.version()).isEqualTo(1);
        assertThat(s.settings().holidayCountry()).isEqualTo("DE");
        assertThat(s.settings().weekendSendTime()).isEqualTo(LocalTime.of(13, 0));
        assertThat(s.settings().lateCharges().flatFee()).isEqualByComparingTo("40");
        assertThat(Settings.decide(new Settings.Change(null, null, null, null, null, null, 3, null, null, null), s))
                .isEmpty();
    }

    @Test
    void settings_are_validated_naming_each_field() {
        try {
            Settings.decide(new Settings.Change(LocalTime.of(9, 0, 30), "Mars/Olympus", null, "+02:00", true, "ZZ",
                    31, new Settings.LateChargesInput(true, new BigDecimal("-1"), new BigDecimal("100.5")), null,
                    null), Settings.State.NONE);
            throw new AssertionError("accepted");
        } catch (ValidationFailed e) {
            assertThat(e.violations()).extracting(ValidationFailed.Violation::field).containsExactly(
                    "weekdaySendTime", "timeZone", "weekendTimeZone", "holidayCountry", "minimumGapDays",
                    "lateCharges.flatFee", "lateCharges.annualInterestRatePercent");
        }
        try {
            Settings.decide(new Settings.Change(null, null, null, null, true, null, null, null, null, null),
                    Settings.State.NONE);
            throw new AssertionError("accepted");
        } catch (ValidationFailed e) {
            assertThat(e.violations()).extracting(ValidationFailed.Violation::message)
                    .containsExactly("required when the holiday calendar is on");
        }
    }
}
