package org.annex.assistant.ratecontrol.impl.bucket;

import java.util.concurrent.TimeUnit;

/** Bytes counted in whole-second windows: the console's "rate now". Not thread-safe; its bucket locks. */
final class RateMeter {
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    private long windowStart;
    private long windowBytes;
    private long previousBytes;

    RateMeter(long now) {
        windowStart = now;
    }

    void add(long bytes, long now) {
        roll(now);
        windowBytes += bytes;
    }

    long lastSecond(long now) {
        roll(now);
        return previousBytes;
    }

    private void roll(long now) {
        long elapsed = now - windowStart;
        if (elapsed >= 2 * SECOND) {
            previousBytes = 0;
            windowBytes = 0;
            windowStart = now;
        } else if (elapsed >= SECOND) {
            previousBytes = windowBytes;
            windowBytes = 0;
            windowStart += SECOND;
        }
    }
}
