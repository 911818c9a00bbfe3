package dev.stockroom.audit;

import java.time.Instant;

/**
 * Moments as an export writes them: UTC ISO-8601 with exactly six fractional digits
 * ({@code 2026-10-31T23:59:59.123456Z}), which keeps the ledger's microseconds (the hash needs
 * them) and still reads as a time in a spreadsheet. Parsing is by hand: the verifier reads
 * millions of these a second.
 */
public final class Moments {
    static final int ISO_LENGTH = 27;
    /** What {@link #parseIso} returns for text that is not a moment. */
    static final long INVALID = Long.MIN_VALUE;

    private Moments() {
    }

    public static String iso(Instant t) {
        return iso(LedgerHash.micros(t));
    }

    public static String iso(long micros) {
        long secs = Math.floorDiv(micros, 1_000_000L);
        int us = (int) Math.floorMod(micros, 1_000_000L);
        long days = Math.floorDiv(secs, 86_400L);
        int sod = (int) Math.floorMod(secs, 86_400L);
        long z = days + 719_468;
        long era = (z >= 0 ? z : z - 146_096) / 146_097;
        long doe = z - era * 146_097;
        long yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        long mp = (5 * doy + 2) / 153;
        int d = (int) (doy - (153 * mp + 2) / 5 + 1);
        int m = (int) (mp < 10 ? mp + 3 : mp - 9);
        long y = yoe + era * 400 + (m <= 2 ? 1 : 0);
        if (y < 0 || y > 9999) {
            return LedgerHash.fromMicros(micros).toString();  // not a ledger time; the verifier will say so
        }
        char[] c = new char[ISO_LENGTH];
        put(c, 0, (int) y, 4);
        c[4] = '-';
        put(c, 5, m, 2);
        c[7] = '-';
        put(c, 8, d, 2);
        c[10] = 'T';
        put(c, 11, sod / 3600, 2);
        c[13] = ':';
        put(c, 14, sod / 60 % 60, 2);
        c[16] = ':';
        put(c, 17, sod % 60, 2);
        c[19] = '.';
        put(c, 20, us, 6);
        c[26] = 'Z';
        return new String(c);
    }

    private static void put(char[] c, int at, int value, int digits) {
        for (int i = at + digits - 1; i >= at; i--) {
            c[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }

    /** Microseconds since the epoch, or {@link #INVALID} when the bytes are not exactly the form above. */
    static long parseIso(byte[] b, int off, int len) {
        if (len != ISO_LENGTH || b[off + 4] != '-' || b[off + 7] != '-' || b[off + 10] != 'T' || b[off + 13] != ':'
                || b[off + 16] != ':' || b[off + 19] != '.' || b[off + 26] != 'Z') {
            return INVALID;
        }
        int y = digits(b, off, 4);
        int m = digits(b, off + 5, 2);
        int d = digits(b, off + 8, 2);
        int hh = digits(b, off + 11, 2);
        int mi = digits(b, off + 14, 2);
        int ss = digits(b, off + 17, 2);
        int us = digits(b, off + 20, 6);
        if (y < 0 || m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m) || hh < 0 || hh > 23 || mi < 0 || mi > 59
                || ss < 0 || ss > 59 || us < 0) {
            return INVALID;
        }
        long days = daysFromCivil(y, m, d);
        return ((days * 86_400L + hh * 3600L + mi * 60L + ss) * 1_000_000L) + us;
    }

    /** Parses many moments in a row, remembering the last day: ledger rows come in time order. */
    static final class Parser {
        private final byte[] day = new byte[10];
        private long dayMicros = INVALID;

        long parse(byte[] b, int off, int len) {
            if (len != ISO_LENGTH || dayMicros == INVALID || !sameDay(b, off)) {
                long v = parseIso(b, off, len);
                if (v != INVALID) {
                    System.arraycopy(b, off, day, 0, 10);
                    dayMicros = Math.floorDiv(v, 86_400_000_000L) * 86_400_000_000L;
                }
                return v;
            }
            if (b[off + 10] != 'T' || b[off + 13] != ':' || b[off + 16] != ':' || b[off + 19] != '.' || b[off + 26] != 'Z') {
                return INVALID;
            }
            int hh = digits(b, off + 11, 2);
            int mi = digits(b, off + 14, 2);
            int ss = digits(b, off + 17, 2);
            int us = digits(b, off + 20, 6);
            if (hh < 0 || hh > 23 || mi < 0 || mi > 59 || ss < 0 || ss > 59 || us < 0) {
                return INVALID;
            }
            return dayMicros + (hh * 3600L + mi * 60L + ss) * 1_000_000L + us;
        }

        private boolean sameDay(byte[] b, int off) {
            for (int i = 0; i < 10; i++) {
                if (b[off + i] != day[i]) {
                    return false;
                }
            }
            return true;
        }
    }

    static long parseIso(String s) {
        byte[] b = s.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        return parseIso(b, 0, b.length);
    }

    private static int digits(byte[] b, int off, int n) {
        int v = 0;
        for (int i = off; i < off + n; i++) {
            int x = b[i] - '0';
            if (x < 0 || x > 9) {
                return -1 << 30;
            }
            v = v * 10 + x;
        }
        return v;
    }

    private static int daysInMonth(int y, int m) {
        return switch (m) {
            case 2 -> (y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)) ? 29 : 28;
            case 4, 6, 9, 11 -> 30;
            default -> 31;
        };
    }

    private static long daysFromCivil(int year, int m, int d) {
        long y = year - (m <= 2 ? 1 : 0);
        long era = (y >= 0 ? y : y - 399) / 400;
        long yoe = y - era * 400;
        long doy = (153L * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
        long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        return era * 146_097 + doe - 719_468;
    }
}
