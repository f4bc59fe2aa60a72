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
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheBuilder;
import org.eclipse.jgit.dircache.DirCacheEditor;
import org.eclipse.jgit.dircache.DirCacheEntry;
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
     * Whether reads of single files look the path up in the current tree instead of loading the whole
     * tree's map: for another repository's branch, which its own daemon moves between any two of our reads.
     */
    private final boolean pointReads;

    AnnexBranch(Repository repo, Path annexDir) {
        this(repo, annexDir, false);
    }

    AnnexBranch(Repository repo, Path annexDir, boolean pointReads) {
        this.repo = repo;
        this.annexDir = annexDir;
        this.journal = new Journal(annexDir);
        this.pointReads = pointReads;
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
            current = new TreeIndex(head.copy(), c.getTree().copy(), treeBlobs(walk.getObjectReader(), c.getTree()));
        }
        index = current;
        return current;
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
        ObjectId blob = pointReads ? lookUp(path) : index().blobs.get(path);
        if (blob == null) {
            return null;
        }
        try (ObjectReader reader = repo.newObjectReader()) {
            return reader.open(blob, Constants.OBJ_BLOB).getCachedBytes(Integer.MAX_VALUE);
        }
    }

    private ObjectId lookUp(String path) throws IOException {
        ObjectId head = head();
        if (head == null) {
            return null;
        }
        try (RevWalk walk = new RevWalk(repo); TreeWalk tw = TreeWalk.forPath(walk.getObjectReader(), path, walk.parseCommit(head).getTree())) {
            return tw == null ? null : tw.getObjectId(0);
        }
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
                if (Locations.isLogPath(path)) {
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
                Key key = Locations.keyOf(path);
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
        return journal.locked(() -> {
            List<String> paths = journal.list();
            if (paths.isEmpty()) {
                return false;
            }
            TreeIndex base = index();
            ObjectId parent = base.commit;
            Map<String, ObjectId> changes = new LinkedHashMap<>();
            try (ObjectInserter ins = repo.newObjectInserter()) {
                for (String p : paths) {
                    byte[] content = journal.read(p);
                    if (content != null) {
                        changes.put(p, ins.insert(Constants.OBJ_BLOB, content));
                    }
                }
                ObjectId tree = writeTree(ins, base.tree, changes);
                ObjectId commit = commit(ins, tree, parent == null ? List.of() : List.of(parent), "update");
                updateRef(commit, parent == null ? ObjectId.zeroId() : parent, "update");
                // Readers go on from the new commit without walking its whole tree again.
                Map<String, ObjectId> blobs = new HashMap<>(base.blobs);
                blobs.putAll(changes);
                index = new TreeIndex(commit, tree, blobs);
            }
            for (String p : paths) {
                journal.remove(p);
            }
            return true;
        });
    }

    private ObjectId writeTree(ObjectInserter ins, ObjectId baseTree, Map<String, ObjectId> changes) throws IOException {
        DirCache dc = DirCache.newInCore();
        if (baseTree != null) {
            DirCacheBuilder b = dc.builder();
            try (ObjectReader reader = repo.newObjectReader()) {
                b.addTree(new byte[0], DirCacheEntry.STAGE_0, reader, baseTree);
            }
            b.finish();
        }
        DirCacheEditor ed = dc.editor();
        for (Map.Entry<String, ObjectId> e : changes.entrySet()) {
            ed.add(new DirCacheEditor.PathEdit(e.getKey()) {
                @Override
                public void apply(DirCacheEntry ent) {
                    ent.setFileMode(FileMode.REGULAR_FILE);
                    ent.setObjectId(e.getValue());
                }
            });
        }
        ed.finish();
        return dc.writeTree(ins);
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
            default:
                throw new IOException("could not move " + REF + " to " + to.name() + " (" + r
                        + "): it changed meanwhile; the journal is kept and the next commit retries");
        }
    }

    /**
     * Union-merges other git-annex branches as git-annex does: per file the sorted unique union of the
     * lines (byte order), a side's blob reused when it already is that union, one-side files as they are.
     * The journal is committed first so that its changes join the union instead of overriding it.
     */
    boolean merge(Iterable<String> refNames) throws IOException {
        // One hold of the lock for both steps: a journal file written between them (by another process
        // recording a location here) would be based on the branch before the merge, and committing it later
        // would drop what the merge brought to that file.
        return journal.locked(() -> {
            commitJournal();
            TreeIndex base = index();
            List<ObjectId> parents = new ArrayList<>();
            List<String> mergedNames = new ArrayList<>();
            Map<String, ObjectId> merged = new HashMap<>(base.blobs);
            Map<String, ObjectId> recorded = new LinkedHashMap<>();
            try (RevWalk walk = new RevWalk(repo); ObjectInserter ins = repo.newObjectInserter()) {
                ObjectReader reader = walk.getObjectReader();
                RevCommit head = base.commit == null ? null : walk.parseCommit(base.commit);
                for (String name : refNames) {
                    Ref ref = repo.findRef(name);
                    if (ref == null || ref.getObjectId() == null) {
                        throw new IOException("no such ref to merge: " + name);
                    }
                    RevCommit other = walk.parseCommit(ref.getObjectId());
                    recorded.put(ref.getName(), other.copy());
                    if (head != null && walk.isMergedInto(other, head)) {
                        continue;
                    }
                    if (parents.stream().anyMatch(other::equals)) {
                        continue;
                    }
                    parents.add(other);
                    mergedNames.add(Repository.shortenRefName(ref.getName()));
                    unionInto(merged, treeBlobs(reader, other.getTree()), reader, ins);
                }
                boolean moved = false;
                if (!parents.isEmpty()) {
                    ObjectId target;
                    if (head == null) {
                        target = parents.size() == 1 ? parents.get(0)
                                : commit(ins, writeFullTree(ins, merged), parents, mergeMessage(mergedNames));
                    } else if (parents.size() == 1 && walk.isMergedInto(head, walk.parseCommit(parents.get(0)))) {
                        target = parents.get(0);
                    } else {
                        List<ObjectId> all = new ArrayList<>();
                        all.add(head);
                        all.addAll(parents);
                        target = commit(ins, writeFullTree(ins, merged), all, mergeMessage(mergedNames));
                    }
                    updateRef(target, head == null ? ObjectId.zeroId() : head, mergeMessage(mergedNames));
                    moved = true;
                }
                recordMerged(recorded);
                return moved;
            }
        });
    }

    private static String mergeMessage(List<String> names) {
        return "merging " + String.join(" ", names) + " into git-annex";
    }

    private void unionInto(Map<String, ObjectId> into, Map<String, ObjectId> other, ObjectReader reader,
            ObjectInserter ins) throws IOException {
        for (Map.Entry<String, ObjectId> e : other.entrySet()) {
            ObjectId mine = into.get(e.getKey());
            if (mine == null) {
                into.put(e.getKey(), e.getValue());
            } else if (!mine.equals(e.getValue())) {
                into.put(e.getKey(), unionBlob(reader, ins, mine, e.getValue()));
            }
        }
    }

    private static ObjectId unionBlob(ObjectReader reader, ObjectInserter ins, ObjectId a, ObjectId b) throws IOException {
        List<byte[]> la = rawLines(reader.open(a, Constants.OBJ_BLOB).getCachedBytes(Integer.MAX_VALUE));
        List<byte[]> lb = rawLines(reader.open(b, Constants.OBJ_BLOB).getCachedBytes(Integer.MAX_VALUE));
        TreeSet<byte[]> union = new TreeSet<>(Arrays::compareUnsigned);
        union.addAll(la);
        union.addAll(lb);
        if (sameLines(union, la)) {
            return a;
        }
        if (sameLines(union, lb)) {
            return b;
        }
        int size = 0;
        for (byte[] l : union) {
            size += l.length + 1;
        }
        byte[] out = new byte[size];
        int pos = 0;
        for (byte[] l : union) {
            System.arraycopy(l, 0, out, pos, l.length);
            pos += l.length;
            out[pos++] = '\n';
        }
        return ins.insert(Constants.OBJ_BLOB, out);
    }

    /** Whether a side's lines, sorted and deduplicated, already are the union. */
    private static boolean sameLines(TreeSet<byte[]> union, List<byte[]> side) {
        TreeSet<byte[]> s = new TreeSet<>(Arrays::compareUnsigned);
        s.addAll(side);
        return s.size() == union.size();
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

    private ObjectId writeFullTree(ObjectInserter ins, Map<String, ObjectId> blobs) throws IOException {
        DirCache dc = DirCache.newInCore();
        DirCacheBuilder b = dc.builder();
        for (Map.Entry<String, ObjectId> e : new TreeMap<>(blobs).entrySet()) {
            DirCacheEntry ent = new DirCacheEntry(e.getKey());
            ent.setFileMode(FileMode.REGULAR_FILE);
            ent.setObjectId(e.getValue());
            b.add(ent);
        }
        b.finish();
        return dc.writeTree(ins);
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
