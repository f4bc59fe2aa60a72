package org.annex.assistant.core.impl.branch;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;

/**
 * Commits every journal file in one commit "update" on top of the branch, then empties the journal. The
 * tree is prepared outside the journal lock; under it only what the journal got since is added and the
 * branch is moved by compare-and-swap.
 */
final class JournalCommit {
    /** Attempts before giving up on a branch that keeps moving under us. */
    private static final int ATTEMPTS = 5;

    private final Repository repo;
    private final Journal journal;
    private final BranchRef ref;
    private final BranchIndex index;

    JournalCommit(Repository repo, Journal journal, BranchRef ref, BranchIndex index) {
        this.repo = repo;
        this.journal = journal;
        this.ref = ref;
        this.index = index;
    }

    /** Whether a commit was made (false: the journal was empty). */
    boolean run() throws IOException {
        // The objects for what the journal holds now are written before taking the lock, so transfers
        // recording locations meanwhile wait only for what changed since and the move of the branch.
        BranchIndex.Tip base = index.current();
        JournalSnapshot snapshot = JournalSnapshot.read(repo, journal);
        ObjectId prepared = null;
        if (!snapshot.blobs.isEmpty()) {
            try (ObjectReader reader = repo.newObjectReader(); ObjectInserter ins = repo.newObjectInserter()) {
                prepared = TreeEdits.apply(reader, ins, base.tree, snapshot.blobs);
                ins.flush();
            }
        }
        ObjectId preparedTree = prepared;
        return journal.locked(() -> {
            if (preparedTree != null && Objects.equals(ref.tip(), base.commit)) {
                try {
                    return commitPrepared(base, snapshot, preparedTree);
                } catch (BranchMoved e) {
                    // Fall through: done again from the new tip.
                }
            }
            return retryingWhenMoved(this::commitLocked);
        });
    }

    /** Under the lock: every journal file committed on the branch tip as it is now. */
    private boolean commitLocked() throws IOException {
        if (journal.list().isEmpty()) {
            return false;
        }
        BranchIndex.Tip base = index.current();
        return commitPrepared(base, JournalSnapshot.empty(journal), base.tree);
    }

    /** Under the lock, the branch still at {@code base}: the prepared tree plus what the journal got since. */
    private boolean commitPrepared(BranchIndex.Tip base, JournalSnapshot snapshot, ObjectId preparedTree)
            throws IOException {
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
            ObjectId commit = ref.commit(ins, tree, parent == null ? List.of() : List.of(parent), "update");
            ref.move(commit, parent == null ? ObjectId.zeroId() : parent, "update");
            index.advanced(base, commit, tree, changes);
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
                if (attempt >= ATTEMPTS) {
                    throw e;
                }
            }
        }
    }
}
