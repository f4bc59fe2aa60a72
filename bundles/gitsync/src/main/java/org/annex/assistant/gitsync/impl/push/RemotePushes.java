package org.annex.assistant.gitsync.impl.push;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.annex.assistant.api.concurrent.Coalescer;
import org.annex.assistant.api.concurrent.NamedThreads;

/**
 * Pushes and fetches of one repository, per remote. One push runs per remote at a time, and the requests
 * made while it runs are all served by the single push after it ({@link Coalescer}): a push sends whatever
 * the refs are when it starts, so a burst of commits and merges costs a few pushes (and the remote a few
 * packs, each of which every later object lookup there searches) rather than one per commit.
 *
 * <p>Each remote has a lane: one thread, ended when idle for a while, on which its pushes and fetches run
 * one after the other, so a slow or dead remote delays nobody else. (Pushes and fetches to one remote never
 * overlapped before either: they held the remote's lock.)
 */
public final class RemotePushes implements AutoCloseable {
    private static final long IDLE_LANE_SECONDS = 30;

    private final class Lane {
        final ScheduledThreadPoolExecutor thread;
        final Coalescer pushes;
        /** Fetches asked for by change signals: one at a time, those asked meanwhile share the next. */
        final Coalescer fetches;
        /** Completes when the push that starts next has ended; every request until then shares it. Guarded by this lane. */
        CompletableFuture<Void> nextPush;

        Lane(String remote) {
            thread = new ScheduledThreadPoolExecutor(1, NamedThreads.factory("gitsync-remote-" + repositoryName + "-" + remote));
            thread.setKeepAliveTime(IDLE_LANE_SECONDS, TimeUnit.SECONDS);
            thread.allowCoreThreadTimeOut(true);
            pushes = new Coalescer(thread, 0, () -> pushRound(remote));
            fetches = new Coalescer(thread, 0, () -> push.fetch(remote));
        }

        void pushRound(String remote) {
            CompletableFuture<Void> round;
            synchronized (this) {
                round = nextPush;
                nextPush = null;
            }
            if (round == null) {
                return; // its requests were served by the push before, which started after them
            }
            try {
                push.push(remote, true);
            } finally {
                round.complete(null);
            }
        }

        CompletableFuture<Void> requestPush() {
            CompletableFuture<Void> mine;
            synchronized (this) {
                if (nextPush == null) {
                    nextPush = new CompletableFuture<>();
                }
                mine = nextPush;
            }
            pushes.request();
            if (thread.isShutdown()) {
                mine.completeExceptionally(new RejectedExecutionException("closed"));
            }
            return mine;
        }
    }

    private final String repositoryName;
    private final SyncPush push;
    private final Map<String, Lane> lanes = new ConcurrentHashMap<>();
    private volatile boolean closed;

    public RemotePushes(String repositoryName, SyncPush push) {
        this.repositoryName = repositoryName;
        this.push = push;
    }

    /** Asks for a push of the current refs; completes when a push that started after this request has ended. */
    public CompletableFuture<Void> request(String remote) {
        Lane lane = lane(remote);
        return lane == null ? CompletableFuture.failedFuture(new RejectedExecutionException("closed")) : lane.requestPush();
    }

    /** Fetches from the remote on its lane. */
    public CompletableFuture<Void> fetch(String remote) {
        Lane lane = lane(remote);
        if (lane == null) {
            return CompletableFuture.failedFuture(new RejectedExecutionException("closed"));
        }
        try {
            return CompletableFuture.runAsync(() -> push.fetch(remote), lane.thread);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * Asks for a fetch from the remote on its lane; returns at once. A request made while one waits is
     * served by it, one made while one runs by one more after it (the remote may have moved meanwhile).
     */
    public void requestFetch(String remote) {
        Lane lane = lane(remote);
        if (lane != null) {
            lane.fetches.request();
        }
    }

    private Lane lane(String remote) {
        if (closed) {
            return null;
        }
        return lanes.computeIfAbsent(remote, Lane::new);
    }

    @Override
    public void close() {
        closed = true;
        lanes.values().forEach(l -> {
            l.pushes.close();
            l.fetches.close();
            l.thread.shutdownNow();
            synchronized (l) {
                if (l.nextPush != null) {
                    l.nextPush.completeExceptionally(new RejectedExecutionException("closed"));
                }
            }
        });
    }
}
