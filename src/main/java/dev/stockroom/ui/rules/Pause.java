package dev.stockroom.ui.rules;

/** The rule form's pause choice. On a SKU's own rule, "as the channel" inherits the channel-wide setting. */
public enum Pause {
    AS_CHANNEL("as the channel", "selling"),
    PAUSED("paused", "paused"),
    SELLING("selling, even if the channel is paused", "selling");

    private final String skuWords;
    private final String channelWords;

    Pause(String skuWords, String channelWords) {
        this.skuWords = skuWords;
        this.channelWords = channelWords;
    }

    /** How the choice reads on a SKU's rule or on the channel-wide rule. */
    public String words(boolean channelWide) {
        return channelWide ? channelWords : skuWords;
    }

    /** The stored setting: null is "not set". */
    Boolean setting() {
        return switch (this) {
            case AS_CHANNEL -> null;
            case PAUSED -> true;
            case SELLING -> false;
        };
    }

    static Pause of(Boolean paused, boolean channelWide) {
        if (paused == null || (channelWide && !paused)) {
            return AS_CHANNEL;  // a channel-wide "not paused" is the same as no setting
        }
        return paused ? PAUSED : SELLING;
    }
}
