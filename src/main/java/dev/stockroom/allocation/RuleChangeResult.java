package dev.stockroom.allocation;

import java.util.List;

/**
 * What saving (or removing) a rule did: the rule now in words ("no rule" after a removal), the
 * warnings the seller should read, how many listings were queued for a push, and one sentence.
 */
public record RuleChangeResult(long changeId, String rule, List<String> warnings, int listingsQueued, String message) {
}
