package dev.stockroom.sync.channels;

import java.util.List;

/** Sets quantities on one marketplace. A push never throws for the channel's problems: it reports them. */
public interface ChannelAdapter {
    /** The most listings one call may carry (the channel's own cap). */
    int batchCap();

    PushResult push(List<ListingPush> batch);
}
