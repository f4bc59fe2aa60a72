package org.annex.assistant.transfer.impl.unit;

import java.util.Locale;

/** The settings every repository's transfers share (the component's configuration). */
public record TransferSettings(int slots, int smallFileSlots, long retryBaseMillis, long scanIntervalMinutes,
        long unreachableRescanMinutes, Planning planning) {

    /** How uploads choose their remotes. */
    public enum Planning {
        /** Along the network map's plan; flood fill while there is no map or no plan yet. */
        MAP,
        /** Every remote that wants the content and lacks it (git-annex's way). */
        FLOOD;

        /** {@code map} or {@code flood}, any case; anything else is an error that says so. */
        public static Planning parse(String value) {
            for (Planning p : values()) {
                if (p.name().equalsIgnoreCase(value.trim())) {
                    return p;
                }
            }
            throw new IllegalArgumentException("planning is map or flood, not '" + value + "'");
        }

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
