package org.annex.assistant.core.impl.branch;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

import org.annex.assistant.api.annex.AnnexRefs;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;

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
final class UnionMerge {
    /** Attempts before giving up on a branch that keeps moving under us. */
    private static final int ATTEMPTS = 5;

    private final Repository repo;
    private final Journal journal;
    private final BranchRef ref;
    private final BranchIndex index;
    private final MergedRefsLog mergedRefs;

    UnionMerge(Repository repo, Journal journal, BranchRef ref, BranchIndex index, MergedRefsLog mergedRefs) {
        this.repo = repo;
        this.journal = journal;
        this.ref = ref;
        this.index = index;
        this.mergedRefs = mergedRefs;
    }

    /** Whether the branch changed (false: every ref was merged already). */
    boolean merge(Iterable<String> refNames) throws IOException {
        for (int attempt = 1;; attempt++) {
            Prepared prepared = prepare(refNames);
            JournalSnapshot snapshot = prepared.parents.isEmpty() ? null : JournalSnapshot.read(repo, journal);
            Boolean done = journal.locked(() -> finish(prepared, snapshot));
            if (done != null) {
                return done;
            }
            if (attempt >= ATTEMPTS) {
                throw new IOException("could not merge into " + AnnexRefs.ANNEX_BRANCH
                        + ": it kept moving meanwhile");
            }
        }
    }

    /** A merge worked out from one branch tip, not yet committed. */
    private static final class Prepared {
        BranchIndex.Tip base;
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

    private Prepared prepare(Iterable<String> refNames) throws IOException {
        Prepared m = new Prepared();
        m.base = index.current();
        try (RevWalk walk = new RevWalk(repo); ObjectInserter ins = repo.newObjectInserter()) {
            ObjectReader reader = walk.getObjectReader();
            m.head = m.base.commit == null ? null : walk.parseCommit(m.base.commit);
            List<RevCommit> others = new ArrayList<>();
            for (String name : refNames) {
                Ref r = repo.findRef(name);
                if (r == null || r.getObjectId() == null) {
                    throw new IOException("no such ref to merge: " + name);
                }
                RevCommit other = walk.parseCommit(r.getObjectId());
                m.recorded.put(r.getName(), other.copy());
                if (m.head != null && walk.isMergedInto(other, m.head)) {
                    continue;
                }
                if (m.parents.stream().anyMatch(other::equals)) {
                    continue;
                }
                m.parents.add(other.copy());
                others.add(other);
                m.names.add(Repository.shortenRefName(r.getName()));
            }
            if (others.isEmpty()) {
                return m;
            }
            ObjectId ourTree = m.head == null ? others.get(0).getTree() : m.head.getTree();
            for (RevCommit other : m.head == null ? others.subList(1, others.size()) : others) {
                TreeDiff.diff(reader, ourTree, other.getTree(), (path, mine, theirs) -> {
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
    private Boolean finish(Prepared m, JournalSnapshot snapshot) throws IOException {
        if (!Objects.equals(ref.tip(), m.base.commit)) {
            return null;
        }
        if (m.parents.isEmpty()) {
            mergedRefs.record(m.recorded);
            return false;
        }
        List<String> paths = journal.list();
        String message = "merging " + String.join(" ", m.names) + " into git-annex";
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
                target = ref.commit(ins, tree, all, message);
            }
            try {
                ref.move(target, m.head == null ? ObjectId.zeroId() : m.head, message);
            } catch (BranchMoved e) {
                return null;
            }
            if (m.head != null && !fastForward) {
                Map<String, ObjectId> changes = new HashMap<>(m.changes);
                changes.putAll(journalled);
                index.advanced(m.base, target, tree, changes);
            }
        }
        for (String p : paths) {
            journal.remove(p);
        }
        mergedRefs.record(m.recorded);
        return true;
    }

    private static ObjectId unionBlob(ObjectReader reader, ObjectInserter ins, ObjectId a, ObjectId b) throws IOException {
        byte[] ca = reader.open(a, Constants.OBJ_BLOB).getCachedBytes(Integer.MAX_VALUE);
        byte[] cb = reader.open(b, Constants.OBJ_BLOB).getCachedBytes(Integer.MAX_VALUE);
        TreeSet<byte[]> union = LineUnion.of(List.of(ca, cb));
        // A side whose lines, sorted and deduplicated, already are the union is reused as it is.
        if (LineUnion.of(List.of(ca)).size() == union.size()) {
            return a;
        }
        if (LineUnion.of(List.of(cb)).size() == union.size()) {
            return b;
        }
        return ins.insert(Constants.OBJ_BLOB, LineUnion.join(union));
    }
}
