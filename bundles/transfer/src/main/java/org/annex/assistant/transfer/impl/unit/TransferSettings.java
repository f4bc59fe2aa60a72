package org.annex.assistant.transfer.impl.unit;

/** The settings every repository's transfers share (the component's configuration). */
public record TransferSettings(int slots, int smallFileSlots, long retryBaseMillis, long scanIntervalMinutes,
        long unreachableRescanMinutes) {
}
