package dev.stockroom.ui.dashboard;

import dev.stockroom.ledger.StockLevel;
import java.util.Locale;
import java.util.Map;

/** One SKU on the dashboard: its stock and what each channel it is listed on is shown. */
public record DashboardRow(StockLevel level, Map<String, Integer> shown) {
    /** Quantity shown on a channel, or null when the SKU is not listed there. */
    public Integer shownOn(String channel) {
        return shown.get(channel);
    }

    public boolean matches(String search) {
        if (search == null || search.isBlank()) {
            return true;
        }
        String s = search.trim().toLowerCase(Locale.ROOT);
        return level.code().toLowerCase(Locale.ROOT).contains(s)
                || level.title().toLowerCase(Locale.ROOT).contains(s)
                || (level.barcodes() != null && level.barcodes().contains(search.trim()));
    }
}
