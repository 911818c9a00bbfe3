package dev.stockroom.cli;

import dev.stockroom.ledger.Outcome;
import java.io.PrintWriter;

final class Printing {
    private Printing() {
    }

    /** Prints an outcome; exit code 0 when applied (or replayed), 1 when refused. */
    static int outcome(PrintWriter out, PrintWriter err, Outcome o) {
        if (o.ok()) {
            out.println((o.replayed() ? "already done: " : "ok: ") + o.message() + "  [movement " + o.movementId() + "]");
            return 0;
        }
        err.println("refused (" + o.code() + "): " + o.message());
        return 1;
    }
}
