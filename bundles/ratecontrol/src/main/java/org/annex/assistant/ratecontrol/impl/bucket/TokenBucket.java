package org.annex.assistant.ratecontrol.impl.bucket;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * A token bucket that may go into debt: bytes are paid for as they move, and a buffer larger than the
 * bucket is let through and paid for by waiting afterwards, so a transfer with large buffers is held to
 * the rate on average without splitting its writes. The rate can change at any time; what is owed is owed
 * in bytes and repaid at the new rate.
 *
 * <p>The bucket holds only {@link #BURST_NANOS} worth of bytes: an idle lane may not save up a second of
 * credit and then send it at line speed (which would put one second's sample near twice the limit, as
 * Guava's RateLimiter allows with its fixed one-second store). The store still absorbs a sleep that
 * overshoots by up to that much, so the long-run rate stays on the limit.
 */
public final class TokenBucket {
    /** Credit an idle bucket keeps, as time at its rate. */
    public static final long BURST_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    private static final double NANOS = 1e9;

    private final LongSupplier clock;
    private long rate;
    private double tokens;
    private long last;
    private final RateMeter meter;

    /** @param clock nanoseconds, as {@link System#nanoTime()} */
    public TokenBucket(long bytesPerSecond, LongSupplier clock) {
        this.clock = clock;
        this.last = clock.getAsLong();
        this.meter = new RateMeter(last);
        setRate(bytesPerSecond);
    }

    public TokenBucket(long bytesPerSecond) {
        this(bytesPerSecond, System::nanoTime);
    }

    /** Bytes per second, 0 = unlimited. */
    public synchronized void setRate(long bytesPerSecond) {
        if (bytesPerSecond < 0) {
            throw new IllegalArgumentException("a rate is 0 (unlimited) or positive: " + bytesPerSecond);
        }
        refill(clock.getAsLong());
        rate = bytesPerSecond;
        tokens = Math.min(tokens, capacity());
    }

    public synchronized long rate() {
        return rate;
    }

    /**
     * Takes {@code bytes}; returns how long the caller must wait (nanoseconds, 0 if at once) before its next
     * bytes so that the bucket's rate holds.
     */
    public synchronized long take(long bytes) {
        long now = clock.getAsLong();
        meter.add(bytes, now);
        if (rate == 0) {
            tokens = 0;
            last = now;
            return 0;
        }
        refill(now);
        tokens -= bytes;
        return tokens >= 0 ? 0 : (long) Math.ceil(-tokens * NANOS / rate);
    }

    /** Bytes per second taken over the last full second. */
    public synchronized long measured() {
        return meter.lastSecond(clock.getAsLong());
    }

    private double capacity() {
        return rate * (double) BURST_NANOS / NANOS;
    }

    private void refill(long now) {
        if (rate > 0) {
            tokens = Math.min(capacity(), tokens + (now - last) * (double) rate / NANOS);
        }
        last = now;
    }
}
