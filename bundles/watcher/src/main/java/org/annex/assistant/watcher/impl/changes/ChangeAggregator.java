package org.annex.assistant.watcher.impl.changes;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.LongSupplier;

import org.annex.assistant.watcher.impl.fs.RawPaths;

/**
 * Turns a stream of work-tree events into the two things the watcher acts on: paths that are due to be
 * looked at, and batches of staged changes that are due to be committed. It owns every time window and
 * nothing else (no thread, no file system, no repository); the clock is given, so tests drive it.
 *
 * <ul>
 * <li><b>Settle</b>: a changed file is due once no event came for it for the settle time; an event on a
 * file still settling starts its settle time again.</li>
 * <li><b>Commit lull</b>: staged changes are committed when nothing happened for the batch window and no
 * settled file still waits to be looked at (it belongs in the same commit).</li>
 * <li><b>Burst lull</b>: while more than {@link #BURST} changes wait, the lull must be the longer burst
 * window, so that thousands of files become a few commits (each commit is pushed, merged and scanned
 * elsewhere); and while changes keep coming a batch is committed at least every maximum batch age.</li>
 * </ul>
 *
 * Deletes and moves are staged at once (they need no settling) and carry the files still settling below
 * them along: a deleted file's wait ends, a moved one's continues under its new name.
 *
 * @param <C> a staged change (an index operation in the watcher; anything with a path in tests)
 */
public final class ChangeAggregator<C> {
    /** More changes than this waiting make a burst. */
    public static final int BURST = 8;
    private static final long NONE = Long.MIN_VALUE;

    /** A path that has settled; {@code closed} if its writer closed it (else check that nobody has it open). */
    public record Due(String path, boolean closed) {
    }

    /** The time windows, in milliseconds. */
    public record Windows(long settleMillis, long batchMillis, long burstMillis, long maxBatchMillis) {
    }

    private static final class Pending {
        long dueNanos;
        boolean closed;

        Pending(long dueNanos, boolean closed) {
            this.dueNanos = dueNanos;
            this.closed = closed;
        }
    }

    private final LongSupplier nanoClock;
    private final Function<C, String> pathOf;
    private final long settleNanos;
    private final long batchNanos;
    private final long burstNanos;
    private final long maxBatchNanos;
    private final Map<String, Pending> settling = new LinkedHashMap<>();
    private final List<C> staged = new ArrayList<>();
    private long firstChangeNanos = NONE;
    private long lastChangeNanos;

    /**
     * @param nanoClock the time in nanoseconds ({@code System::nanoTime} in the watcher)
     * @param pathOf the path a staged change is about (for the status count)
     */
    public ChangeAggregator(Windows windows, LongSupplier nanoClock, Function<C, String> pathOf) {
        this.nanoClock = nanoClock;
        this.pathOf = pathOf;
        this.settleNanos = windows.settleMillis() * 1_000_000L;
        this.batchNanos = windows.batchMillis() * 1_000_000L;
        this.burstNanos = windows.burstMillis() * 1_000_000L;
        this.maxBatchNanos = windows.maxBatchMillis() * 1_000_000L;
    }

    public long now() {
        return nanoClock.getAsLong();
    }

    // ---- in ----

    /** A file appeared or changed: it settles (again) from now. */
    public synchronized void changed(String path, boolean closed) {
        long now = now();
        Pending p = settling.get(path);
        if (p == null) {
            settling.put(path, new Pending(now + settleNanos, closed));
        } else {
            p.dueNanos = now + settleNanos;
            p.closed = closed;
        }
        activity(now);
    }

    /** A path is gone: nothing below it needs settling any more; {@code removal} is staged. */
    public synchronized void deleted(String path, C removal) {
        settling.keySet().removeIf(p -> RawPaths.isUnder(p, path));
        staged.add(removal);
        activity(now());
    }

    /** A path was renamed: what settles below it settles under the new name; {@code move} is staged. */
    public synchronized void moved(String from, String to, C move) {
        Map<String, Pending> renamed = new HashMap<>();
        for (Iterator<Map.Entry<String, Pending>> it = settling.entrySet().iterator(); it.hasNext();) {
            Map.Entry<String, Pending> e = it.next();
            if (RawPaths.isUnder(e.getKey(), from)) {
                renamed.put(to + e.getKey().substring(from.length()), e.getValue());
                it.remove();
            }
        }
        settling.putAll(renamed);
        staged.add(move);
        activity(now());
    }

    /** Something happened that is not a change yet (a directory to scan, lost events): the lull restarts. */
    public synchronized void activity() {
        activity(now());
    }

    /** A change made by looking at a due path; work on a backlog counts as activity (see {@link #BURST}). */
    public synchronized void staged(C change) {
        staged.add(change);
        activity(now());
    }

    /** A path to look at again after the settle time (still written, or it changed while being read). */
    public synchronized void recheck(String path) {
        settling.putIfAbsent(path, new Pending(now() + settleNanos, false));
    }

    /** A path to look at in the next round (a commit found it needs a fresh look); not a new change. */
    public synchronized void dueNow(String path) {
        settling.putIfAbsent(path, new Pending(now(), false));
    }

    /** What a scan found: changed files are due at once, removals are staged. */
    public synchronized void found(Collection<String> changed, Collection<C> removals) {
        long now = now();
        for (String path : changed) {
            settling.putIfAbsent(path, new Pending(now, false));
        }
        staged.addAll(removals);
        if (!changed.isEmpty() || !removals.isEmpty()) {
            activity(now);
        }
    }

    private void activity(long now) {
        if (firstChangeNanos == NONE) {
            firstChangeNanos = now;
        }
        lastChangeNanos = now;
    }

    // ---- out ----

    /** The paths settled by {@code now}, oldest first; they stay here until {@link #take}n. */
    public synchronized List<Due> dueAt(long now) {
        List<Due> due = new ArrayList<>();
        for (Map.Entry<String, Pending> e : settling.entrySet()) {
            if (e.getValue().dueNanos <= now) {
                due.add(new Due(e.getKey(), e.getValue().closed));
            }
        }
        return due;
    }

    /** Takes a path to look at it, if it is still settled as of {@code asOf} (an event since restarts its wait). */
    public synchronized Due take(String path, long asOf) {
        Pending p = settling.get(path);
        if (p == null || p.dueNanos > asOf) {
            return null;
        }
        settling.remove(path);
        return new Due(path, p.closed);
    }

    /**
     * The staged changes, if the time to commit them has come: after the lull (a burst's lull while a burst
     * waits), or when the batch is older than the maximum age. Null if not yet. {@code indexDirty}: the
     * index holds changes a failed commit left (commit even with nothing staged); {@code force}: now.
     */
    public synchronized List<C> commitBatch(boolean indexDirty, boolean force) {
        if (staged.isEmpty() && !indexDirty) {
            return null;
        }
        long now = now();
        long lull = staged.size() + settling.size() <= BURST ? batchNanos : burstNanos;
        boolean quiet = now - lastChangeNanos >= lull && !anyDue(now);
        // A batch put back (index locked) has no first change: it is tried again at once, as before.
        boolean old = firstChangeNanos == NONE || now - firstChangeNanos >= maxBatchNanos;
        if (!force && !quiet && !old) {
            return null;
        }
        List<C> batch = new ArrayList<>(staged);
        staged.clear();
        firstChangeNanos = settling.isEmpty() ? NONE : now;
        return batch;
    }

    /** A batch that could not be committed goes back in front of what was staged since. */
    public synchronized void unstage(List<C> batch) {
        staged.addAll(0, batch);
    }

    /** Whether anything settles or waits to be committed. */
    public synchronized boolean waiting() {
        return !settling.isEmpty() || !staged.isEmpty();
    }

    /** How many distinct paths settle or wait to be committed (for the console). */
    public synchronized int waitingPaths() {
        Set<String> paths = new HashSet<>(settling.keySet());
        for (C c : staged) {
            paths.add(pathOf.apply(c));
        }
        return paths.size();
    }

    private boolean anyDue(long now) {
        for (Pending p : settling.values()) {
            if (p.dueNanos <= now) {
                return true;
            }
        }
        return false;
    }
}
