package org.annex.assistant.netmap.impl.map;

import java.util.HashMap;
import java.util.Map;

/**
 * Upload throughput per remote, from the transfer queue's STARTED and DONE events: bytes over the time
 * between them, smoothed (each new figure counts for a quarter). Transfers under {@link #MIN_BYTES} are
 * left out: their time is locks and renames, not the link.
 */
final class ThroughputMeter {
    static final long MIN_BYTES = 1 << 20;
    private final Map<String, Long> startedNanos = new HashMap<>();
    private final Map<String, Double> bytesPerSecond = new HashMap<>();

    synchronized void started(String remote, String key, long nanos) {
        startedNanos.put(remote + '\n' + key, nanos);
    }

    /** Returns whether the remote's figure changed. */
    synchronized boolean done(String remote, String key, boolean ok, long bytes, long nanos) {
        Long start = startedNanos.remove(remote + '\n' + key);
        if (start == null || !ok || bytes < MIN_BYTES || nanos <= start) {
            return false;
        }
        double measured = bytes / ((nanos - start) / 1e9);
        Double old = bytesPerSecond.get(remote);
        bytesPerSecond.put(remote, old == null ? measured : 0.75 * old + 0.25 * measured);
        return true;
    }

    /** Bytes per second, 0 when nothing was measured. */
    synchronized double of(String remote) {
        return bytesPerSecond.getOrDefault(remote, 0.0);
    }
}
