package org.annex.assistant.ratecontrol.impl.bucket;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.concurrent.atomic.AtomicLong;

import org.junit.Test;

/** The bucket on a clock the test moves: waits that hold a rate, a small store, debt, live rate changes. */
public class TokenBucketTest {
    private static final long MS = 1_000_000;
    private final AtomicLong now = new AtomicLong(1_000 * MS);

    /** Moves {@code bytes} in buffers of {@code buffer}, sleeping as told; returns the nanoseconds it took. */
    private long move(TokenBucket b, long bytes, int buffer) {
        long start = now.get();
        for (long sent = 0; sent < bytes; sent += buffer) {
            now.addAndGet(b.take(buffer));
        }
        return now.get() - start;
    }

    @Test
    public void holdsTheRateWhateverTheBufferSize() {
        for (int buffer : new int[] {1024, 64 * 1024, 4 << 20}) {
            TokenBucket b = new TokenBucket(1 << 20, now::get);
            long took = move(b, 64L << 20, buffer);
            // 64 MiB at 1 MiB/s: 64 s, less the first buffer and the bucket's 50 ms store.
            double seconds = took / 1e9;
            assertTrue(buffer + ": " + seconds + " s", seconds > 63.9 - buffer / (double) (1 << 20) && seconds <= 64.0);
        }
    }

    @Test
    public void anIdleBucketKeepsOnlyFiftyMillisecondsOfCredit() {
        TokenBucket b = new TokenBucket(10 << 20, now::get);
        now.addAndGet(10_000 * MS);
        // 50 ms at 10 MiB/s is 512 KiB: that much goes at once, the next byte waits.
        assertEquals(0, b.take(512 << 10));
        long wait = b.take(1 << 20);
        assertEquals(100 * MS, wait, MS);
    }

    @Test
    public void aRateChangeAppliesToTheNextBytesAndDebtIsRepaidAtTheNewRate() {
        TokenBucket b = new TokenBucket(1 << 20, now::get);
        now.addAndGet(b.take(10 << 20));
        b.setRate(2 << 20);
        long wait = b.take(2 << 20);
        assertEquals(1000 * MS, wait, MS);
        b.setRate(0);
        assertEquals("unlimited", 0, b.take(100 << 20));
        b.setRate(1 << 20);
        assertEquals("no credit saved while unlimited", 1000 * MS, b.take(1 << 20), MS);
    }

    @Test
    public void measuresTheLastFullSecond() {
        TokenBucket b = new TokenBucket(0, now::get);
        b.take(300);
        now.addAndGet(500 * MS);
        b.take(700);
        assertEquals(0, b.measured());
        now.addAndGet(600 * MS);
        assertEquals(1000, b.measured());
        now.addAndGet(2000 * MS);
        assertEquals(0, b.measured());
    }
}
