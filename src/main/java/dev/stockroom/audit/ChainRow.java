package dev.stockroom.audit;

/** One ledger row as the chain check sees it, read from an export file or from the live database. */
interface ChainRow {
    long skuId();

    long seq();

    String kind();

    int onHandDelta();

    int reservedDelta();

    int onHandAfter();

    int reservedAfter();

    /** created_at in microseconds since the epoch. */
    long micros();

    /** The row's stored hash (32 bytes). */
    byte[] storedHash();

    /** Writes SHA-256(prev || canonical bytes of this row) into {@code out}. */
    void computeHash(byte[] prev, byte[] out);

    /** The row's line in its file, or its position in a stream. */
    long line();

    /** Where the row is, for a person: "ledger.csv line 37". */
    String where();
}
