package org.dunning.escalation.domain;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;

class PublicHolidaysTest {

    @Test
    void easterIsComputed() {
        assertThat(PublicHolidays.easterSunday(2026)).isEqualTo(LocalDate.of(2026, 4, 5));
        assertThat(PublicHolidays.easterSunday(2027)).isEqualTo(LocalDate.of(2027, 3, 28));
        assertThat(PublicHolidays.easterSunday(2038)).isEqualTo(LocalDate.of(2038, 4, 25));
    }

    @Test
    void nationalHolidaysOfSomeCountries() {
        assertThat(PublicHolidays.isHoliday("DE", LocalDate.of(2026, 10, 3))).isTrue();
        assertThat(PublicHolidays.isHoliday("DE", LocalDate.of(2026, 5, 14))).isTrue();  // Ascension
        assertThat(PublicHolidays.isHoliday("FR", LocalDate.of(2026, 7, 14))).isTrue();
        assertThat(PublicHolidays.isHoliday("FR", LocalDate.of(2026, 4, 3))).isFalse(); // no Good Friday in France
        assertThat(PublicHolidays.isHoliday("AT", LocalDate.of(2026, 6, 4))).isTrue();  // Corpus Christi
        assertThat(PublicHolidays.isHoliday("NL", LocalDate.of(2025, 4, 26))).isTrue(); // King's Day on a Sunday
        assertThat(PublicHolidays.isHoliday("ES", LocalDate.of(2026, 10, 12))).isTrue();
    }

    @Test
    void britishHolidaysOnAWeekendAreTakenOnTheNextWeekdays() {
        // 25 and 26 December 2027 are a Saturday and a Sunday: Monday 27 and Tuesday 28 are the holidays
        assertThat(PublicHolidays.isHoliday("GB", LocalDate.of(2027, 12, 27))).isTrue();
        assertThat(PublicHolidays.isHoliday("GB", LocalDate.of(2027, 12, 28))).isTrue();
        assertThat(PublicHolidays.isHoliday("GB", LocalDate.of(2026, 8, 31))).isTrue(); // last Monday of August
        assertThat(PublicHolidays.isHoliday("IE", LocalDate.of(2026, 2, 2))).isTrue();  // St Brigid's Day
    }

    @Test
    void everyCountryThePlanServiceOffersHasACalendar() {
        assertThat(PublicHolidays.COUNTRIES).isEqualTo(
                org.dunning.contract.PlanEvents.TenantSettingsChanged.HOLIDAY_COUNTRIES);
        PublicHolidays.COUNTRIES.forEach(c -> assertThat(PublicHolidays.of(c, 2026)).isNotEmpty());
    }
}
