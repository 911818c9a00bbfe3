package dev.stockroom.audit;

import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Things an auditor asks about, found in an export: stock counts with no reason, large
 * negative counts, reservations held past their expiry, and changes made outside working
 * hours (grouped by the login that made them). Not proof of wrongdoing: questions to ask.
 */
public final class Anomalies implements LedgerListener {
    private static final int EXAMPLES = 20;

    /** What counts as unusual. */
    public record Rules(ZoneId zone, LocalTime dayStarts, LocalTime dayEnds, boolean weekendsOff, int largeNegative,
                        Duration expiryGrace) {
        public static Rules defaults() {
            return new Rules(ZoneId.systemDefault(), LocalTime.of(7, 0), LocalTime.of(20, 0), false, 10, Duration.ofMinutes(15));
        }
    }

    /** One kind of anomaly: how many, and the first few in words. */
    public record Group(String title, long count, List<String> examples) {
    }

    public record Result(VerifyReport report, List<Group> groups) {
        public long total() {
            return groups.stream().mapToLong(Group::count).sum();
        }

        public Group group(String title) {
            return groups.stream().filter(g -> g.title().startsWith(title)).findFirst().orElse(new Group(title, 0, List.of()));
        }
    }

    public static final String NO_REASON = "Stock counts without a reason";
    public static final String LARGE_NEGATIVE = "Large negative counts";
    public static final String PAST_EXPIRY = "Reservations held past their expiry";
    public static final String OUT_OF_HOURS = "Changes outside working hours";

    private final Rules rules;
    private final long rangeEnd;
    private final Collector noReason = new Collector();
    private final Collector largeNegative = new Collector();
    private final Collector pastExpiry = new Collector();
    private final Map<String, Collector> outOfHours = new TreeMap<>();

    private static final class Collector {
        long count;
        final List<String> examples = new ArrayList<>();

        void add(String example) {
            count++;
            if (examples.size() < EXAMPLES) {
                examples.add(example);
            }
        }
    }

    private Anomalies(Rules rules, Instant rangeEnd) {
        this.rules = rules;
        this.rangeEnd = LedgerHash.micros(rangeEnd);
    }

    public static Result find(Path file, Rules rules, VerifyOptions options) {
        Instant end;
        try (ExportFile f = ExportFile.open(file)) {
            end = f.manifest().rangeTo();
        } catch (UnusableExportException e) {
            return new Result(VerifyReport.unusable(file.toString(), e.getMessage(), 0), List.of());
        }
        Anomalies a = new Anomalies(rules, end);
        VerifyReport report = ExportVerifier.verify(file, options.listener(a));
        return new Result(report, a.groups());
    }

    @Override
    public void row(ExportRow r) {
        if (r.kind().equals("count")) {
            String reason = r.reason();
            if (reason == null || reason.isBlank()) {
                noReason.add(describe(r) + " counted " + ChainVerifier.signed(r.onHandDelta()) + " with no reason");
            }
            if (r.onHandDelta() <= -rules.largeNegative()) {
                largeNegative.add(describe(r) + " counted " + r.onHandDelta() + " (to " + r.onHandAfter() + ")"
                        + (reason == null ? "" : ": \"" + reason + "\""));
            }
        }
        ZonedDateTime local = LedgerHash.fromMicros(r.micros()).atZone(rules.zone());
        LocalTime t = local.toLocalTime();
        boolean weekend = local.getDayOfWeek() == DayOfWeek.SATURDAY || local.getDayOfWeek() == DayOfWeek.SUNDAY;
        if (t.isBefore(rules.dayStarts()) || !t.isBefore(rules.dayEnds()) || (rules.weekendsOff() && weekend)) {
            outOfHours.computeIfAbsent(r.actor(), k -> new Collector())
                    .add(local.toLocalDateTime().withNano(0) + " " + r.kind() + " " + r.skuCode() + " seq " + r.seq()
                            + " (" + ChainVerifier.signed(r.onHandDelta()) + " on hand)");
        }
    }

    @Override
    public void reservation(ReservationRow r) {
        long grace = rules.expiryGrace().toNanos() / 1000;
        String order = "order " + r.orderRef() + " on " + r.channel() + " (" + r.sku() + " x" + r.qty() + ")";
        if (r.closed() && r.closedAt() > r.expiresAt() + grace) {
            pastExpiry.add(order + ": expired " + LedgerHash.fromMicros(r.expiresAt()) + " but was " + r.statusAtEnd() + " only "
                    + words(r.closedAt() - r.expiresAt()) + " later");
        } else if (!r.closed() && rangeEnd > r.expiresAt() + grace) {
            pastExpiry.add(order + ": expired " + LedgerHash.fromMicros(r.expiresAt()) + " and was still held "
                    + words(rangeEnd - r.expiresAt()) + " later, at the end of the export");
        }
    }

    private static String describe(ExportRow r) {
        return LedgerHash.fromMicros(r.micros()) + " " + r.skuCode() + " seq " + r.seq() + " by " + r.actor();
    }

    private static String words(long micros) {
        Duration d = Duration.ofNanos(micros * 1000);
        if (d.toDays() > 0) {
            return d.toDays() + " day" + (d.toDays() == 1 ? "" : "s") + " " + d.toHoursPart() + " h";
        }
        if (d.toHours() > 0) {
            return d.toHours() + " h " + d.toMinutesPart() + " min";
        }
        return d.toMinutes() + " min";
    }

    private List<Group> groups() {
        List<Group> out = new ArrayList<>();
        out.add(new Group(NO_REASON, noReason.count, List.copyOf(noReason.examples)));
        out.add(new Group(LARGE_NEGATIVE + " (" + rules.largeNegative() + " units or more)", largeNegative.count,
                List.copyOf(largeNegative.examples)));
        out.add(new Group(PAST_EXPIRY, pastExpiry.count, List.copyOf(pastExpiry.examples)));
        long outside = outOfHours.values().stream().mapToLong(c -> c.count).sum();
        List<String> byActor = new ArrayList<>();
        outOfHours.forEach((actor, c) -> {
            byActor.add(actor + ": " + c.count + " change" + (c.count == 1 ? "" : "s"));
            c.examples.stream().limit(5).forEach(x -> byActor.add("    " + x));
        });
        out.add(new Group(OUT_OF_HOURS + " (" + rules.dayStarts() + " to " + rules.dayEnds() + ", " + rules.zone() + ")", outside,
                List.copyOf(byActor)));
        return out;
    }
}
