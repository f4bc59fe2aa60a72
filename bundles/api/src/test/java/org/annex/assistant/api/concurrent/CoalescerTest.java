package org.annex.assistant.api.concurrent;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.After;
import org.junit.Test;

public class CoalescerTest {
    private final ScheduledExecutorService executor = NamedThreads.scheduler("coalescer-test", 4);

    @After
    public void stop() {
        executor.shutdownNow();
    }

    private static void awaitIdle(Coalescer c) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (c.busy()) {
            assertTrue("still busy after 10 s", System.nanoTime() < end);
            Thread.sleep(1);
        }
    }

    @Test
    public void requestsWhileRunningShareOneMoreRun() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Coalescer c = new Coalescer(executor, 0, () -> {
            if (runs.incrementAndGet() == 1) {
                started.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        });
        c.request();
        assertTrue(started.await(10, TimeUnit.SECONDS));
        for (int i = 0; i < 100; i++) {
            c.request();
        }
        release.countDown();
        awaitIdle(c);
        assertEquals("the first run and one for the hundred requests made during it", 2, runs.get());
    }

    @Test
    public void runsNeverOverlap() throws Exception {
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        AtomicInteger runs = new AtomicInteger();
        Coalescer c = new Coalescer(executor, 0, () -> {
            most.accumulateAndGet(inside.incrementAndGet(), Math::max);
            runs.incrementAndGet();
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            inside.decrementAndGet();
        });
        Thread[] callers = new Thread[4];
        for (int t = 0; t < callers.length; t++) {
            callers[t] = new Thread(() -> {
                for (int i = 0; i < 200; i++) {
                    c.request();
                    if (i % 50 == 0) {
                        c.runNow();
                    }
                }
            });
            callers[t].start();
        }
        for (Thread t : callers) {
            t.join();
        }
        awaitIdle(c);
        assertEquals(1, most.get());
        assertTrue("runs: " + runs.get(), runs.get() >= 1 && runs.get() < 800);
    }

    @Test
    public void aDelayGathersABurstIntoOneRun() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        Coalescer c = new Coalescer(executor, 200, runs::incrementAndGet);
        for (int i = 0; i < 50; i++) {
            c.request();
        }
        assertTrue(c.busy());
        awaitIdle(c);
        assertEquals(1, runs.get());
    }

    @Test
    public void runNowServesAScheduledRunAndCloseStopsLaterOnes() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        Coalescer c = new Coalescer(executor, 300, runs::incrementAndGet);
        c.request();
        c.runNow();
        assertEquals(1, runs.get());
        assertFalse(c.busy());
        Thread.sleep(500);
        assertEquals("the scheduled run was served by runNow", 1, runs.get());
        c.close();
        c.request();
        Thread.sleep(400);
        assertEquals(1, runs.get());
    }

    @Test
    public void aFailingTaskDoesNotStopLaterRuns() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        Coalescer c = new Coalescer(executor, 0, () -> {
            runs.incrementAndGet();
            throw new IllegalStateException("boom");
        });
        c.request();
        awaitIdle(c);
        c.request();
        awaitIdle(c);
        assertEquals(2, runs.get());
    }
}
