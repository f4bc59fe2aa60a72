package org.annex.assistant.core.impl.branch;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.annex.assistant.api.annex.AnnexRefs;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * Another repository's branch files as its union merge with the git-annex branches pushed to it and not
 * merged yet would have them. Its own daemon moves that branch between any two of our reads, so single
 * files are looked up in the current trees instead of loading a whole tree's map.
 */
final class PendingMergeView {
    private final Repository repo;
    private final BranchRef ref;

    PendingMergeView(Repository repo, BranchRef ref) {
        this.repo = repo;
        this.ref = ref;
    }

    /** The merged content of a branch file, or null if no side has it. */
    byte[] read(String path) throws IOException {
        List<ObjectId> tips = new ArrayList<>();
        ObjectId head = ref.tip();
        if (head != null) {
            tips.add(head);
        }
        for (Ref r : repo.getRefDatabase().getRefsByPrefix(AnnexRefs.SYNCED_ANNEX_BRANCH, Constants.R_REMOTES)) {
            if (r.getObjectId() != null && r.getName().endsWith("/" + AnnexRefs.ANNEX_BRANCH_NAME)) {
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
                } catch (MissingObjectException e) {
                    // A ref whose objects are not all here (a push under way): its turn comes at the merge.
                }
            }
        }
        if (versions.size() <= 1) {
            return versions.isEmpty() ? null : versions.get(0);
        }
        return LineUnion.join(LineUnion.of(versions));
    }
}
