package dev.stockroom.ledger;

/**
 * A SKU's stock as the seller sees it. For a kit, on hand and reserved are zero and
 * {@code available} is how many whole kits its components make.
 */
public record StockLevel(long skuId, String code, String title, boolean kit, int onHand, int reserved, int available,
                         int lowStockAt, String barcodes) {
    public boolean low() {
        return available <= lowStockAt;
    }
}
