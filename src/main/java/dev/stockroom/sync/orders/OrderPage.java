package dev.stockroom.sync.orders;

import java.util.List;

/** One page of changed orders and, when there is more, the channel's token for the next page. */
public record OrderPage(List<ChannelOrder> orders, String nextPage) {
}
