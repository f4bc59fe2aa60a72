package org.annex.assistant.watcher.impl;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import java.util.TreeMap;

import org.annex.assistant.api.annex.AnnexLink;
import org.annex.assistant.api.annex.AnnexRepository;
import org.annex.assistant.api.annex.Key;
import org.annex.assistant.api.annex.PointerFile;
import org.annex.assistant.api.event.EventSink;
import org.annex.assistant.api.event.Topics;
import org.annex.assistant.watcher.WatchStatus;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheBuilder;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.errors.LockFailedException;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches one repository's work tree and commits what changes, as the git-annex assistant does in a v10
 * repository: large files are ingested into the annex and staged unlocked (a pointer blob
 * {@code /annex/objects/KEY\n}, mode 100644), small files as plain blobs, symlinks as they are.
 *
 * <p>A file is looked at only once it is quiet: no event on it for the settle time, and not open for writing
 * unless its writer closed it; its size and mtime must not change while it is hashed. Changes collect into
 * one batch, committed when no change came for the batch window or when the batch is older than its
 * maximum age. The index is edited directly with JGit's DirCache and the commit written with plumbing:
 * git's porcelain would run the repository's git-annex clean/smudge filters on every file.
 */
final class RepositoryWatcher implements Closeable, TreeWatcher.Listener {
    private static final Logger LOG = LoggerFactory.getLogger(RepositoryWatcher.class);
    /** How often the processor looks again while changes are waiting to settle or to be committed. */
    private static final long BUSY_TICK_NANOS = 5_000_000L;
    /** How long it sleeps with nothing waiting, unless a change wakes it (the periodic scan's pace). */
    private static final long IDLE_TICK_NANOS = 1_000_000_000L;
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

    private static final class Pending {
        long dueNanos;
        boolean closed;

        Pending(long dueNanos, boolean closed) {
            this.dueNanos = dueNanos;
            this.closed = closed;
        }
    }

    private enum Result { DONE, RETRY }

    private final AnnexRepository annex;
    private final Repository git;
    private final Path workTree;
    private final byte[] rootBytes;
    private final Settings settings;
    private final EventSink events;
    private final LargeFilesRule largeFiles;
    private final GitIgnores ignores;
    private final boolean addSmallFiles;
    private final Map<String, Pending> pending = new LinkedHashMap<>();
    private final List<IndexOp> ops = new ArrayList<>();
    /** More changes than this waiting make a burst. */
    private static final int BURST = 8;
    private final Set<String> scanRequests = new LinkedHashSet<>();
    private final Set<String> reportedMissing = new HashSet<>();
    private final Thread processor;
    private final TreeWatcher tree;
    private long firstChangeNanos;
    private long lastChangeNanos;
    private long lastPeriodicScanNanos;
    private boolean commitIndex;
    private DirCache snapshot;
    private ObjectInserter inserter;
    private volatile boolean stopped;
    private volatile String lastCommit;
    private volatile Instant lastCommitTime;
    private volatile int lastCommitFiles;
    private volatile long commits;

    RepositoryWatcher(AnnexRepository annex, Settings settings, EventSink events) throws IOException {
        this.annex = annex;
        this.settings = settings;
        this.events = events;
        this.workTree = annex.workTree().toRealPath();
        this.rootBytes = RawPaths.bytes(workTree);
        // The repository belongs to core's AnnexRepository service: shared, never closed here.
        this.git = annex.adaptTo(Repository.class).orElseThrow(
                () -> new IOException("not a JGit-backed repository: " + workTree));
        this.largeFiles = new LargeFiles(git);
        this.ignores = new GitIgnores(git);
        this.addSmallFiles = git.getConfig().getBoolean("annex", "addsmallfiles", true);
        this.tree = new TreeWatcher(workTree, this, settings.moveWaitMillis);
        this.processor = new Thread(this::run, "watcher " + workTree);
        this.processor.setDaemon(true);
    }

    /** Watches the tree, then scans it for what changed while nobody watched (in the background). */
    void start() {
        synchronized (this) {
            scanRequests.add("");
        }
        processor.start();
    }

    Path workTree() {
        return workTree;
    }

    synchronized WatchStatus status() {
        Set<String> paths = new HashSet<>(pending.keySet());
        for (IndexOp op : ops) {
            paths.add(op.path());
        }
        List<String> unwatched = new ArrayList<>();
        for (String u : tree.unwatchedDirectories()) {
            unwatched.add(RawPaths.display(u));
        }
        return new WatchStatus(workTree.toString(), tree.watchedDirectories(), unwatched, paths.size(), lastCommit,
                lastCommitTime, lastCommitFiles, commits);
    }

    List<String> unwatchedDirectories() {
        return tree.unwatchedDirectories();
    }

    // ---- inotify listener (reader thread): record and return ----

    @Override
    public synchronized void fileChanged(String rel, boolean closed) {
        long now = System.nanoTime();
        Pending p = pending.get(rel);
        if (p == null) {
            pending.put(rel, new Pending(now + settleNanos(), closed));
        } else {
            p.dueNanos = now + settleNanos();
            p.closed = closed;
        }
        touch(now);
    }

    @Override
    public synchronized void deleted(String rel, boolean directory) {
        pending.keySet().removeIf(p -> RawPaths.isUnder(p, rel));
        ops.add(new IndexOp.Remove(rel));
        touch(System.nanoTime());
    }

    @Override
    public synchronized void moved(String from, String to, boolean directory) {
        Map<String, Pending> renamed = new HashMap<>();
        for (Iterator<Map.Entry<String, Pending>> it = pending.entrySet().iterator(); it.hasNext();) {
            Map.Entry<String, Pending> e = it.next();
            if (RawPaths.isUnder(e.getKey(), from)) {
                renamed.put(to + e.getKey().substring(from.length()), e.getValue());
                it.remove();
            }
        }
        pending.putAll(renamed);
        ops.add(new IndexOp.Move(from, to, directory));
        touch(System.nanoTime());
    }

    @Override
    public synchronized void directoryAppeared(String rel) {
        scanRequests.add(rel);
        touch(System.nanoTime());
    }

    @Override
    public synchronized void overflow() {
        scanRequests.add("");
        touch(System.nanoTime());
    }

    private void touch(long now) {
        if (firstChangeNanos == 0) {
            firstChangeNanos = now;
        }
        lastChangeNanos = now;
        if (processor != null && Thread.currentThread() != processor) {
            LockSupport.unpark(processor);
        }
    }

    private synchronized boolean busy() {
        return !pending.isEmpty() || !ops.isEmpty() || !scanRequests.isEmpty() || commitIndex;
    }

    private long settleNanos() {
        return settings.settleMillis * 1_000_000L;
    }

    // ---- processing (processor thread) ----

    private void run() {
        tree.watchTree("");
        while (!stopped) {
            try {
                runScans();
                processDue();
                maybeCommit(false);
                maybePeriodicScan();
            } catch (IOException | RuntimeException e) {
                LOG.error("watcher of {}: {}", workTree, e.toString(), e);
            }
            // Woken at once by a change (touch), so a lone file waits only its settle time and batch window.
            LockSupport.parkNanos(this, busy() ? BUSY_TICK_NANOS : IDLE_TICK_NANOS);
            if (Thread.interrupted()) {
                break;
            }
        }
    }

    private void runScans() throws IOException {
        while (true) {
            String dir;
            synchronized (this) {
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

    private void maybePeriodicScan() throws IOException {
        long now = System.nanoTime();
        if (now - lastPeriodicScanNanos < settings.rescanIntervalMillis * 1_000_000L) {
            return;
        }
        lastPeriodicScanNanos = now;
        for (String dir : tree.unwatchedDirectories()) {
            if (!Files.isDirectory(RawPaths.resolve(rootBytes, dir), LinkOption.NOFOLLOW_LINKS)) {
                continue;
            }
            tree.tryWatch(dir);
            scan(dir, false);
        }
    }

    private void processDue() throws IOException {
        long start = System.nanoTime();
        List<String> due = new ArrayList<>();
        Set<Path> needOpenCheck = new HashSet<>();
        synchronized (this) {
            for (Map.Entry<String, Pending> e : pending.entrySet()) {
                if (e.getValue().dueNanos <= start) {
                    due.add(e.getKey());
                    if (!e.getValue().closed) {
                        needOpenCheck.add(RawPaths.resolve(rootBytes, e.getKey()));
                    }
                }
            }
        }
        if (due.isEmpty()) {
            return;
        }
        Set<Path> open = OpenFiles.openForWriting(needOpenCheck);
        try (ObjectInserter ins = git.newObjectInserter()) {
            inserter = ins;
            refreshSnapshot();
            for (String rel : due) {
                if (System.nanoTime() - start > ROUND_BUDGET_NANOS) {
                    break;
                }
                Pending p;
                synchronized (this) {
                    p = pending.get(rel);
                    if (p == null || p.dueNanos > start) {
                        continue;
                    }
                    pending.remove(rel);
                }
                if (!p.closed && open.contains(RawPaths.resolve(rootBytes, rel))) {
                    recheckLater(rel);
                    continue;
                }
                Result r;
                try {
                    r = examine(rel);
                } catch (IOException e) {
                    LOG.warn("cannot add {}: {}", RawPaths.display(rel), e.toString());
                    r = Result.RETRY;
                }
                if (r == Result.RETRY) {
                    recheckLater(rel);
                }
            }
            ins.flush();
        } finally {
            inserter = null;
        }
    }

    private synchronized void recheckLater(String rel) {
        pending.putIfAbsent(rel, new Pending(System.nanoTime() + settleNanos(), false));
    }

    private void refreshSnapshot() throws IOException {
        if (snapshot == null || snapshot.isOutdated()) {
            snapshot = DirCache.read(git.getIndexFile(), git.getFS());
        }
    }

    private DirCacheEntry indexEntry(String rel) {
        byte[] raw = RawPaths.raw(rel);
        int i = snapshot.findEntry(raw, raw.length);
        return i < 0 ? null : snapshot.getEntry(i);
    }

    /** Looks at one path and records the index change it needs. */
    private Result examine(String rel) throws IOException {
        Path file = RawPaths.resolve(rootBytes, rel);
        PosixFileAttributes a;
        try {
            a = Files.readAttributes(file, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            addOp(new IndexOp.Remove(rel));
            return Result.DONE;
        }
        if (a.isDirectory()) {
            if (!tree.isWatched(rel)) {
                tree.watchTree(rel);
            }
            synchronized (this) {
                scanRequests.add(rel);
            }
            return Result.DONE;
        }
        if (a.isOther()) {
            return Result.DONE;
        }
        DirCacheEntry current = indexEntry(rel);
        if (current != null && statMatches(current, a)) {
            checkContent(rel, file, a, current);
            return Result.DONE;
        }
        if (current == null && ignores.isIgnored(new String(RawPaths.raw(rel), StandardCharsets.UTF_8))) {
            // As in git: ignore rules keep untracked files out; a tracked file stays tracked.
            return Result.DONE;
        }
        if (a.isSymbolicLink()) {
            byte[] target = RawPaths.bytes(Files.readSymbolicLink(file));
            ObjectId blob = inserter.insert(Constants.OBJ_BLOB, target);
            put(rel, FileMode.SYMLINK, blob, a);
            AnnexLink.parse(new String(target, StandardCharsets.UTF_8)).ifPresent(k -> reportIfMissing(rel, k));
            return Result.DONE;
        }
        FileMode mode = a.permissions().contains(PosixFilePermission.OWNER_EXECUTE) ? FileMode.EXECUTABLE_FILE
                : FileMode.REGULAR_FILE;
        Optional<Key> pointer = a.size() <= PointerFile.MAX_SIZE ? PointerFile.parse(Files.readAllBytes(file)) : Optional.empty();
        if (pointer.isPresent()) {
            // An unlocked file whose content is not here: staged as the pointer it is.
            ObjectId blob = inserter.insert(Constants.OBJ_BLOB, PointerFile.bytes(pointer.get()));
            put(rel, mode, blob, a);
            reportIfMissing(rel, pointer.get());
            return Result.DONE;
        }
        String name = new String(RawPaths.raw(rel), StandardCharsets.UTF_8);
        if (largeFiles.isLarge(name, a.size())) {
            Optional<Key> key = annex.ingest(file);
            if (key.isEmpty() || !unchanged(file, a)) {
                return Result.RETRY;
            }
            put(rel, mode, inserter.insert(Constants.OBJ_BLOB, PointerFile.bytes(key.get())), a);
            return Result.DONE;
        }
        if (!addSmallFiles && current == null) {
            return Result.DONE;
        }
        ObjectId blob;
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            blob = inserter.insert(Constants.OBJ_BLOB, a.size(), in);
        } catch (java.io.EOFException e) {
            return Result.RETRY;
        }
        if (!unchanged(file, a)) {
            return Result.RETRY;
        }
        put(rel, mode, blob, a);
        return Result.DONE;
    }

    private static boolean unchanged(Path file, BasicFileAttributes before) throws IOException {
        try {
            BasicFileAttributes after = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            return after.size() == before.size() && after.lastModifiedTime().equals(before.lastModifiedTime());
        } catch (NoSuchFileException e) {
            return false;
        }
    }

    private void put(String rel, FileMode mode, ObjectId blob, BasicFileAttributes a) {
        DirCacheEntry e;
        try {
            e = new DirCacheEntry(RawPaths.raw(rel));
        } catch (IllegalArgumentException bad) {
            LOG.warn("not adding {}: git does not accept this path ({})", RawPaths.display(rel), bad.getMessage());
            return;
        }
        e.setFileMode(mode);
        e.setObjectId(blob);
        e.setLength(a.size());
        e.setLastModified(a.lastModifiedTime().toInstant());
        addOp(new IndexOp.Put(rel, e));
    }

    private synchronized void addOp(IndexOp op) {
        ops.add(op);
        // Work on a backlog counts as activity: a burst is committed by age, not as soon as the events stop.
        touch(System.nanoTime());
    }

    /** Same size, mtime and kind as the index entry; git's index keeps whole seconds when built without nsec. */
    private static boolean statMatches(DirCacheEntry e, PosixFileAttributes a) {
        if (e.getLength() != (int) a.size()) {
            return false;
        }
        Instant indexed = e.getLastModifiedInstant();
        Instant actual = a.lastModifiedTime().toInstant();
        boolean timeMatches = indexed.getNano() == 0 ? indexed.getEpochSecond() == actual.getEpochSecond()
                : indexed.equals(actual);
        if (!timeMatches) {
            return false;
        }
        FileMode m = e.getFileMode();
        if (a.isSymbolicLink()) {
            return m == FileMode.SYMLINK;
        }
        boolean exec = a.permissions().contains(PosixFilePermission.OWNER_EXECUTE);
        return m == (exec ? FileMode.EXECUTABLE_FILE : FileMode.REGULAR_FILE);
    }

    /** An unchanged file may still lack its annexed content (a symlink or pointer file): report it. */
    private void checkContent(String rel, Path file, PosixFileAttributes a, DirCacheEntry current) throws IOException {
        if (a.isSymbolicLink()) {
            AnnexLink.parse(new String(RawPaths.bytes(Files.readSymbolicLink(file)), StandardCharsets.UTF_8)).ifPresent(k -> reportIfMissing(rel, k));
        } else if (a.size() <= PointerFile.MAX_SIZE && current.getFileMode() != FileMode.GITLINK) {
            PointerFile.parse(Files.readAllBytes(file)).ifPresent(k -> reportIfMissing(rel, k));
        }
    }

    private void reportIfMissing(String rel, Key key) {
        if (annex.hasContent(key)) {
            return;
        }
        synchronized (this) {
            if (!reportedMissing.add(rel + '\0' + key)) {
                return;
            }
        }
        Map<String, Object> props = new HashMap<>();
        props.put(Topics.REPOSITORY, workTree.toString());
        props.put(Topics.PATH, RawPaths.display(rel));
        props.put(Topics.CHANGE, "missing-content");
        props.put(Topics.KEY, key.toString());
        events.post(Topics.FILE_CHANGED, props);
    }

    /**
     * Compares a directory (and, if recursive, everything below it) with the index: files that are new or
     * whose size, mtime or mode differ are checked, index entries whose file is gone are removed.
     */
    private void scan(String relDir, boolean recursive) throws IOException {
        Path start = RawPaths.resolve(rootBytes, relDir);
        if (!Files.isDirectory(start, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        refreshSnapshot();
        Set<String> seen = new HashSet<>();
        List<String> changed = new ArrayList<>();
        List<String> newDirs = new ArrayList<>();
        Files.walkFileTree(start, EnumSet.noneOf(FileVisitOption.class), recursive ? Integer.MAX_VALUE : 1,
                new SimpleFileVisitor<Path>() {
                    @Override
                    public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                        return TreeWatcher.excluded(RawPaths.relative(rootBytes, dir)) ? FileVisitResult.SKIP_SUBTREE
                                : FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                        String rel = RawPaths.relative(rootBytes, file);
                        if (TreeWatcher.excluded(rel)) {
                            return FileVisitResult.CONTINUE;
                        }
                        if (attrs.isDirectory()) {
                            if (!tree.isWatched(rel) && !tree.unwatchedDirectories().contains(rel)) {
                                newDirs.add(rel);
                            }
                            return FileVisitResult.CONTINUE;
                        }
                        seen.add(rel);
                        DirCacheEntry e = indexEntry(rel);
                        PosixFileAttributes a;
                        try {
                            a = Files.readAttributes(file, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                        } catch (NoSuchFileException gone) {
                            return FileVisitResult.CONTINUE;
                        }
                        if (e != null && statMatches(e, a)) {
                            checkContent(rel, file, a, e);
                        } else if (!a.isOther()) {
                            changed.add(rel);
                        }
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFileFailed(Path file, IOException e) {
                        return FileVisitResult.CONTINUE;
                    }
                });
        List<String> gone = new ArrayList<>();
        for (int i = 0; i < snapshot.getEntryCount(); i++) {
            DirCacheEntry e = snapshot.getEntry(i);
            String rel = RawPaths.rawString(e.getRawPath());
            if (!RawPaths.isUnder(rel, relDir) || rel.equals(relDir) || seen.contains(rel)
                    || e.getFileMode() == FileMode.GITLINK || TreeWatcher.excluded(rel)) {
                continue;
            }
            if (!recursive && rel.indexOf('/', relDir.isEmpty() ? 0 : relDir.length() + 1) >= 0) {
                continue;
            }
            if (!Files.exists(RawPaths.resolve(rootBytes, rel), LinkOption.NOFOLLOW_LINKS)) {
                gone.add(rel);
            }
        }
        long now = System.nanoTime();
        synchronized (this) {
            for (String rel : changed) {
                pending.putIfAbsent(rel, new Pending(now, false));
            }
            for (String rel : gone) {
                ops.add(new IndexOp.Remove(rel));
            }
            if (!changed.isEmpty() || !gone.isEmpty()) {
                touch(now);
            }
        }
        for (String dir : newDirs) {
            tree.watchTree(dir);
            scan(dir, true);
        }
    }

    // ---- committing ----

    private void maybeCommit(boolean force) throws IOException {
        List<IndexOp> batch;
        synchronized (this) {
            if (ops.isEmpty() && !commitIndex) {
                return;
            }
            long now = System.nanoTime();
            // A lone change goes out at once; once a burst is under way, a longer lull is waited for, so that
            // thousands of files become a few commits (each commit is pushed, merged and scanned elsewhere).
            long window = ops.size() + pending.size() <= BURST ? settings.batchWindowMillis : settings.burstWindowMillis;
            boolean quiet = now - lastChangeNanos >= window * 1_000_000L && !anyDue(now);
            boolean old = now - firstChangeNanos >= settings.maxBatchMillis * 1_000_000L;
            if (!force && !quiet && !old) {
                return;
            }
            batch = new ArrayList<>(ops);
            ops.clear();
            firstChangeNanos = pending.isEmpty() ? 0 : now;
        }
        try {
            commit(batch);
        } catch (LockFailedException e) {
            LOG.info("index of {} is locked (git running?); committing later", workTree);
            synchronized (this) {
                ops.addAll(0, batch);
            }
        }
    }

    /** A backlog of settled files still to be looked at: they belong in the same commit. */
    private boolean anyDue(long now) {
        for (Pending p : pending.values()) {
            if (p.dueNanos <= now) {
                return true;
            }
        }
        return false;
    }

    private void commit(List<IndexOp> batch) throws IOException {
        DirCache dc = git.lockDirCache();
        List<String> recheck = new ArrayList<>();
        List<String> rescan = new ArrayList<>();
        Set<String> paths = new HashSet<>();
        ObjectId commitId;
        try {
            TreeMap<String, DirCacheEntry> index = new TreeMap<>();
            for (int i = 0; i < dc.getEntryCount(); i++) {
                DirCacheEntry e = dc.getEntry(i);
                if (e.getStage() != DirCacheEntry.STAGE_0) {
                    LOG.warn("index of {} has unmerged entries ({}); not committing until they are resolved",
                            workTree, e.getPathString());
                    synchronized (this) {
                        ops.addAll(0, batch);
                    }
                    return;
                }
                index.put(RawPaths.rawString(e.getRawPath()), e);
            }
            for (IndexOp op : batch) {
                op.apply(index, recheck::add, rescan::add);
                paths.add(op.path());
            }
            DirCacheBuilder b = dc.builder();
            for (DirCacheEntry e : index.values()) {
                b.add(e);
            }
            b.finish();
            try (ObjectInserter ins = git.newObjectInserter(); RevWalk rw = new RevWalk(git)) {
                ObjectId treeId = dc.writeTree(ins);
                ObjectId head = git.resolve(Constants.HEAD + "^{commit}");
                if (head != null && rw.parseCommit(head).getTree().equals(treeId)) {
                    dc.write();
                    dc.commit();
                    synchronized (this) {
                        commitIndex = false;
                    }
                    return;
                }
                PersonIdent ident = new PersonIdent(git);
                CommitBuilder cb = new CommitBuilder();
                cb.setTreeId(treeId);
                if (head != null) {
                    cb.setParentId(head);
                }
                cb.setAuthor(ident);
                cb.setCommitter(ident);
                String message = "git-annex in " + annex.description();
                cb.setMessage(message);
                commitId = ins.insert(cb);
                ins.flush();
                dc.write();
                dc.commit();
                RefUpdate ru = git.updateRef(Constants.HEAD);
                ru.setNewObjectId(commitId);
                ru.setExpectedOldObjectId(head != null ? head : ObjectId.zeroId());
                ru.setRefLogMessage("commit: " + message, false);
                RefUpdate.Result r = ru.update(rw);
                if (r != RefUpdate.Result.NEW && r != RefUpdate.Result.FAST_FORWARD && r != RefUpdate.Result.FORCED) {
                    // The index holds the changes; the next round commits them on top of whatever HEAD is then.
                    LOG.warn("HEAD of {} moved while committing ({}); committing again", workTree, r);
                    synchronized (this) {
                        commitIndex = true;
                    }
                    return;
                }
            }
        } finally {
            dc.unlock();
        }
        synchronized (this) {
            commitIndex = false;
            long now = System.nanoTime();
            for (String rel : recheck) {
                pending.putIfAbsent(rel, new Pending(now, false));
            }
            scanRequests.addAll(rescan);
        }
        annex.commitJournal();
        lastCommit = commitId.name();
        lastCommitTime = Instant.now();
        lastCommitFiles = paths.size();
        commits++;
        LOG.debug("committed {} ({} paths) in {}", commitId.name(), paths.size(), workTree);
        Map<String, Object> props = new HashMap<>();
        props.put(Topics.REPOSITORY, workTree.toString());
        props.put(Topics.COMMIT, commitId.name());
        props.put(Topics.FILES, paths.size());
        events.post(Topics.WORKTREE_COMMITTED, props);
    }

    /** Stops watching; what is staged is committed, what is still settling is found by the next start's scan. */
    @Override
    public void close() {
        stopped = true;
        tree.close();
        processor.interrupt();
        try {
            processor.join(30_000);
            maybeCommit(true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException | RuntimeException e) {
            LOG.warn("last commit of {} failed: {}", workTree, e.toString());
        }
    }

    /** For tests and the console: the commit the last batch made. */
    RevCommit lastCommitObject() throws IOException {
        String c = lastCommit;
        if (c == null) {
            return null;
        }
        try (RevWalk rw = new RevWalk(git)) {
            return rw.parseCommit(ObjectId.fromString(c));
        }
    }
}
