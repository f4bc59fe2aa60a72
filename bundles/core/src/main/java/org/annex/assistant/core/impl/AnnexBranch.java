package org.annex.assistant.core.impl;

import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.function.BiConsumer;
import java.util.function.Predicate;

import org.annex.assistant.api.annex.Key;
import org.annex.assistant.api.annex.LocationLogPath;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * The git-annex branch, read and written with JGit plumbing only: no work tree, no git index of the user.
 * Readers see the journal first, then the branch. The branch tree's path-to-blob map is loaded once per
 * branch commit, so reading the logs of many keys costs one tree walk and one blob read each.
 */
public final class AnnexBranch {
    public static final String REF = "refs/heads/git-annex";
    private static final String MERGED_REFS = "mergedrefs";
    /** Inflating log blobs is CPU-bound: more threads than this rarely pay on the machines we run on. */
    private static final int READ_THREADS = 4;

    private final Repository repo;
    private final Path annexDir;
    private final Journal journal;
    private volatile TreeIndex index;

    /** A branch commit with the blob of every file in its tree. */
    private static final class TreeIndex {
        final ObjectId commit;
        final ObjectId tree;
        final Map<String, ObjectId> blobs;

        TreeIndex(ObjectId commit, ObjectId tree, Map<String, ObjectId> blobs) {
            this.commit = commit;
            this.tree = tree;
            this.blobs = blobs;
        }
    }

    /**
     * For another repository's branch, which its own daemon moves between any two of our reads: single
     * files are looked up in the current tree instead of loading the whole tree's map, and read as the
     * merge of that branch with the git-annex branches pushed to it and not merged yet. A journal file we
     * write there replaces the branch's file when that daemon commits, so it must already hold what those
     * pushes bring, as git-annex makes sure by merging them before it writes.
     */
    private final boolean foreign;

    AnnexBranch(Repository repo, Path annexDir) {
        this(repo, annexDir, false);
    }

    AnnexBranch(Repository repo, Path annexDir, boolean foreign) {
        this.repo = repo;
        this.annexDir = annexDir;
        this.journal = new Journal(annexDir);
        this.foreign = foreign;
    }

    Repository repository() {
        return repo;
    }

    Journal journal() {
        return journal;
    }

    ObjectId head() throws IOException {
        ObjectId loose = looseHead();
        if (loose != null) {
            return loose;
        }
        Ref ref = repo.exactRef(REF);
        return ref == null ? null : ref.getObjectId();
    }

    /**
     * The branch tip from its loose ref file, read directly: readers ask for it on every log read, and
     * JGit's ref lookup costs far more than reading 41 bytes. Null when the ref is not a plain loose one.
     */
    private ObjectId looseHead() {
        File file = new File(repo.getDirectory(), REF);
        if (!file.isFile()) {
            return null;
        }
        byte[] buf = new byte[Constants.OBJECT_ID_STRING_LENGTH + 1];
        int n = 0;
        try (FileInputStream in = new FileInputStream(file)) {
            for (int r; n < buf.length && (r = in.read(buf, n, buf.length - n)) > 0;) {
                n += r;
            }
        } catch (IOException e) {
            return null;
        }
        if (n < Constants.OBJECT_ID_STRING_LENGTH || (n > Constants.OBJECT_ID_STRING_LENGTH && buf[n - 1] != '\n')) {
            return null;
        }
        try {
            return ObjectId.fromString(buf, 0);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Creates the branch ("branch created", empty tree) unless it exists. Returns whether it did. */
    boolean create() throws IOException {
        if (head() != null) {
            return false;
        }
        try (ObjectInserter ins = repo.newObjectInserter()) {
            ObjectId empty = ins.insert(Constants.OBJ_TREE, new byte[0]);
            ObjectId commit = commit(ins, empty, Collections.emptyList(), "branch created");
            updateRef(commit, ObjectId.zeroId(), "git-annex: branch created");
        }
        return true;
    }

    private TreeIndex index() throws IOException {
        ObjectId head = head();
        TreeIndex current = index;
        if (head == null) {
            return new TreeIndex(null, null, Collections.emptyMap());
        }
        if (current != null && current.commit.equals(head)) {
            return current;
        }
        try (RevWalk walk = new RevWalk(repo)) {
            RevCommit c = walk.parseCommit(head);
            ObjectReader reader = walk.getObjectReader();
            Map<String, ObjectId> blobs;
            if (current != null) {
                // Moved on (a push into it, git-annex's own commit): only the paths that differ are read.
                blobs = new HashMap<>(current.blobs);
                diff(reader, current.tree, c.getTree(), (path, before, after) -> {
                    if (after == null) {
                        blobs.remove(path);
                    } else {
                        blobs.put(path, after);
                    }
                });
            } else {
                blobs = treeBlobs(reader, c.getTree());
            }
            current = new TreeIndex(head.copy(), c.getTree().copy(), blobs);
        }
        index = current;
        return current;
    }

    interface DiffVisitor {
        /** A file that differs: its blob in the first tree and in the second, null where it is missing. */
        void differs(String path, ObjectId before, ObjectId after) throws IOException;
    }

    /** The files that differ between two trees; identical subtrees are skipped without being read. */
    static void diff(ObjectReader reader, ObjectId from, ObjectId to, DiffVisitor visitor) throws IOException {
        try (TreeWalk tw = new TreeWalk(reader)) {
            if (from == null) {
                tw.addTree(new org.eclipse.jgit.treewalk.EmptyTreeIterator());
            } else {
                tw.addTree(from);
            }
            tw.addTree(to);
            tw.setRecursive(true);
            tw.setFilter(org.eclipse.jgit.treewalk.filter.TreeFilter.ANY_DIFF);
            while (tw.next()) {
                ObjectId before = tw.getFileMode(0) == FileMode.MISSING ? null : tw.getObjectId(0);
                ObjectId after = tw.getFileMode(1) == FileMode.MISSING ? null : tw.getObjectId(1);
                visitor.differs(tw.getPathString(), before, after);
            }
        }
    }

    private static Map<String, ObjectId> treeBlobs(ObjectReader reader, ObjectId tree) throws IOException {
        Map<String, ObjectId> blobs = new HashMap<>();
        try (TreeWalk tw = new TreeWalk(reader)) {
            tw.addTree(tree);
            tw.setRecursive(true);
            while (tw.next()) {
                blobs.put(tw.getPathString(), tw.getObjectId(0));
            }
        }
        return blobs;
    }

    /** A branch file as git-annex sees it: the journal's copy if there is one, else the branch's, else null. */
    byte[] read(String path) throws IOException {
        byte[] journalled = journal.read(path);
        return journalled != null ? journalled : readCommitted(path);
    }

    byte[] readCommitted(String path) throws IOException {
        if (foreign) {
            return readMerged(path);
        }
        ObjectId blob = index().blobs.get(path);
        if (blob == null) {
            return null;
        }
        try (ObjectReader reader = repo.newObjectReader()) {
            return reader.open(blob, Constants.OBJ_BLOB).getCachedBytes(Integer.MAX_VALUE);
        }
    }

    /** A file as the union merge of the branch and every incoming git-annex branch would have it. */
    private byte[] readMerged(String path) throws IOException {
        List<ObjectId> tips = new ArrayList<>();
        ObjectId head = head();
        if (head != null) {
            tips.add(head);
        }
        for (Ref r : repo.getRefDatabase().getRefsByPrefix("refs/heads/synced/git-annex", Constants.R_REMOTES)) {
            if (r.getObjectId() != null && r.getName().endsWith("/git-annex")) {
                tips.add(r.getObjectId());
            }
        }
        List<byte[]> versions = new ArrayList<>();
        try (RevWalk walk = new RevWalk(repo)) {
            ObjectReader reader = walk.getObjectReader();
            for (ObjectId tip : tips) {
                try (TreeWalk tw = TreeWalk.forPath(reader, path, walk.parseCommit(tip).getTree())) {
                    if (tw != null) {
                        versions.add(reader.open(tw.getObjectId(0), Constants.OBJ_BLOB).getCachedBytes(Integer.MAX_VALUE));
                    }
                } catch (org.eclipse.jgit.errors.MissingObjectException e) {
                    // A ref whose objects are not all here (a push under way): its turn comes at the merge.
                }
            }
        }
        if (versions.size() <= 1) {
            return versions.isEmpty() ? null : versions.get(0);
        }
        return joinLines(lineUnion(versions));
    }

    /**
     * Calls {@code visitor} with the content of every branch file whose path passes {@code filter}, the
     * journal's copy winning: one tree walk, one reader and one journal listing for the whole branch.
     */
    void forEach(Predicate<String> filter, BiConsumer<String, byte[]> visitor) throws IOException {
        Map<String, byte[]> journalled = new HashMap<>();
        for (String p : journal.list()) {
            if (filter.test(p)) {
                byte[] content = journal.read(p);
                if (content != null) {
                    journalled.put(p, content);
                }
            }
        }
        try (ObjectReader reader = repo.newObjectReader()) {
            for (Map.Entry<String, ObjectId> e : index().blobs.entrySet()) {
                String path = e.getKey();
                if (filter.test(path) && !journalled.containsKey(path)) {
                    visitor.accept(path, reader.open(e.getValue(), Constants.OBJ_BLOB).getCachedBytes(Integer.MAX_VALUE));
                }
            }
        }
        journalled.forEach(visitor);
    }

    /**
     * The present uuids of every location log in a branch commit's tree (the journal is not consulted):
     * the blobs, delta-compressed in packs, are inflated by several threads, each with its own reader.
     */
    Map<Key, Set<String>> readAllLocationLogs(ObjectId commit, LocationLogScan scan) throws IOException {
        List<String> paths = new ArrayList<>();
        List<ObjectId> blobs = new ArrayList<>();
        try (RevWalk walk = new RevWalk(repo); TreeWalk tw = new TreeWalk(walk.getObjectReader())) {
            tw.addTree(walk.parseCommit(commit).getTree());
            tw.setRecursive(true);
            while (tw.next()) {
                String path = tw.getPathString();
                if (LocationLogPath.hasShape(path)) {
                    paths.add(path);
                    blobs.add(tw.getObjectId(0));
                }
            }
        }
        int threads = Math.max(1, Math.min(READ_THREADS, Math.min(Runtime.getRuntime().availableProcessors(), paths.size() / 1000)));
        List<Map<Key, Set<String>>> parts = new ArrayList<>();
        List<Future<?>> running = new ArrayList<>();
        ExecutorService pool = threads > 1 ? Executors.newFixedThreadPool(threads - 1, r -> {
            Thread t = new Thread(r, "annex-branch-read");
            t.setDaemon(true);
            return t;
        }) : null;
        try {
            Future<?> first = null;
            for (int i = 0; i < threads; i++) {
                int from = paths.size() * i / threads;
                int to = paths.size() * (i + 1) / threads;
                Map<Key, Set<String>> part = new HashMap<>((to - from) * 4 / 3 + 1);
                parts.add(part);
                Callable<Void> task = () -> {
                    readLogs(paths.subList(from, to), blobs.subList(from, to), scan, part);
                    return null;
                };
                if (i == 0) {
                    first = new FutureTask<>(task);
                } else {
                    running.add(pool.submit(task));
                }
            }
            ((FutureTask<?>) first).run();
            running.add(0, first);
            for (Future<?> f : running) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while reading the git-annex branch");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException) {
                throw (IOException) e.getCause();
            }
            throw new IOException("cannot read the git-annex branch", e.getCause());
        } finally {
            if (pool != null) {
                pool.shutdownNow();
            }
        }
        Map<Key, Set<String>> out = parts.get(0);
        for (int i = 1; i < parts.size(); i++) {
            out.putAll(parts.get(i));
        }
        return out;
    }

    private void readLogs(List<String> paths, List<ObjectId> blobs, LocationLogScan scan, Map<Key, Set<String>> into)
            throws IOException {
        try (ObjectReader reader = repo.newObjectReader()) {
            for (int i = 0; i < paths.size(); i++) {
                String path = paths.get(i);
                Key key = LocationLogPath.keyOf(path).orElse(null);
                if (key != null) {
                    byte[] content = reader.open(blobs.get(i), Constants.OBJ_BLOB).getCachedBytes(Integer.MAX_VALUE);
                    into.put(key, scan.present(content, path));
                }
            }
        }
    }

    /** Paths of all committed branch files (the journal may add more). */
    Set<String> committedPaths() throws IOException {
        return Collections.unmodifiableSet(index().blobs.keySet());
    }

    /** Commits every journal file in one commit "update" on top of the branch, then empties the journal. */
    boolean commitJournal() throws IOException {
        // The objects for what the journal holds now are written before taking the lock, so transfers
        // recording locations meanwhile wait only for what changed since and the move of the branch.
        TreeIndex base = index();
        JournalSnapshot snapshot = new JournalSnapshot(true);
        ObjectId prepared = null;
        if (!snapshot.blobs.isEmpty()) {
            try (ObjectReader reader = repo.newObjectReader(); ObjectInserter ins = repo.newObjectInserter()) {
                prepared = TreeEdits.apply(reader, ins, base.tree, snapshot.blobs);
                ins.flush();
            }
        }
        ObjectId preparedTree = prepared;
        return journal.locked(() -> {
            if (preparedTree != null && java.util.Objects.equals(head(), base.commit)) {
                try {
                    return commitPrepared(base, snapshot, preparedTree);
                } catch (BranchMoved e) {
                    // Fall through: done again from the new tip.
                }
            }
            return retryingWhenMoved(this::commitJournalLocked);
        });
    }

    /**
     * The journal's files as they were when read, and their blobs, written without the lock. Under the
     * lock, {@link #changedSince} gives the files written or changed after that.
     */
    private final class JournalSnapshot {
        final Map<String, byte[]> contents = new HashMap<>();
        final Map<String, ObjectId> blobs = new TreeMap<>();

        /** @param read false for an empty snapshot: every journal file then counts as written since */
        JournalSnapshot(boolean read) throws IOException {
            if (!read) {
                return;
            }
            try (ObjectInserter ins = repo.newObjectInserter()) {
                for (String p : journal.list()) {
                    byte[] content = journal.read(p);
                    if (content != null) {
                        contents.put(p, content);
                        blobs.put(p, ins.insert(Constants.OBJ_BLOB, content));
                    }
                }
                ins.flush();
            }
        }

        /** Call under the lock: the journal's files now, those unchanged since the snapshot left out. */
        Map<String, byte[]> changedSince(List<String> paths) throws IOException {
            Map<String, byte[]> out = new TreeMap<>();
            for (String p : paths) {
                byte[] content = journal.read(p);
                if (content != null && !Arrays.equals(content, contents.get(p))) {
                    out.put(p, content);
                }
            }
            return out;
        }
    }

    /** Under the lock, the branch still at {@code base}: the prepared tree plus what the journal got since. */
    private boolean commitPrepared(TreeIndex base, JournalSnapshot snapshot, ObjectId preparedTree) throws IOException {
        List<String> paths = journal.list();
        Map<String, ObjectId> changes = new TreeMap<>(snapshot.blobs);
        ObjectId tree = preparedTree;
        try (ObjectReader reader = repo.newObjectReader(); ObjectInserter ins = repo.newObjectInserter()) {
            Map<String, byte[]> later = snapshot.changedSince(paths);
            if (!later.isEmpty() || tree == null) {
                Map<String, ObjectId> laterBlobs = new TreeMap<>();
                for (Map.Entry<String, byte[]> e : later.entrySet()) {
                    laterBlobs.put(e.getKey(), ins.insert(Constants.OBJ_BLOB, e.getValue()));
                }
                tree = TreeEdits.apply(reader, ins, preparedTree, laterBlobs);
                changes.putAll(laterBlobs);
            }
            ObjectId parent = base.commit;
            ObjectId commit = commit(ins, tree, parent == null ? List.of() : List.of(parent), "update");
            updateRef(commit, parent == null ? ObjectId.zeroId() : parent, "update");
            Map<String, ObjectId> blobs = new HashMap<>(base.blobs);
            blobs.putAll(changes);
            index = new TreeIndex(commit, tree, blobs);
        }
        for (String p : paths) {
            journal.remove(p);
        }
        return true;
    }

    /**
     * Runs a branch update again when a neighbour's push moved the branch between our read and our
     * compare-and-swap (a push only fast-forwards it, so starting over from the new tip loses nothing).
     */
    private static <T> T retryingWhenMoved(Journal.IOAction<T> update) throws IOException {
        for (int attempt = 1;; attempt++) {
            try {
                return update.run();
            } catch (BranchMoved e) {
                if (attempt >= 5) {
                    throw e;
                }
            }
        }
    }

    /** The branch was moved by someone else between reading and updating it. */
    private static final class BranchMoved extends IOException {
        private static final long serialVersionUID = 1L;

        BranchMoved(String message) {
            super(message);
        }
    }

    /** Under the lock: every journal file committed on the branch tip as it is now. */
    private boolean commitJournalLocked() throws IOException {
        if (journal.list().isEmpty()) {
            return false;
        }
        TreeIndex base = index();
        return commitPrepared(base, new JournalSnapshot(false), base.tree);
    }

    private ObjectId commit(ObjectInserter ins, ObjectId tree, List<ObjectId> parents, String message) throws IOException {
        CommitBuilder cb = new CommitBuilder();
        PersonIdent me = new PersonIdent(repo);
        cb.setAuthor(me);
        cb.setCommitter(me);
        cb.setTreeId(tree);
        cb.setParentIds(parents);
        cb.setMessage(message);
        ObjectId id = ins.insert(cb);
        ins.flush();
        return id;
    }

    /** Compare-and-swap: fails if someone else (git-annex) moved the branch meanwhile. */
    private void updateRef(ObjectId to, ObjectId expected, String reason) throws IOException {
        RefUpdate u = repo.updateRef(REF);
        u.setExpectedOldObjectId(expected);
        u.setNewObjectId(to);
        u.setRefLogMessage(reason, false);
        u.setForceUpdate(true);
        RefUpdate.Result r = u.update();
        switch (r) {
            case NEW: case FORCED: case FAST_FORWARD: case NO_CHANGE:
                return;
            case LOCK_FAILURE: case REJECTED:
                throw new BranchMoved("could not move " + REF + " to " + to.name() + " (" + r
                        + "): it changed meanwhile");
            default:
                throw new IOException("could not move " + REF + " to " + to.name() + " (" + r
                        + "): it changed meanwhile; the journal is kept and the next commit retries");
        }
    }

    /**
     * Union-merges other git-annex branches as git-annex does: per file the sorted unique union of the
     * lines (byte order), a side's blob reused when it already is that union, one-side files as they are;
     * the journal's files join the merge commit, each unioned with what the other sides bring to it.
     *
     * <p>The union is worked out from the branch tip without the journal lock, reading only the files
     * that differ; the lock is held just to fold in the journal and move the branch, so transfers
     * recording locations (ours and other daemons') are not held up by merges. If the branch moved
     * meanwhile, the union is worked out again.
     */
    boolean merge(Iterable<String> refNames) throws IOException {
        for (int attempt = 1;; attempt++) {
            PreparedMerge prepared = prepareMerge(refNames);
            JournalSnapshot snapshot = prepared.parents.isEmpty() ? null : new JournalSnapshot(true);
            Boolean done = journal.locked(() -> finishMerge(prepared, snapshot));
            if (done != null) {
                return done;
            }
            if (attempt >= 5) {
                throw new IOException("could not merge into " + REF + ": it kept moving meanwhile");
            }
        }
    }

    /** A merge worked out from one branch tip, not yet committed. */
    private static final class PreparedMerge {
        TreeIndex base;
        RevCommit head;
        final List<ObjectId> parents = new ArrayList<>();
        final List<String> names = new ArrayList<>();
        final Map<String, ObjectId> recorded = new LinkedHashMap<>();
        /** The merged tree before the journal joins it, and the files that differ from the tip's tree. */
        ObjectId tree;
        final Map<String, ObjectId> changes = new TreeMap<>();
        /** Per differing file, the other sides' blobs: a journal file there is unioned with them. */
        final Map<String, List<ObjectId>> theirs = new HashMap<>();
    }

    private PreparedMerge prepareMerge(Iterable<String> refNames) throws IOException {
        PreparedMerge m = new PreparedMerge();
        m.base = index();
        try (RevWalk walk = new RevWalk(repo); ObjectInserter ins = repo.newObjectInserter()) {
            ObjectReader reader = walk.getObjectReader();
            m.head = m.base.commit == null ? null : walk.parseCommit(m.base.commit);
            List<RevCommit> others = new ArrayList<>();
            for (String name : refNames) {
                Ref ref = repo.findRef(name);
                if (ref == null || ref.getObjectId() == null) {
                    throw new IOException("no such ref to merge: " + name);
                }
                RevCommit other = walk.parseCommit(ref.getObjectId());
                m.recorded.put(ref.getName(), other.copy());
                if (m.head != null && walk.isMergedInto(other, m.head)) {
                    continue;
                }
                if (m.parents.stream().anyMatch(other::equals)) {
                    continue;
                }
                m.parents.add(other.copy());
                others.add(other);
                m.names.add(Repository.shortenRefName(ref.getName()));
            }
            if (others.isEmpty()) {
                return m;
            }
            ObjectId ourTree = m.head == null ? others.get(0).getTree() : m.head.getTree();
            for (RevCommit other : m.head == null ? others.subList(1, others.size()) : others) {
                diff(reader, ourTree, other.getTree(), (path, mine, theirs) -> {
                    if (theirs == null) {
                        return;
                    }
                    m.theirs.computeIfAbsent(path, x -> new ArrayList<>()).add(theirs);
                    ObjectId current = m.changes.containsKey(path) ? m.changes.get(path) : mine;
                    m.changes.put(path, current == null ? theirs : unionBlob(reader, ins, current, theirs));
                });
            }
            m.tree = TreeEdits.apply(reader, ins, ourTree, m.changes);
            ins.flush();
        }
        return m;
    }

    /** Under the journal lock: commits the prepared merge with the journal; null if the branch moved. */
    private Boolean finishMerge(PreparedMerge m, JournalSnapshot snapshot) throws IOException {
        if (!java.util.Objects.equals(head(), m.base.commit)) {
            return null;
        }
        if (m.parents.isEmpty()) {
            recordMerged(m.recorded);
            return false;
        }
        List<String> paths = journal.list();
        String message = mergeMessage(m.names);
        try (RevWalk walk = new RevWalk(repo); ObjectInserter ins = repo.newObjectInserter()) {
            ObjectReader reader = walk.getObjectReader();
            boolean fastForward = m.parents.size() == 1 && (m.head == null
                    || walk.isMergedInto(walk.parseCommit(m.head), walk.parseCommit(m.parents.get(0))));
            Map<String, ObjectId> journalled = new TreeMap<>();
            Map<String, byte[]> later = snapshot.changedSince(paths);
            for (String p : paths) {
                ObjectId blob;
                if (later.containsKey(p)) {
                    blob = ins.insert(Constants.OBJ_BLOB, later.get(p));
                } else if (snapshot.blobs.containsKey(p)) {
                    blob = snapshot.blobs.get(p);
                } else {
                    continue;
                }
                // The journal's file replaces ours, then meets the other sides' versions in the union.
                for (ObjectId other : m.theirs.getOrDefault(p, List.of())) {
                    blob = unionBlob(reader, ins, blob, other);
                }
                journalled.put(p, blob);
            }
            ObjectId target;
            ObjectId tree;
            if (fastForward && journalled.isEmpty()) {
                target = m.parents.get(0);
                tree = walk.parseCommit(target).getTree().copy();
            } else {
                ObjectId mergedTree = fastForward ? walk.parseCommit(m.parents.get(0)).getTree() : m.tree;
                tree = TreeEdits.apply(reader, ins, mergedTree, journalled);
                List<ObjectId> all = new ArrayList<>();
                if (m.head != null) {
                    all.add(m.head);
                }
                all.addAll(m.parents);
                target = commit(ins, tree, all, message);
            }
            try {
                updateRef(target, m.head == null ? ObjectId.zeroId() : m.head, message);
            } catch (BranchMoved e) {
                return null;
            }
            if (m.head != null && !fastForward) {
                // Exactly the tip's files plus what changed: readers go on without comparing trees.
                Map<String, ObjectId> blobs = new HashMap<>(m.base.blobs);
                blobs.putAll(m.changes);
                blobs.putAll(journalled);
                index = new TreeIndex(target.copy(), tree.copy(), blobs);
            }
        }
        for (String p : paths) {
            journal.remove(p);
        }
        recordMerged(m.recorded);
        return true;
    }

    private static String mergeMessage(List<String> names) {
        return "merging " + String.join(" ", names) + " into git-annex";
    }

    private static ObjectId unionBlob(ObjectReader reader, ObjectInserter ins, ObjectId a, ObjectId b) throws IOException {
        byte[] ca = reader.open(a, Constants.OBJ_BLOB).getCachedBytes(Integer.MAX_VALUE);
        byte[] cb = reader.open(b, Constants.OBJ_BLOB).getCachedBytes(Integer.MAX_VALUE);
        TreeSet<byte[]> union = lineUnion(List.of(ca, cb));
        // A side whose lines, sorted and deduplicated, already are the union is reused as it is.
        if (lineUnion(List.of(ca)).size() == union.size()) {
            return a;
        }
        if (lineUnion(List.of(cb)).size() == union.size()) {
            return b;
        }
        return ins.insert(Constants.OBJ_BLOB, joinLines(union));
    }

    /** The sorted (byte order), unique lines of some files' contents. */
    private static TreeSet<byte[]> lineUnion(List<byte[]> contents) {
        TreeSet<byte[]> union = new TreeSet<>(Arrays::compareUnsigned);
        for (byte[] c : contents) {
            union.addAll(rawLines(c));
        }
        return union;
    }

    private static byte[] joinLines(Iterable<byte[]> lines) {
        int size = 0;
        for (byte[] l : lines) {
            size += l.length + 1;
        }
        byte[] out = new byte[size];
        int pos = 0;
        for (byte[] l : lines) {
            System.arraycopy(l, 0, out, pos, l.length);
            pos += l.length;
            out[pos++] = '\n';
        }
        return out;
    }

    /** Lines split like Haskell's {@code lines}: a final newline ends the last line, an empty file has none. */
    static List<byte[]> rawLines(byte[] content) {
        List<byte[]> out = new ArrayList<>();
        int start = 0;
        while (start < content.length) {
            int nl = start;
            while (nl < content.length && content[nl] != '\n') {
                nl++;
            }
            out.add(Arrays.copyOfRange(content, start, nl));
            start = nl + 1;
        }
        return out;
    }

    /** {@code .git/annex/mergedrefs}: {@code sha<TAB>ref} per merged ref, as git-annex keeps it. */
    private void recordMerged(Map<String, ObjectId> refs) throws IOException {
        if (refs.isEmpty()) {
            return;
        }
        Path file = annexDir.resolve(MERGED_REFS);
        Map<String, String> lines = new LinkedHashMap<>();
        if (Files.exists(file)) {
            for (String l : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                int tab = l.indexOf('\t');
                if (tab > 0) {
                    lines.put(l.substring(tab + 1), l.substring(0, tab));
                }
            }
        }
        refs.forEach((name, id) -> lines.put(name, id.name()));
        StringBuilder b = new StringBuilder();
        lines.forEach((name, sha) -> b.append(sha).append('\t').append(name).append('\n'));
        Path tmp = Files.createTempFile(annexDir, "mergedrefs", ".tmp");
        Files.writeString(tmp, b.toString());
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
