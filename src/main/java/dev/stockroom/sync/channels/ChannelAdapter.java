package dev.stockroom.sync.channels;

import java.util.List;

/** Sets quantities on one marketplace. A push never throws for the channel's problems: it reports them. */
public interface ChannelAdapter {
    /** The most listings one call may carry (the channel's own cap). */
    int batchCap();

    PushResult push(List<ListingPush> batch);

    /** How many times the channel lets one listing be revised in a day (eBay: 250); 0 for no such limit. */
    default int revisionsPerDay() {
        return 0;
    }
}
