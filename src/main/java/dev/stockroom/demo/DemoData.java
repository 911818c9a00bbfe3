package dev.stockroom.demo;

import dev.stockroom.allocation.Allocation;
import dev.stockroom.allocation.RuleChange;
import dev.stockroom.ledger.OrderLine;
import dev.stockroom.ledger.StockKernel;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import javax.sql.DataSource;

/**
 * A believable small shop for the first run: tea, mugs and gift sets sold on four
 * marketplaces. Everything goes through the kernel, so the demo ledger is a real one.
 */
public final class DemoData {
    public static final List<String> CHANNELS = List.of("amazon", "flipkart", "meesho", "shopify");

    private static final String[][] PRODUCTS = {
        {"TEA-ASSAM-250", "Assam breakfast tea, 250 g tin"},
        {"TEA-DARJ-100", "Darjeeling first flush, 100 g"},
        {"TEA-MASALA-500", "Masala chai blend, 500 g pouch"},
        {"TEA-GREEN-100", "Nilgiri green tea, 100 g"},
        {"TEA-TULSI-50", "Tulsi herbal tea, 50 bags"},
        {"TEA-EARL-250", "Earl Grey, 250 g tin"},
        {"TEA-KASHMIR-100", "Kashmiri kahwa, 100 g"},
        {"TEA-LEMON-50", "Lemongrass ginger, 50 bags"},
        {"MUG-WHT-350", "Stoneware mug, white, 350 ml"},
        {"MUG-BLU-350", "Stoneware mug, indigo, 350 ml"},
        {"MUG-KLH-200", "Kulhad clay cup, 200 ml (set of 6)"},
        {"CUP-GLS-150", "Glass chai cup, 150 ml (set of 4)"},
        {"POT-CER-900", "Ceramic teapot, 900 ml"},
        {"POT-BRS-600", "Brass kettle, 600 ml"},
        {"STR-STL-01", "Steel tea strainer"},
        {"INF-BSK-01", "Infuser basket, fine mesh"},
        {"CAD-WOOD-01", "Mango wood tea caddy"},
        {"TRY-BMB-01", "Bamboo serving tray"},
        {"COS-CRK-04", "Cork coasters (set of 4)"},
        {"SPN-BRS-02", "Brass tea spoons (pair)"},
        {"SUG-JAG-500", "Organic jaggery cubes, 500 g"},
        {"HNY-WLD-250", "Wild forest honey, 250 g"},
        {"BIS-NAN-200", "Nankhatai biscuits, 200 g"},
        {"BIS-RUS-300", "Cardamom rusk, 300 g"},
        {"CLO-TEA-01", "Block-printed tea towel"},
        {"BAG-JUT-01", "Jute gift bag"},
        {"CRD-GFT-01", "Greeting card, hand-made paper"},
        {"THM-STL-500", "Steel thermos flask, 500 ml"},
    };

    private DemoData() {
    }

    /** Fills seller 1 through the kernel, as the login behind {@code desk}. */
    public static void seed(DataSource desk) {
        StockKernel kernel = new StockKernel(desk, 1L);
        Random random = new Random(20261125L);
        kernel.addChannel("amazon", "amazon", "Amazon India");
        kernel.addChannel("flipkart", "flipkart", "Flipkart");
        kernel.addChannel("meesho", "meesho", "Meesho (CSV upload)");
        kernel.addChannel("shopify", "shopify", "chaiandco.in (Shopify)");
        for (int i = 0; i < PRODUCTS.length; i++) {
            String code = PRODUCTS[i][0];
            kernel.addSku(code, PRODUCTS[i][1], List.of(ean13("890123" + String.format("%06d", 4501 + i))), 5 + random.nextInt(6));
            for (String channel : CHANNELS) {
                if (random.nextInt(10) < 8) {
                    kernel.addListing(code, channel, externalId(channel, i));
                }
            }
        }
        kernel.addKit("GIFT-CHAI-SET", "Chai gift set: masala chai, 2 kulhad sets, jute bag",
                List.of(OrderLine.of("TEA-MASALA-500", 1), OrderLine.of("MUG-KLH-200", 2), OrderLine.of("BAG-JUT-01", 1)),
                List.of(ean13("890123009001")));
        kernel.addKit("GIFT-MORNING", "Morning set: Assam tea, white mug, strainer",
                List.of(OrderLine.of("TEA-ASSAM-250", 1), OrderLine.of("MUG-WHT-350", 1), OrderLine.of("STR-STL-01", 1)),
                List.of(ean13("890123009002")));
        kernel.addKit("GIFT-DUO-MUG", "Pair of indigo mugs",
                List.of(OrderLine.of("MUG-BLU-350", 2)), List.of(ean13("890123009003")));
        for (String kit : List.of("GIFT-CHAI-SET", "GIFT-MORNING", "GIFT-DUO-MUG")) {
            kernel.addListing(kit, "amazon", externalId("amazon", kit.hashCode() & 0xffff));
            kernel.addListing(kit, "shopify", externalId("shopify", kit.hashCode() & 0xffff));
        }
        for (String[] product : PRODUCTS) {
            int qty = random.nextInt(8) == 0 ? 2 + random.nextInt(4) : 12 + random.nextInt(110);
            kernel.restock(product[0], qty);
        }
        Instant expiry = Instant.now().plus(3, ChronoUnit.DAYS);
        int order = 40210;
        for (int i = 0; i < 18; i++) {
            String sku = PRODUCTS[random.nextInt(PRODUCTS.length)][0];
            String channel = CHANNELS.get(random.nextInt(CHANNELS.size()));
            String ref = channel.substring(0, 2).toUpperCase() + "-" + (order++);
            kernel.reserve(channel, ref, List.of(OrderLine.of(sku, 1 + random.nextInt(2))), expiry);
            if (i % 3 == 0) {
                kernel.confirm(channel, ref);
            }
        }
        kernel.sell(List.of(OrderLine.of("GIFT-MORNING", 1)), "desk", "SHOP-0001");
        kernel.adjust("COS-CRK-04", 24, "cycle count");
        kernel.returnStock("MUG-WHT-350", 1, "amazon", "AM-40001", "customer return, undamaged");

        // A few channel rules, so the allocation screen has something to explain.
        Allocation allocation = new Allocation(desk, 1L);
        allocation.setRule("amazon", "TEA-ASSAM-250", RuleChange.none().ringFence(30));
        allocation.setRule("flipkart", null, RuleChange.none().maxPercent(40));
        allocation.setRule("meesho", null, RuleChange.none().maxUnits(50));
        allocation.setRule("shopify", null, RuleChange.none().buffer(2));
    }

    private static String externalId(String channel, int i) {
        return switch (channel) {
            case "amazon" -> String.format("B0%08X", 0x5A000 + i);
            case "flipkart" -> String.format("TEAF%010d", 77000 + i);
            case "shopify" -> "gid://shopify/InventoryItem/" + (4410000000L + i);
            default -> "MS-" + (900000 + i);
        };
    }

    /** Appends the EAN-13 check digit to twelve digits. */
    static String ean13(String twelve) {
        int sum = 0;
        for (int i = 0; i < 12; i++) {
            int d = twelve.charAt(i) - '0';
            sum += (i % 2 == 0) ? d : 3 * d;
        }
        return twelve + ((10 - sum % 10) % 10);
    }
}
