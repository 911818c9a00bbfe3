package dev.stockroom.ui.rules;

/** A SKU in the preview's and the override's pickers. */
public record SkuChoice(String code, String title, boolean kit) {
    @Override
    public String toString() {
        return code + "  " + title + (kit ? " (kit)" : "");
    }
}
