package dev.stockroom.sync;

import dev.stockroom.db.Database;
import dev.stockroom.sync.channels.ChannelSecrets;
import dev.stockroom.sync.simulator.SimulatorSettings;
import dev.stockroom.sync.worker.SyncOptions;
import dev.stockroom.sync.worker.SyncWorker;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;

/** A sync worker in its own JVM (for the two-process test): args are url, login, seller, owner, lease seconds. */
public final class WorkerProcess {
    private WorkerProcess() {
    }

    public static void main(String[] args) throws Exception {
        String url = args[0];
        String login = args[1];
        long seller = Long.parseLong(args[2]);
        Database db = Database.connect(url, login, null, seller, 6);
        ChannelSecrets.InMemory secrets = new ChannelSecrets.InMemory();
        try (Connection c = db.connection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT channel, kind FROM stockroom.channel WHERE seller_id = " + seller)) {
            while (rs.next()) {
                SimulatorSettings.addCredentials(secrets, seller, rs.getString(1), rs.getString(2));
            }
        }
        SyncOptions options = SyncOptions.defaults().withOwner(args[3]).withLeaseSeconds(Integer.parseInt(args[4]))
                .withPollInterval(Duration.ofMillis(200));
        new SyncWorker(db.dataSource(), seller, secrets, Clock.systemUTC(), options).start();
        System.out.println("started " + args[3]);
        System.out.flush();
        Thread.currentThread().join();   // until the test kills this process
    }
}
