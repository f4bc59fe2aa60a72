package org.annex.assistant.api.concurrent;

import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs one task at a time, however often it is asked for: a request made while the task waits to run is
 * served by that run; requests made while it runs are all served by one more run right after it. With a
 * delay, a first request waits that long before the run, so a burst of requests shares one run (a
 * debounce, at most one run per delay while requests keep coming).
 *
 * <p>This is the shape of "push to this remote", "commit the journal", "scan again" and "commit the
 * index": work whose result depends only on the state when it starts, so running it once for many
 * requests loses nothing and saves the repeats.
 */
public final class Coalescer {
    private enum State { IDLE, SCHEDULED, RUNNING, RUNNING_REQUESTED }

    private final ScheduledExecutorService executor;
    private final Runnable task;
    private final long delayMillis;
    /** Held while the task runs, so {@link #runNow} never overlaps a scheduled run. */
    private final Object running = new Object();
    private State state = State.IDLE;
    private boolean closed;

    /**
     * @param executor where the task runs
     * @param delayMillis how long a first request waits before its run (0: run as soon as the executor can)
     * @param task the work; an exception it throws is its own business (log it there), the next request
     *     still runs it
     */
    public Coalescer(ScheduledExecutorService executor, long delayMillis, Runnable task) {
        this.executor = Objects.requireNonNull(executor, "executor");
        this.task = Objects.requireNonNull(task, "task");
        if (delayMillis < 0) {
            throw new IllegalArgumentException("negative delay " + delayMillis);
        }
        this.delayMillis = delayMillis;
    }

    /** Asks for a run; returns at once. */
    public void request() {
        synchronized (this) {
            if (closed) {
                return;
            }
            switch (state) {
                case IDLE:
                    state = State.SCHEDULED;
                    break;
                case RUNNING:
                    state = State.RUNNING_REQUESTED;
                    return;
                default:
                    return;
            }
        }
        submit();
    }

    /** Whether a run is scheduled or under way. */
    public synchronized boolean busy() {
        return state != State.IDLE;
    }

    /**
     * Runs the task in the calling thread now, after a run under way ends; a run that was only scheduled
     * is served by this one. For shutdown (commit what is pending) and for callers that need the result.
     */
    public void runNow() {
        synchronized (running) {
            synchronized (this) {
                if (state == State.SCHEDULED || state == State.RUNNING_REQUESTED) {
                    state = State.IDLE;
                }
            }
            task.run();
        }
    }

    /** Runs nothing more once the run under way (if any) ends; {@link #runNow} still works. */
    public synchronized void close() {
        closed = true;
    }

    private void submit() {
        try {
            if (delayMillis == 0) {
                executor.execute(this::run);
            } else {
                executor.schedule(this::run, delayMillis, TimeUnit.MILLISECONDS);
            }
        } catch (RejectedExecutionException e) {
            // The executor is shutting down: its owner is closing, nothing more runs.
            synchronized (this) {
                state = State.IDLE;
            }
        }
    }

    private void run() {
        synchronized (running) {
            synchronized (this) {
                if (state != State.SCHEDULED) {
                    return; // runNow() served it meanwhile
                }
                state = State.RUNNING;
            }
            try {
                task.run();
            } finally {
                boolean again;
                synchronized (this) {
                    again = state == State.RUNNING_REQUESTED && !closed;
                    state = again ? State.SCHEDULED : State.IDLE;
                }
                if (again) {
                    submit();
                }
            }
        }
    }
}
