package org.atende.ivr;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;

import org.atende.config.flow.Node.Schedule;
import org.junit.jupiter.api.Test;

class BusinessHoursTest {

    private static final ZoneId SAO_PAULO = ZoneId.of("America/Sao_Paulo"); // UTC-3, no DST since 2019

    private static final Schedule.Hours WEEKDAYS = new Schedule.Hours(
            EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY), LocalTime.of(8, 0), LocalTime.of(18, 0));
    private static final Schedule.Hours SATURDAY = new Schedule.Hours(
            EnumSet.of(DayOfWeek.SATURDAY), LocalTime.of(9, 0), LocalTime.of(13, 0));

    private static final Schedule SCHEDULE = new Schedule("hours", SAO_PAULO, List.of(WEEKDAYS, SATURDAY),
            List.of(new Schedule.Dated(LocalDate.of(2026, 12, 25), List.of(), "Natal"),
                    new Schedule.Dated(LocalDate.of(2026, 12, 31), List.of(new Schedule.Hours(
                            EnumSet.noneOf(DayOfWeek.class), LocalTime.of(8, 0), LocalTime.of(12, 0))), "Réveillon"),
                    new Schedule.Dated(LocalDate.of(2026, 12, 27), List.of(new Schedule.Hours(
                            EnumSet.noneOf(DayOfWeek.class), LocalTime.of(10, 0), LocalTime.of(14, 0))), "plantão")),
            "open", "closed");

    private static boolean openAt(String instant) {
        return BusinessHours.isOpen(SCHEDULE, Instant.parse(instant));
    }

    @Test
    void weekdayHoursAreInSaoPauloTime() {
        // Thursday 2026-12-24 08:30 in São Paulo is 11:30 UTC
        assertThat(openAt("2026-12-24T11:30:00Z")).isTrue();
        // 07:30 in São Paulo (10:30 UTC, which would be inside 08-18 if read as UTC)
        assertThat(openAt("2026-12-24T10:30:00Z")).isFalse();
        // 17:59 local open, 18:00 local closed ([from, to))
        assertThat(openAt("2026-12-24T20:59:00Z")).isTrue();
        assertThat(openAt("2026-12-24T21:00:00Z")).isFalse();
    }

    @Test
    void holidayClosesTheWholeDay() {
        // Friday 2026-12-25 14:00 local would be inside weekday hours
        assertThat(openAt("2026-12-25T17:00:00Z")).isFalse();
    }

    @Test
    void dateIsTakenInTheZoneNotInUtc() {
        // 2026-12-25T01:00Z is still Thursday the 24th, 22:00 in São Paulo: not the holiday, but after hours
        assertThat(openAt("2026-12-25T01:00:00Z")).isFalse();
        // 2026-12-26T02:00Z is Friday the 25th, 23:00 local (holiday); 2026-12-26T12:00Z is Saturday 09:00 local
        assertThat(openAt("2026-12-26T12:00:00Z")).isTrue();
        assertThat(openAt("2026-12-26T11:59:00Z")).isFalse();
    }

    @Test
    void datedHoursOpenOnlyThen() {
        // Thursday 2026-12-31: special hours 08-12 replace 08-18
        assertThat(openAt("2026-12-31T13:00:00Z")).isTrue(); // 10:00 local
        assertThat(openAt("2026-12-31T16:00:00Z")).isFalse(); // 13:00 local
        // Sunday 2026-12-27: normally closed, open 10-14 by exception
        assertThat(openAt("2026-12-27T14:00:00Z")).isTrue(); // 11:00 local
        assertThat(openAt("2026-12-27T18:00:00Z")).isFalse(); // 15:00 local
    }

    @Test
    void sundayWithoutExceptionIsClosed() {
        assertThat(openAt("2026-12-20T15:00:00Z")).isFalse();
    }
}
