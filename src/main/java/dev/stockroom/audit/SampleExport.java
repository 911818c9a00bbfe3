package dev.stockroom.audit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Random;
import java.util.UUID;

/**
 * A believable export of any size with no database: restocks, sales, counts, returns and
 * reservations that are confirmed or released, chained exactly as the kernel chains them.
 * For the bench (how fast does verification read?) and for tests of the file format.
 */
public final class SampleExport {
    private static final String[] CHANNELS = {"amazon", "flipkart", "meesho", "shopify"};
    private static final String[] ACTORS = {"desk", "anita", "ravi", "sync"};

    private SampleExport() {
    }

    public static Manifest write(Path out, long rows, int skuCount, long seed, AuditKeys keys) {
        Random random = new Random(seed);
        long sellerId = 1;
        long[] seq = new long[skuCount];
        byte[][] hash = new byte[skuCount][];
        int[] onHand = new int[skuCount];
        int[] reserved = new int[skuCount];
        Arrays.fill(hash, LedgerHash.GENESIS);
        @SuppressWarnings("unchecked")
        ArrayDeque<Integer>[] open = new ArrayDeque[skuCount];
        Holds holds = new Holds();
        long micros = LedgerHash.micros(Instant.parse("2025-01-01T08:00:00Z"));
        try (ExportWriter w = new ExportWriter(out, keys)) {
            w.beginSkus();
            for (int s = 0; s < skuCount; s++) {
                open[s] = new ArrayDeque<>();
                w.sku(s + 1, code(s), "Sample product " + (s + 1), false, "890" + (1_000_000 + s));
            }
            for (int s = 0; s < skuCount; s++) {
                w.opening(s + 1, 0, LedgerHash.GENESIS, 0, 0);
            }
            w.beginLedger();
            for (long i = 0; i < rows; i++) {
                micros += 1 + random.nextInt(2_000_000);
                int s = random.nextInt(skuCount);
                int available = onHand[s] - reserved[s];
                int roll = random.nextInt(100);
                String kind;
                int dOn = 0;
                int dRes = 0;
                String channel = null;
                String ref = null;
                String reason = null;
                int hold = -1;
                if (available < 5 || roll < 15) {
                    kind = "restock";
                    dOn = 10 + random.nextInt(90);
                } else if (roll < 45) {
                    kind = "sale";
                    dOn = -(1 + random.nextInt(Math.min(available, 3)));
                    channel = CHANNELS[random.nextInt(CHANNELS.length)];
                    ref = "S-" + i;
                } else if (roll < 70 || open[s].isEmpty()) {
                    kind = "reserve";
                    dRes = 1 + random.nextInt(Math.min(available, 3));
                    channel = CHANNELS[random.nextInt(CHANNELS.length)];
                    ref = "R-" + i;
                    hold = holds.add(s + 1, channel, ref, dRes, micros, micros + 3L * 86_400_000_000L);
                    open[s].add(hold);
                } else if (roll < 90) {
                    boolean confirm = roll < 85;
                    kind = confirm ? "confirm" : "release";
                    hold = open[s].poll();
                    dRes = -holds.qty[hold];
                    dOn = confirm ? dRes : 0;
                    channel = holds.channel[hold];
                    ref = holds.ref[hold];
                    holds.close(hold, micros, confirm ? "confirmed" : "released");
                } else if (roll < 95) {
                    kind = "count";
                    dOn = Math.max(reserved[s], onHand[s] - random.nextInt(4)) - onHand[s];
                    reason = "cycle count";
                } else {
                    kind = "return";
                    dOn = 1;
                    channel = CHANNELS[random.nextInt(CHANNELS.length)];
                    ref = "S-" + random.nextInt((int) Math.max(1, i));
                    reason = "customer return";
                }
                seq[s]++;
                onHand[s] += dOn;
                reserved[s] += dRes;
                UUID movement = new UUID(random.nextLong(), random.nextLong());
                if (hold >= 0) {
                    holds.movement(hold, kind.equals("reserve"), movement);
                }
                LedgerRow r = new LedgerRow(sellerId, s + 1, seq[s], kind, dOn, dRes, onHand[s], reserved[s], channel, ref, reason,
                        movement, ACTORS[random.nextInt(ACTORS.length)], LedgerHash.fromMicros(micros), hash[s], null);
                byte[] h = LedgerHash.hash(hash[s], r);
                w.ledgerRow(new LedgerRow(r.sellerId(), r.skuId(), r.seq(), r.kind(), dOn, dRes, r.onHandAfter(), r.reservedAfter(),
                        channel, ref, reason, movement, r.actor(), r.createdAt(), hash[s], h));
                hash[s] = h;
            }
            w.beginReservations();
            for (int i = 0; i < holds.size; i++) {
                w.reservation(holds.channel[i], holds.ref[i], holds.sku[i], holds.qty[i], holds.status[i],
                        LedgerHash.fromMicros(holds.expires[i]), LedgerHash.fromMicros(holds.reservedAt[i]),
                        holds.closedAt[i] == Long.MIN_VALUE ? null : LedgerHash.fromMicros(holds.closedAt[i]),
                        holds.reserveMovement[i].toString(), holds.closeMovement[i] == null ? null : holds.closeMovement[i].toString());
            }
            return w.finish(sellerId, "Sample Seller", LedgerHash.fromMicros(micros + 1), "bench", null, LedgerHash.fromMicros(micros + 1));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String code(int s) {
        return String.format("SKU-%05d", s + 1);
    }

    /** Reservations as columns: millions of them fit without an object each. */
    private static final class Holds {
        int size;
        long[] sku = new long[1024];
        String[] channel = new String[1024];
        String[] ref = new String[1024];
        int[] qty = new int[1024];
        long[] reservedAt = new long[1024];
        long[] expires = new long[1024];
        long[] closedAt = new long[1024];
        String[] status = new String[1024];
        UUID[] reserveMovement = new UUID[1024];
        UUID[] closeMovement = new UUID[1024];

        int add(long skuId, String ch, String orderRef, int q, long at, long expiresAt) {
            if (size == sku.length) {
                int n = size * 2;
                sku = Arrays.copyOf(sku, n);
                channel = Arrays.copyOf(channel, n);
                ref = Arrays.copyOf(ref, n);
                qty = Arrays.copyOf(qty, n);
                reservedAt = Arrays.copyOf(reservedAt, n);
                expires = Arrays.copyOf(expires, n);
                closedAt = Arrays.copyOf(closedAt, n);
                status = Arrays.copyOf(status, n);
                reserveMovement = Arrays.copyOf(reserveMovement, n);
                closeMovement = Arrays.copyOf(closeMovement, n);
            }
            sku[size] = skuId;
            channel[size] = ch;
            ref[size] = orderRef;
            qty[size] = q;
            reservedAt[size] = at;
            expires[size] = expiresAt;
            closedAt[size] = Long.MIN_VALUE;
            status[size] = "held";
            return size++;
        }

        void close(int i, long at, String st) {
            closedAt[i] = at;
            status[i] = st;
        }

        void movement(int i, boolean reserve, UUID id) {
            if (reserve) {
                reserveMovement[i] = id;
            } else {
                closeMovement[i] = id;
            }
        }
    }
}
