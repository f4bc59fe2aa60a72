package org.annex.assistant.core.impl.branch;

import java.io.IOException;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;

/**
 * The blob of every file in the branch tip's tree, so reading the logs of many keys costs one tree walk
 * and one blob read each. Loaded once; when the tip moves (a push into it, git-annex's own commit) only
 * the paths that differ are read, and after our own commits it is advanced without comparing trees.
 */
final class BranchIndex {
    /** A branch commit with the blob of every file in its tree (commit and tree null before the branch exists). */
    static final class Tip {
        final ObjectId commit;
        final ObjectId tree;
        final Map<String, ObjectId> blobs;

        Tip(ObjectId commit, ObjectId tree, Map<String, ObjectId> blobs) {
            this.commit = commit;
            this.tree = tree;
            this.blobs = blobs;
        }
    }

    private final Repository repo;
    private final BranchRef ref;
    private volatile Tip current;

    BranchIndex(Repository repo, BranchRef ref) {
        this.repo = repo;
        this.ref = ref;
    }

    /** The index of the tip as it is now. */
    Tip current() throws IOException {
        ObjectId head = ref.tip();
        Tip known = current;
        if (head == null) {
            return new Tip(null, null, Collections.emptyMap());
        }
        if (known != null && known.commit.equals(head)) {
            return known;
        }
        try (RevWalk walk = new RevWalk(repo)) {
            RevCommit c = walk.parseCommit(head);
            ObjectReader reader = walk.getObjectReader();
            Map<String, ObjectId> blobs;
            if (known != null) {
                blobs = new HashMap<>(known.blobs);
                TreeDiff.diff(reader, known.tree, c.getTree(), (path, before, after) -> change(blobs, path, after));
            } else {
                blobs = TreeDiff.blobs(reader, c.getTree());
            }
            known = new Tip(head.copy(), c.getTree().copy(), blobs);
        }
        current = known;
        return known;
    }

    /**
     * We moved the branch from {@code base} to {@code commit}, whose tree is exactly base's files with
     * {@code changes} (as {@link TreeEdits} takes them: null removes a file): readers go on without
     * comparing trees.
     */
    void advanced(Tip base, ObjectId commit, ObjectId tree, Map<String, ObjectId> changes) {
        Map<String, ObjectId> blobs = new HashMap<>(base.blobs);
        changes.forEach((path, blob) -> change(blobs, path, blob));
        current = new Tip(commit.copy(), tree.copy(), blobs);
    }

    private static void change(Map<String, ObjectId> blobs, String path, ObjectId blob) {
        if (blob == null) {
            blobs.remove(path);
        } else {
            blobs.put(path, blob);
        }
    }
}
