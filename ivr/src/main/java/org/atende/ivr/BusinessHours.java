package org.atende.ivr;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.util.List;

import org.atende.config.flow.Node.Schedule;

/** Evaluates a {@link Schedule} node at an instant, in the schedule's own time zone. Pure function. */
public final class BusinessHours {

    private BusinessHours() {
    }

    /**
     * Open when a dated exception for today's date (in the zone) has hours covering now (an exception without
     * hours closes the whole day), or, with no exception for today, when a weekly {@code hours} entry covers
     * today's weekday and time. Intervals are [from, to).
     */
    public static boolean isOpen(Schedule schedule, Instant now) {
        ZonedDateTime local = now.atZone(schedule.zone());
        LocalTime time = local.toLocalTime();
        for (Schedule.Dated exception : schedule.exceptions()) {
            if (exception.date().equals(local.toLocalDate())) {
                return covers(exception.hours(), time);
            }
        }
        for (Schedule.Hours h : schedule.hours()) {
            if (h.days().contains(local.getDayOfWeek()) && covers(List.of(h), time)) {
                return true;
            }
        }
        return false;
    }

    /** Dated hours apply to their date whatever their {@code days}. */
    private static boolean covers(List<Schedule.Hours> hours, LocalTime time) {
        for (Schedule.Hours h : hours) {
            if (!time.isBefore(h.from()) && time.isBefore(h.to())) {
                return true;
            }
        }
        return false;
    }
}
