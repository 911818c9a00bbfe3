package dev.stockroom.audit;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.postgresql.PGConnection;

/**
 * Reads the ledger part of an export: cut into stretches of time, each read with
 * {@code COPY ... TO STDOUT (FORMAT binary)} and turned into CSV on a worker thread, over one
 * or more connections that all read the export's one snapshot ({@code pg_export_snapshot},
 * {@code SET TRANSACTION SNAPSHOT}), so the file is still one point in time. The calling
 * thread gets the CSV back stretch by stretch in file order and hashes and writes it. Memory
 * stays bounded: a stretch's worker waits when the writer is more than a few stretches behind.
 */
final class LedgerCopy {
    /**
     * How the ledger is read: connections in parallel, rows per stretch, pages sampled to plan
     * the stretches, the CSV's block size and how many blocks a stretch may have waiting.
     * {@code mainReads} false leaves the stretches to the further connections while any of
     * them could be had (the tests use it to be sure the shared snapshot is what they read).
     */
    record Settings(int streams, int stretchRows, int samplePages, int blockBytes, int queueBlocks, boolean mainReads) {
        /** Two connections: on a two-core desk the database and the CSV each get a core; more would crowd a shared server. */
        static Settings defaults() {
            return new Settings(2, 25_000, 2_000, 1 << 18, 32, true);
        }
    }

    /** A piece of CSV in file order; the last piece of a stretch carries where each SKU's rows in it start and end. */
    static final class Block {
        final byte[] data;
        int length;
        long rows;
        LongMap<LedgerCsv.SkuSpan> spans;

        Block(int bytes) {
            data = new byte[bytes];
        }

        boolean last() {
            return spans != null;
        }
    }

    /** Takes the blocks, in file order, on the calling thread. */
    interface Sink {
        void accept(Block block) throws IOException;
    }

    private final Connection main;
    private final DataSource ds;
    private final long sellerId;
    private final Map<Long, String> codes;
    private final Settings settings;
    private final List<Instant[]> stretches = new ArrayList<>();
    private final String snapshot;
    private long estimatedRows;

    /**
     * @param main  the export's connection, in its REPEATABLE READ transaction
     * @param ds    where further connections come from
     * @param codes sku_id to code (read only from here on; shared by the workers)
     * @param snapshot the main transaction's snapshot from {@link #shareSnapshot}, or null to read on it alone
     */
    LedgerCopy(Connection main, DataSource ds, long sellerId, Map<Long, String> codes, Settings settings, String snapshot) {
        this.main = main;
        this.snapshot = snapshot;
        this.ds = ds;
        this.sellerId = sellerId;
        this.codes = codes;
        this.settings = settings;
    }

    /**
     * Cuts [from, to) into stretches of about {@code stretchRows} rows from a sample of the
     * ledger's pages, in the main connection's snapshot. Returns the rows expected (exact when
     * the whole ledger fits the sample), for progress.
     */
    long plan(Instant from, Instant to) throws SQLException {
        long pages;
        try (Statement st = main.createStatement();
             ResultSet rs = st.executeQuery("SELECT pg_relation_size('stockroom.ledger') / current_setting('block_size')::bigint")) {
            rs.next();
            pages = rs.getLong(1);
        }
        double percent = pages <= settings.samplePages() ? 100 : 100.0 * settings.samplePages() / pages;
        long[] sample = new long[1024];
        int size = 0;
        try (PreparedStatement ps = main.prepareStatement("SELECT (extract(epoch FROM l.created_at) * 1000000)::bigint FROM stockroom.ledger l"
                + (percent < 100 ? " TABLESAMPLE SYSTEM (" + percent + ")" : "") + " WHERE " + range("l", from, to))) {
            ps.setFetchSize(10_000);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (size == sample.length) {
                        sample = Arrays.copyOf(sample, size * 2);
                    }
                    sample[size++] = rs.getLong(1);
                }
            }
        }
        estimatedRows = percent < 100 ? Math.round(size * 100 / percent) : size;
        int count = (int) Math.max(1, Math.min(size, (estimatedRows + settings.stretchRows() - 1) / settings.stretchRows()));
        Arrays.sort(sample, 0, size);
        Instant lo = from;
        long last = Long.MIN_VALUE;
        for (int k = 1; k < count; k++) {
            long b = sample[(int) ((long) k * size / count)];
            if (b > last && (from == null || b > LedgerHash.micros(from)) && b < LedgerHash.micros(to)) {
                Instant boundary = LedgerHash.fromMicros(b);
                stretches.add(new Instant[] {lo, boundary});
                lo = boundary;
                last = b;
            }
        }
        stretches.add(new Instant[] {lo, to});
        return estimatedRows;
    }

    int stretches() {
        return stretches.size();
    }

    /**
     * Names the transaction's snapshot so further connections can read it, as the transaction's
     * first statement (PostgreSQL exports none from a subtransaction). Where the server refuses
     * (a standby, say), the transaction is rolled back, nothing having been read yet, and the
     * ledger is read on one connection: null.
     */
    static String shareSnapshot(Connection c, Settings settings) throws SQLException {
        if (settings.streams() < 2) {
            return null;
        }
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT pg_export_snapshot()")) {
            rs.next();
            return rs.getString(1);
        } catch (SQLException e) {
            c.rollback();
            return null;
        }
    }

    /** Reads every stretch and hands the CSV to {@code sink} in file order. */
    void run(Sink sink) throws SQLException, IOException {
        int n = stretches.size();
        @SuppressWarnings("unchecked")
        BlockingQueue<Block>[] queues = new BlockingQueue[n];
        for (int i = 0; i < n; i++) {
            queues[i] = new ArrayBlockingQueue<>(settings.queueBlocks());
        }
        int streams = snapshot == null ? 1 : Math.min(settings.streams(), n);
        Run run = new Run(queues, streams + 1, streams - 1);
        Thread first = worker(run, 0, main, false);
        first.start();
        for (int w = 1; w < streams; w++) {
            worker(run, w, null, true).start();
        }
        try {
            for (int i = 0; i < n; i++) {
                while (true) {
                    Block b = queues[i].poll(100, TimeUnit.MILLISECONDS);
                    if (b == null) {
                        run.rethrowFailure();
                        continue;
                    }
                    sink.accept(b);
                    if (b.last()) {
                        break;
                    }
                    if (b.data.length == settings.blockBytes()) {
                        run.spare.add(b);  // reused: a 10-million-row export passes gigabytes through these
                    }
                }
                run.permits.release();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("the export was interrupted");
        } finally {
            run.stop = true;
            // The main connection is used again after this: its worker must be out of it. Others have stopped by now or soon.
            joinQuietly(first);
        }
        run.rethrowFailure();
    }

    private static void joinQuietly(Thread t) {
        boolean interrupted = false;
        while (true) {
            try {
                t.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** What the workers share for one run. */
    private static final class Run {
        final BlockingQueue<Block>[] queues;
        final AtomicInteger next = new AtomicInteger();
        final Semaphore permits;
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        final java.util.Queue<Block> spare = new java.util.concurrent.ConcurrentLinkedQueue<>();
        /** Counted down by each further reader once it has its connection or has given up; {@code joined} counts the former. */
        final CountDownLatch settled;
        final AtomicInteger joined = new AtomicInteger();
        volatile boolean stop;

        Run(BlockingQueue<Block>[] queues, int permits, int further) {
            this.queues = queues;
            this.permits = new Semaphore(permits);
            this.settled = new CountDownLatch(further);
        }

        void fail(Throwable t) {
            failure.compareAndSet(null, t);
            stop = true;
        }

        void rethrowFailure() throws SQLException, IOException {
            Throwable t = failure.get();
            if (t instanceof SQLException e) {
                throw e;
            }
            if (t instanceof IOException e) {
                throw e;
            }
            if (t instanceof RuntimeException e) {
                throw e;
            }
            if (t instanceof Error e) {
                throw e;
            }
            if (t != null) {
                throw new IllegalStateException(t);
            }
        }
    }

    /** Signals a worker to leave its stretch because the run is over (failed or cancelled elsewhere). */
    private static final class Stopped extends Exception {
        Stopped() {
            super(null, null, false, false);
        }
    }

    private Thread worker(Run run, int index, Connection given, boolean own) {
        Thread t = new Thread(() -> {
            Connection c = given;
            try {
                if (own) {
                    c = join(run);
                    if (c != null) {
                        run.joined.incrementAndGet();
                    }
                    run.settled.countDown();
                    if (c == null) {
                        return;  // no connection to spare, or the run is over: the others read the stretches
                    }
                } else if (!settings.mainReads()) {
                    while (!run.settled.await(100, TimeUnit.MILLISECONDS)) {
                        if (run.stop) {
                            return;
                        }
                    }
                    if (run.joined.get() > 0) {
                        return;
                    }
                }
                LedgerCsv csv = new LedgerCsv(codes);
                while (!run.stop) {
                    if (!run.permits.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                        continue;
                    }
                    int i = run.next.getAndIncrement();
                    if (i >= stretches.size()) {
                        run.permits.release();
                        break;
                    }
                    readStretch(c, csv, i, run);
                }
            } catch (Stopped | InterruptedException e) {
                // the run is over
            } catch (Throwable e) {
                run.fail(e);
            } finally {
                if (own && c != null) {
                    try {
                        c.rollback();
                        c.close();
                    } catch (SQLException ignored) {
                        // a pooled connection that cannot roll back is discarded by the pool
                    }
                }
            }
        }, "stockroom-export-" + index);
        t.setDaemon(true);
        return t;
    }

    /** A further connection reading the main connection's snapshot; null when none can be had or the run is over. */
    private Connection join(Run run) {
        Connection c;
        try {
            c = ds.getConnection();
        } catch (SQLException e) {
            return null;
        }
        try {
            if (run.stop) {
                c.close();
                return null;
            }
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            c.setReadOnly(true);
            try (Statement st = c.createStatement()) {
                st.execute("SET TRANSACTION SNAPSHOT '" + snapshot.replace("'", "''") + "'");
                st.execute("SET LOCAL jit = off");
            }
            return c;
        } catch (SQLException e) {
            try {
                c.rollback();
                c.close();
            } catch (SQLException ignored) {
                // discarded by the pool
            }
            return null;
        }
    }

    private void readStretch(Connection c, LedgerCsv csv, int i, Run run) throws SQLException, Stopped, InterruptedException {
        Instant[] s = stretches.get(i);
        String sql = "COPY (SELECT " + LedgerCsv.SELECT + " FROM stockroom.ledger l WHERE " + range("l", s[0], s[1])
                + " ORDER BY l.created_at, l.sku_id, l.seq) TO STDOUT (FORMAT binary)";
        CopyTuples tuples = new CopyTuples(c.unwrap(PGConnection.class).getCopyAPI().copyOut(sql), LedgerCsv.COLUMNS);
        BlockingQueue<Block> queue = run.queues[i];
        try {
            Block block = block(run, settings.blockBytes());
            csv.into(block.data);
            while (tuples.next()) {
                int room = LedgerCsv.roomFor(tuples);
                if (csv.room() < room) {
                    block.length = csv.length();
                    put(queue, block, run);
                    block = block(run, room);
                    csv.into(block.data);
                }
                csv.row(tuples);
                block.rows++;
            }
            block.length = csv.length();
            block.spans = csv.takeSpans();
            put(queue, block, run);
        } finally {
            tuples.cancel();
        }
    }

    private Block block(Run run, int room) {
        Block b = room <= settings.blockBytes() ? run.spare.poll() : null;
        if (b == null) {
            return new Block(Math.max(settings.blockBytes(), room));
        }
        b.length = 0;
        b.rows = 0;
        return b;
    }

    private static void put(BlockingQueue<Block> queue, Block block, Run run) throws Stopped, InterruptedException {
        while (!queue.offer(block, 100, TimeUnit.MILLISECONDS)) {
            if (run.stop) {
                throw new Stopped();
            }
        }
        if (run.stop) {
            throw new Stopped();
        }
    }

    private String range(String alias, Instant from, Instant to) {
        return alias + ".seller_id = " + sellerId + (from != null ? " AND " + alias + ".created_at >= " + literal(from) : "")
                + " AND " + alias + ".created_at < " + literal(to);
    }

    /**
     * COPY takes no parameters: the range is written in, as whole microseconds (never text a
     * person typed), in a form PostgreSQL reads exactly for any year it can store.
     */
    private static String literal(Instant t) {
        return "(TIMESTAMPTZ 'epoch' + INTERVAL '" + LedgerHash.micros(t) + " microseconds')";
    }
}
