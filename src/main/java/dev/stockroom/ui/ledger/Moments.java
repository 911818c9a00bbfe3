package dev.stockroom.ui.ledger;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** Moments typed by a person: "2026-11-25 14:30", "2026-11-25" (midnight) or "14:30" (today), local time. */
public final class Moments {
    public static final String FORMAT_HINT = "YYYY-MM-DD HH:MM, YYYY-MM-DD or HH:MM";
    public static final DateTimeFormatter SHOW = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd H:mm[:ss[.SSS]]");

    private Moments() {
    }

    /** The instant, or null for blank text; throws IllegalArgumentException with a sentence otherwise. */
    public static Instant parse(String text, ZoneId zone, LocalDate today) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String t = text.trim().replace('T', ' ');
        try {
            if (!t.contains("-") && t.contains(":")) {
                return LocalTime.parse(t.indexOf(':') == 1 ? "0" + t : t).atDate(today).atZone(zone).toInstant();
            }
            if (!t.contains(" ")) {
                return LocalDate.parse(t).atStartOfDay(zone).toInstant();
            }
            return LocalDateTime.parse(t, DATE_TIME).atZone(zone).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("\"" + text.trim() + "\" is not a moment: write " + FORMAT_HINT + ".");
        }
    }

    public static String show(Instant t, ZoneId zone) {
        return t == null ? "" : SHOW.format(t.atZone(zone));
    }
}
