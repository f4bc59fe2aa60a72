package org.annex.assistant.api.concurrent;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Thread factories and the one scheduler a bundle runs its periodic and delayed work on. Threads are
 * daemons (a stuck one never keeps the JVM from exiting) and named after their bundle and job, so a
 * thread dump says who owns what.
 */
public final class NamedThreads {
    private NamedThreads() {
    }

    /** Daemon threads named {@code name-1}, {@code name-2}, … at the given priority. */
    public static ThreadFactory factory(String name, int priority) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            t.setPriority(priority);
            return t;
        };
    }

    /** Daemon threads of normal priority named {@code name-N}. */
    public static ThreadFactory factory(String name) {
        return factory(name, Thread.NORM_PRIORITY);
    }

    /**
     * A bundle's scheduler: {@code threads} daemon threads named {@code name-N}. Its owner (a component)
     * shuts it down when it deactivates.
     */
    public static ScheduledExecutorService scheduler(String name, int threads) {
        return Executors.newScheduledThreadPool(threads, factory(name));
    }
}
