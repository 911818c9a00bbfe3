package dev.stockroom.allocation;

/**
 * A rule change not yet saved, for a preview: apply {@code change} to the rule of this channel
 * (and SKU, or all SKUs when null), or remove that rule.
 */
public record ProposedRule(String channel, String sku, RuleChange change, boolean remove) {
    public static ProposedRule set(String channel, String sku, RuleChange change) {
        return new ProposedRule(channel, sku, change, false);
    }

    public static ProposedRule remove(String channel, String sku) {
        return new ProposedRule(channel, sku, RuleChange.none(), true);
    }

    String toJson() {
        StringBuilder json = new StringBuilder("{\"channel\": ").append(Json.string(channel));
        if (sku != null) {
            json.append(", \"sku\": ").append(Json.string(sku));
        }
        if (remove) {
            json.append(", \"remove\": true");
        }
        String settings = change.toJson();
        if (settings.length() > 2) {
            json.append(", ").append(settings, 1, settings.length() - 1);
        }
        return json.append('}').toString();
    }
}
