package org.annex.assistant.transfer.impl.queue;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Failed transfers in a row and when each may run again: the first retry after the base delay, each
 * further one after twice as long, never more than six hours. Not thread-safe: the queue's lock guards it.
 */
final class RetryBackoff {
    private static final long MAX_RETRY_MILLIS = TimeUnit.HOURS.toMillis(6);

    private static final class Failure {
        int count;
        long retryAt;
    }

    private final long baseMillis;
    private final Map<TransferJob.Id, Failure> failures = new HashMap<>();

    RetryBackoff(long baseMillis) {
        this.baseMillis = baseMillis;
    }

    /** Whether the transfer failed last and its retry is not due yet. */
    boolean waiting(TransferJob.Id id, long now) {
        Failure f = failures.get(id);
        return f != null && f.retryAt > now;
    }

    void succeeded(TransferJob.Id id) {
        failures.remove(id);
    }

    /** Counts a failure; returns the delay after which the transfer is to be queued again. */
    long failed(TransferJob.Id id, long now) {
        Failure f = failures.computeIfAbsent(id, i -> new Failure());
        f.count++;
        long delay = Math.min(MAX_RETRY_MILLIS, baseMillis << Math.min(f.count - 1, 20));
        f.retryAt = now + delay;
        return delay;
    }

    /** How many times a transfer has failed in a row (0 once it succeeds). */
    int count(TransferJob.Id id) {
        Failure f = failures.get(id);
        return f == null ? 0 : f.count;
    }
}
