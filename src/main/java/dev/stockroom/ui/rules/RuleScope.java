package dev.stockroom.ui.rules;

/** Whose rule the form edits: a channel for all its SKUs ({@code sku} null), or one SKU on it. */
public record RuleScope(String channel, String sku) {
    public static RuleScope channelWide(String channel) {
        return new RuleScope(channel, null);
    }

    public boolean isChannelWide() {
        return sku == null;
    }

    /** "amazon, all SKUs" or "amazon for TEA-ASSAM-250", as the engine's messages say it. */
    public String words() {
        return sku == null ? channel + ", all SKUs" : channel + " for " + sku;
    }
}
