package dev.stockroom.ui.rules;

/**
 * One channel in the live preview: what it is shown now, what it would be shown with the unsaved
 * edits, the rule that would bind, and the engine's explanation of that number.
 */
public record PreviewRow(String channel, int now, int after, String rule, String explanation) {
    public boolean changes() {
        return now != after;
    }

    /** "35" or "35 -> 5" when the unsaved edits move it. */
    public String afterText() {
        return changes() ? now + " \u2192 " + after : Integer.toString(after);
    }
}
