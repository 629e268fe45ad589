package org.dunning.escalation.domain;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;

import static org.assertj.core.api.Assertions.assertThat;

class SendSlotsTest {

    final SendSlots paris = SendSlots.of(ZoneId.of("Europe/Paris"), LocalTime.of(9, 0));

    @Test
    void weekdaysGoOutAtTheTenantsSendTimeInItsZone() {
        // Friday 4 December 2026, 09:00 in Paris is 08:00 UTC (winter time).
        assertThat(paris.slotOn(LocalDate.of(2026, 12, 4))).isEqualTo(Instant.parse("2026-12-04T08:00:00Z"));
        SendSlots newYork = SendSlots.of(ZoneId.of("America/New_York"), LocalTime.of(8, 30));
        assertThat(newYork.slotOn(LocalDate.of(2026, 12, 4))).isEqualTo(Instant.parse("2026-12-04T13:30:00Z"));
    }

    @Test
    void weekendsGoOutAt13ParisTimeWhateverTheTenantsZone() {
        SendSlots newYork = SendSlots.of(ZoneId.of("America/New_York"), LocalTime.of(8, 30));
        assertThat(newYork.slotOn(LocalDate.of(2026, 12, 5))).isEqualTo(Instant.parse("2026-12-05T12:00:00Z"));
        assertThat(paris.slotOn(LocalDate.of(2026, 12, 6))).isEqualTo(Instant.parse("2026-12-06T12:00:00Z"));
    }

    @Test
    void summerTimeMovesTheUtcInstantNotTheLocalHour() {
        // Monday 30 March 2026 is the first weekday after the switch to summer time (29 March).
        assertThat(paris.slotOn(LocalDate.of(2026, 3, 27))).isEqualTo(Instant.parse("2026-03-27T08:00:00Z"));
        assertThat(paris.slotOn(LocalDate.of(2026, 3, 30))).isEqualTo(Instant.parse("2026-03-30T07:00:00Z"));
    }

    @Test
    void aPastDayCatchesUpAtTheNextSlot() {
        Instant fridayNoon = Instant.parse("2026-12-04T11:00:00Z");
        assertThat(paris.slotFor(LocalDate.of(2026, 12, 1), fridayNoon)).isEqualTo(Instant.parse("2026-12-05T12:00:00Z"));
        Instant fridayEarly = Instant.parse("2026-12-04T06:00:00Z");
        assertThat(paris.slotFor(LocalDate.of(2026, 12, 1), fridayEarly)).isEqualTo(Instant.parse("2026-12-04T08:00:00Z"));
    }

    @Test
    void theTenantsDayIsUsedNotUtcs() {
        // 23:30 UTC on 3 December is already 4 December in Paris.
        assertThat(paris.today(Instant.parse("2026-12-03T23:30:00Z"))).isEqualTo(LocalDate.of(2026, 12, 4));
    }

    @Test
    void aHolidaysRemindersGoOutAtTheNextWorkingDaysSlot() {
        SendSlots germany = new SendSlots(ZoneId.of("Europe/Berlin"), LocalTime.of(9, 0), SendSlots.WEEKEND_ZONE,
                SendSlots.WEEKEND_TIME, "DE");
        // Friday 25 December 2026 and Saturday 26 December are holidays: Monday 28 December, 09:00 Berlin.
        assertThat(germany.slotOn(LocalDate.of(2026, 12, 25))).isEqualTo(Instant.parse("2026-12-28T08:00:00Z"));
        assertThat(germany.slotOn(LocalDate.of(2026, 12, 26))).isEqualTo(Instant.parse("2026-12-28T08:00:00Z"));
        // Sunday 27 December is no holiday: the weekend slot
        assertThat(germany.slotOn(LocalDate.of(2026, 12, 27))).isEqualTo(Instant.parse("2026-12-27T12:00:00Z"));
        // Good Friday 2027 (26 March) and Easter Monday (29 March): Tuesday 30 March
        assertThat(germany.slotOn(LocalDate.of(2027, 3, 29))).isEqualTo(Instant.parse("2027-03-30T07:00:00Z"));
        // without the calendar Christmas is a Friday like any other
        assertThat(paris.slotOn(LocalDate.of(2026, 12, 25))).isEqualTo(Instant.parse("2026-12-25T08:00:00Z"));
    }

    @Test
    void aTenantsWeekendTimeAndZoneAreItsOwn() {
        SendSlots s = new SendSlots(ZoneId.of("Europe/London"), LocalTime.of(8, 0), ZoneId.of("Europe/London"),
                LocalTime.of(10, 0), null);
        assertThat(s.slotOn(LocalDate.of(2026, 12, 5))).isEqualTo(Instant.parse("2026-12-05T10:00:00Z"));
    }
}
