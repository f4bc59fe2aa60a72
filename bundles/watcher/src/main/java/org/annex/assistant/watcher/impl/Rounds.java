package org.annex.assistant.watcher.impl;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

import org.annex.assistant.api.concurrent.Coalescer;
import org.annex.assistant.api.concurrent.NamedThreads;

/**
 * The pace of one watcher's work: rounds run on its own processor thread, one at a time ({@link Coalescer}).
 * A request (an event) runs a round at once, or right after the one under way, so a lone file waits only
 * its settle time and batch window; while work waits, a round follows every tick; with nothing waiting the
 * thread sleeps until a request, or the periodic request on the component's scheduler, wakes it.
 */
final class Rounds {
    /** How soon the processor looks again while changes are waiting to settle or to be committed. */
    static final long BUSY_TICK_MILLIS = 5;

    private final Runnable round;
    private final BooleanSupplier busy;
    private final ScheduledExecutorService processor;
    private final ScheduledExecutorService scheduler;
    private final Coalescer coalescer;
    private final AtomicBoolean tickScheduled = new AtomicBoolean();
    private ScheduledFuture<?> periodic;
    private volatile boolean closed;

    /**
     * @param round one round of work, on the processor thread; it logs its own failures
     * @param busy whether work waits (then another round follows after a tick)
     * @param scheduler the component's, for the ticks and the periodic request; not shut down here
     */
    Rounds(String name, Runnable round, BooleanSupplier busy, ScheduledExecutorService scheduler) {
        this.round = round;
        this.busy = busy;
        this.scheduler = scheduler;
        this.processor = NamedThreads.scheduler(name, 1);
        this.coalescer = new Coalescer(processor, 0, this::run);
    }

    private void run() {
        if (closed) {
            return;
        }
        round.run();
        if (!closed && busy.getAsBoolean() && tickScheduled.compareAndSet(false, true)) {
            scheduler.schedule(this::tick, BUSY_TICK_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    private void tick() {
        tickScheduled.set(false);
        coalescer.request();
    }

    /** Runs a task on the processor thread before the next round. */
    void first(Runnable task) {
        processor.execute(task);
    }

    /** Asks for a round: at once, or right after the one under way. */
    void request() {
        coalescer.request();
    }

    /** Runs {@code beforeRound} (cheap, on the scheduler) and requests a round now and every interval. */
    synchronized void every(long intervalMillis, Runnable beforeRound) {
        periodic = scheduler.scheduleWithFixedDelay(() -> {
            beforeRound.run();
            coalescer.request();
        }, 0, intervalMillis, TimeUnit.MILLISECONDS);
    }

    /** No round starts any more; waits up to {@code waitMillis} for the one under way. */
    void close(long waitMillis) throws InterruptedException {
        closed = true;
        coalescer.close();
        synchronized (this) {
            if (periodic != null) {
                periodic.cancel(false);
            }
        }
        processor.shutdown();
        processor.awaitTermination(waitMillis, TimeUnit.MILLISECONDS);
    }
}
