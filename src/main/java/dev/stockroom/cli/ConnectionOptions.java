package dev.stockroom.cli;

import dev.stockroom.db.DatabaseSession;
import dev.stockroom.db.DatabaseSettings;
import dev.stockroom.demo.DemoData;
import picocli.CommandLine.Option;

/**
 * Where to connect, shared by every command. Nothing given: the embedded database with demo
 * data. The password is never an option: pgjdbc reads ~/.pgpass, or {@code --password} prompts.
 */
public final class ConnectionOptions {
    @Option(names = "--db-url", description = "JDBC URL of a shared server, e.g. jdbc:postgresql://stock.example:5432/stockroom "
            + "(default: config file, $STOCKROOM_DB_URL, else the embedded database)")
    String url;

    @Option(names = "--db-user", description = "Database login (default: config file, $STOCKROOM_DB_USER, else your user name)")
    String user;

    @Option(names = "--seller", description = "Seller id (default: config file, $STOCKROOM_SELLER, else 1)")
    Long seller;

    @Option(names = "--password", description = "Ask for the password instead of reading ~/.pgpass", interactive = true, arity = "0..1")
    char[] password;

    public DatabaseSettings settings() {
        DatabaseSettings s = DatabaseSettings.load().override(url, user, seller);
        return password != null && password.length > 0 ? s.withPassword(password) : s;
    }

    public DatabaseSession open(int poolSize) {
        return DatabaseSession.open(settings(), poolSize, DemoData::seed);
    }
}
