package org.annex.assistant.watcher.impl;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;

import org.annex.assistant.api.annex.AnnexRepository;
import org.annex.assistant.api.event.EventSink;
import org.annex.assistant.watcher.WatchStatus;
import org.annex.assistant.watcher.impl.changes.ChangeAggregator;
import org.annex.assistant.watcher.impl.examine.MissingContent;
import org.annex.assistant.watcher.impl.examine.PathExaminer;
import org.annex.assistant.watcher.impl.examine.TreeScan;
import org.annex.assistant.watcher.impl.fs.OpenFiles;
import org.annex.assistant.watcher.impl.fs.RawPaths;
import org.annex.assistant.watcher.impl.index.IndexCommit;
import org.annex.assistant.watcher.impl.index.IndexOp;
import org.annex.assistant.watcher.impl.index.IndexSnapshot;
import org.annex.assistant.watcher.impl.inotify.TreeWatcher;
import org.eclipse.jgit.errors.LockFailedException;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.Repository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches one repository's work tree and commits what changes, as the git-annex assistant does in a v10
 * repository. The coordinator of the parts that do it: {@link TreeWatcher}'s events go into the
 * {@link ChangeAggregator}; the paths it finds settled are looked at by the {@link PathExaminer} (a file is
 * looked at only once it is quiet and not open for writing unless its writer closed it); the index changes
 * that yields are committed by {@link IndexCommit} when the aggregator says the lull has come;
 * {@link TreeScan} finds what changed unseen (at start, after lost events, in new and unwatched directories).
 *
 * <p>All of it runs in {@link Rounds} on one processor thread: an event asks for a round at once, and the
 * periodic scan of directories without an inotify watch asks for one every rescan interval.
 */
final class RepositoryWatcher implements Closeable, TreeWatcher.Listener {
    private static final Logger LOG = LoggerFactory.getLogger(RepositoryWatcher.class);
    private static final long ROUND_BUDGET_NANOS = 300_000_000L;

    /** Timings, in milliseconds. */
    static final class Settings {
        long settleMillis = 20;
        long batchWindowMillis = 20;
        long burstWindowMillis = 1000;
        long maxBatchMillis = 10_000;
        long rescanIntervalMillis = 60_000;
        long moveWaitMillis = 100;
    }

    private final Path workTree;
    private final byte[] rootBytes;
    private final Repository git;
    private final Settings settings;
    private final Rounds rounds;
    private final ChangeAggregator<IndexOp> changes;
    private final IndexSnapshot index;
    private final PathExaminer examiner;
    private final TreeScan scanner;
    private final IndexCommit indexCommit;
    private final TreeWatcher tree;
    private final Set<String> scanRequests = new LinkedHashSet<>();
    private final AtomicBoolean periodicScanDue = new AtomicBoolean();

    /** {@code scheduler}: the component's, for the periodic scan and the busy ticks; not shut down here. */
    RepositoryWatcher(AnnexRepository annex, Settings settings, EventSink events, ScheduledExecutorService scheduler)
            throws IOException {
        this.settings = settings;
        this.workTree = annex.workTree().toRealPath();
        this.rootBytes = RawPaths.bytes(workTree);
        // The repository belongs to core's AnnexRepository service: shared, never closed here.
        this.git = annex.adaptTo(Repository.class).orElseThrow(
                () -> new IOException("not a JGit-backed repository: " + workTree));
        this.changes = new ChangeAggregator<>(new ChangeAggregator.Windows(settings.settleMillis,
                settings.batchWindowMillis, settings.burstWindowMillis, settings.maxBatchMillis),
                System::nanoTime, IndexOp::path);
        this.index = new IndexSnapshot(git);
        MissingContent missing = new MissingContent(annex, workTree, events);
        this.examiner = new PathExaminer(annex, git, rootBytes, index, missing, changes::staged);
        this.scanner = new TreeScan(rootBytes, index, missing);
        this.indexCommit = new IndexCommit(annex, git, workTree, events);
        this.rounds = new Rounds("watcher " + workTree, this::round, this::busy, scheduler);
        this.tree = new TreeWatcher(workTree, this, settings.moveWaitMillis);
    }

    /** Watches the tree, then scans it for what changed while nobody watched (in the background). */
    void start() {
        requestScan("");
        rounds.first(() -> tree.watchTree(""));
        rounds.request();
        rounds.every(settings.rescanIntervalMillis, () -> periodicScanDue.set(true));
    }

    WatchStatus status() {
        List<String> unwatched = new ArrayList<>();
        for (String u : tree.unwatchedDirectories()) {
            unwatched.add(RawPaths.display(u));
        }
        IndexCommit.LastCommit last = indexCommit.last();
        return new WatchStatus(workTree.toString(), tree.watchedDirectories(), unwatched, changes.waitingPaths(),
                last == null ? null : last.id(), last == null ? null : last.time(), last == null ? 0 : last.files(),
                indexCommit.commits());
    }

    List<String> unwatchedDirectories() {
        return tree.unwatchedDirectories();
    }

    // ---- inotify listener (reader thread): record, ask for a round, return ----

    @Override
    public void fileChanged(String rel, boolean closed) {
        changes.changed(rel, closed);
        rounds.request();
    }

    @Override
    public void deleted(String rel, boolean directory) {
        changes.deleted(rel, new IndexOp.Remove(rel));
        rounds.request();
    }

    @Override
    public void moved(String from, String to, boolean directory) {
        changes.moved(from, to, new IndexOp.Move(from, to, directory));
        rounds.request();
    }

    @Override
    public void directoryAppeared(String rel) {
        requestScan(rel);
        changes.activity();
        rounds.request();
    }

    @Override
    public void overflow() {
        requestScan("");
        changes.activity();
        rounds.request();
    }

    private void requestScan(String rel) {
        synchronized (scanRequests) {
            scanRequests.add(rel);
        }
    }

    private boolean busy() {
        synchronized (scanRequests) {
            if (!scanRequests.isEmpty()) {
                return true;
            }
        }
        return changes.waiting() || indexCommit.dirty();
    }

    // ---- rounds (processor thread) ----

    private void round() {
        try {
            runScans();
            processDue();
            maybeCommit(false);
            if (periodicScanDue.getAndSet(false)) {
                scanUnwatched();
            }
        } catch (IOException | RuntimeException e) {
            LOG.error("watcher of {}: {}", workTree, e.toString(), e);
        }
    }

    private void runScans() throws IOException {
        while (true) {
            String dir;
            synchronized (scanRequests) {
                Iterator<String> it = scanRequests.iterator();
                if (!it.hasNext()) {
                    return;
                }
                dir = it.next();
                it.remove();
            }
            scan(dir, true);
        }
    }

    /** Directories without an inotify watch (limit reached): watched if a watch is free now, else scanned. */
    private void scanUnwatched() throws IOException {
        for (String dir : tree.unwatchedDirectories()) {
            if (!Files.isDirectory(RawPaths.resolve(rootBytes, dir), LinkOption.NOFOLLOW_LINKS)) {
                continue;
            }
            tree.tryWatch(dir);
            scan(dir, false);
        }
    }

    private void scan(String relDir, boolean recursive) throws IOException {
        TreeScan.Found found = scanner.scan(relDir, recursive,
                dir -> tree.isWatched(dir) || tree.unwatchedDirectories().contains(dir));
        changes.found(found.changed(), found.gone().stream().<IndexOp>map(IndexOp.Remove::new).toList());
        for (String dir : found.newDirectories()) {
            tree.watchTree(dir);
            scan(dir, true);
        }
    }

    private void processDue() throws IOException {
        long start = changes.now();
        List<ChangeAggregator.Due> due = changes.dueAt(start);
        if (due.isEmpty()) {
            return;
        }
        Set<Path> needOpenCheck = new HashSet<>();
        for (ChangeAggregator.Due d : due) {
            if (!d.closed()) {
                needOpenCheck.add(RawPaths.resolve(rootBytes, d.path()));
            }
        }
        Set<Path> open = OpenFiles.openForWriting(needOpenCheck);
        try (ObjectInserter ins = git.newObjectInserter()) {
            index.refresh();
            for (ChangeAggregator.Due d : due) {
                if (changes.now() - start > ROUND_BUDGET_NANOS) {
                    break;
                }
                ChangeAggregator.Due p = changes.take(d.path(), start);
                if (p == null) {
                    continue;
                }
                if (!p.closed() && open.contains(RawPaths.resolve(rootBytes, p.path()))) {
                    changes.recheck(p.path());
                    continue;
                }
                examine(p.path(), ins);
            }
            ins.flush();
        }
    }

    private void examine(String rel, ObjectInserter ins) {
        PathExaminer.Verdict v;
        try {
            v = examiner.examine(rel, ins);
        } catch (IOException e) {
            LOG.warn("cannot add {}: {}", RawPaths.display(rel), e.toString());
            v = PathExaminer.Verdict.RETRY;
        }
        if (v == PathExaminer.Verdict.RETRY) {
            changes.recheck(rel);
        } else if (v == PathExaminer.Verdict.DIRECTORY) {
            if (!tree.isWatched(rel)) {
                tree.watchTree(rel);
            }
            requestScan(rel);
        }
    }

    private void maybeCommit(boolean force) throws IOException {
        List<IndexOp> batch = changes.commitBatch(indexCommit.dirty(), force);
        if (batch == null) {
            return;
        }
        try {
            if (indexCommit.commit(batch, changes::dueNow, this::requestScan) == IndexCommit.Outcome.UNMERGED) {
                changes.unstage(batch);
            }
        } catch (LockFailedException e) {
            LOG.info("index of {} is locked (git running?); committing later", workTree);
            changes.unstage(batch);
        }
    }

    /** Stops watching; what is staged is committed, what is still settling is found by the next start's scan. */
    @Override
    public void close() {
        tree.close();
        try {
            rounds.close(30_000);
            maybeCommit(true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException | RuntimeException e) {
            LOG.warn("last commit of {} failed: {}", workTree, e.toString());
        }
    }
}
