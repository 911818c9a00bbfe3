package dev.stockroom.ui.desk;

/** What Enter does at the desk; always visible, switched with F1..F4. */
public enum DeskMode {
    RESTOCK("Restock", "F1", "Scan a barcode or type a SKU code", "Units received"),
    RETURN("Return", "F2", "Scan the returned item", "Units returned"),
    COUNT("Count", "F3", "Scan the shelf's item", "Units counted on the shelf"),
    DISPATCH("Dispatch", "F4", "Scan the order reference on the packing slip", "Units packed in the parcel");

    private final String title;
    private final String key;
    private final String scanPrompt;
    private final String quantityPrompt;

    DeskMode(String title, String key, String scanPrompt, String quantityPrompt) {
        this.title = title;
        this.key = key;
        this.scanPrompt = scanPrompt;
        this.quantityPrompt = quantityPrompt;
    }

    public String title() {
        return title;
    }

    public String key() {
        return key;
    }

    public String scanPrompt() {
        return scanPrompt;
    }

    public String quantityPrompt() {
        return quantityPrompt;
    }
}
