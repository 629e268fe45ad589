package org.dunning.escalation.domain;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;

import static org.assertj.core.api.Assertions.assertThat;

class SendSlotsTest {

    final SendSlots paris = new SendSlots(ZoneId.of("Europe/Paris"), LocalTime.of(9, 0));

    @Test
    void weekdaysGoOutAtTheTenantsSendTimeInItsZone() {
        // Friday 4 December 2026, 09:00 in Paris is 08:00 UTC (winter time).
        assertThat(paris.slotOn(LocalDate.of(2026, 12, 4))).isEqualTo(Instant.parse("2026-12-04T08:00:00Z"));
        SendSlots newYork = new SendSlots(ZoneId.of("America/New_York"), LocalTime.of(8, 30));
        assertThat(newYork.slotOn(LocalDate.of(2026, 12, 4))).isEqualTo(Instant.parse("2026-12-04T13:30:00Z"));
    }

    @Test
    void weekendsGoOutAt13ParisTimeWhateverTheTenantsZone() {
        SendSlots newYork = new SendSlots(ZoneId.of("America/New_York"), LocalTime.of(8, 30));
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
}
