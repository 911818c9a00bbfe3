package dev.stockroom.audit;

import java.util.List;

/** The files inside an export (format version 1) and their columns, in order. */
final class ExportLayout {
    static final String MANIFEST = "manifest.txt";
    static final String LEDGER = "ledger.csv";
    static final String SKUS = "skus.csv";
    static final String RESERVATIONS = "reservations.csv";
    static final String README = "README.txt";

    static final List<String> LEDGER_COLUMNS = List.of("created_at", "sku", "seq", "kind", "on_hand_delta", "reserved_delta",
            "on_hand_after", "reserved_after", "channel", "order_ref", "reason", "actor", "movement_id", "sku_id", "hash");
    static final int L_CREATED_AT = 0;
    static final int L_SKU = 1;
    static final int L_SEQ = 2;
    static final int L_KIND = 3;
    static final int L_ON_HAND_DELTA = 4;
    static final int L_RESERVED_DELTA = 5;
    static final int L_ON_HAND_AFTER = 6;
    static final int L_RESERVED_AFTER = 7;
    static final int L_CHANNEL = 8;
    static final int L_ORDER_REF = 9;
    static final int L_REASON = 10;
    static final int L_ACTOR = 11;
    static final int L_MOVEMENT_ID = 12;
    static final int L_SKU_ID = 13;
    static final int L_HASH = 14;

    static final List<String> SKU_COLUMNS = List.of("sku_id", "sku", "title", "kit", "barcodes");

    static final List<String> RESERVATION_COLUMNS = List.of("channel", "order_ref", "sku", "sku_id", "qty", "status_at_end",
            "expires_at", "reserved_at", "closed_at", "reserve_movement", "close_movement");
    static final int R_CHANNEL = 0;
    static final int R_ORDER_REF = 1;
    static final int R_SKU = 2;
    static final int R_SKU_ID = 3;
    static final int R_QTY = 4;
    static final int R_STATUS = 5;
    static final int R_EXPIRES_AT = 6;
    static final int R_RESERVED_AT = 7;
    static final int R_CLOSED_AT = 8;

    static final String README_TEXT = """
            Stockroom ledger export
            =======================

            ledger.csv        every stock change in the range, oldest first: one row per SKU per change,
                              with the balances after it and the row's hash (chained per SKU)
            skus.csv          the seller's SKUs
            reservations.csv  holds for channel orders, with their state at the end of the range
            manifest.txt      who exported what and when; per SKU where its history starts and ends
                              in this file; the SHA-256 of each file above. Signed (Ed25519) by the
                              exporter: its last line is the signature.

            Check it, with no database needed:
                stockroom audit verify THIS_FILE.zip --trust ed25519:<the seller's public key>
            The seller shows their public key with: stockroom audit key

            The hash of each ledger row is SHA-256(previous row's hash || canonical bytes of the row);
            the canonical encoding is written down in LEDGER_HASH.md in Stockroom's source (sql/).
            Times are UTC with microseconds; an empty cell is "no value" and "" is an empty text.
            """;

    private ExportLayout() {
    }
}
