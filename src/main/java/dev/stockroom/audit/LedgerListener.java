package dev.stockroom.audit;

/** Sees every ledger row of an export as the verifier reads it (replay, anomalies): one pass does all. */
public interface LedgerListener {
    void row(ExportRow row);

    default void sku(long skuId, String code, boolean kit) {
    }

    default void reservation(ReservationRow reservation) {
    }
}
