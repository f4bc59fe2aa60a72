package org.annex.assistant.core.impl;

import java.io.IOException;
import java.util.Optional;

import org.annex.assistant.api.annex.Key;
import org.annex.assistant.api.annex.LocationLogPath;
import org.annex.assistant.api.annex.Visitor;
import org.annex.assistant.core.impl.branch.TreeDiff;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevWalk;

/** The keys whose location logs differ between two git-annex branch commits, from a diff of their trees. */
final class LocationLogChanges {
    private LocationLogChanges() {
    }

    /** {@code from} null: every location log of {@code to}. */
    static void between(Repository repo, String from, String to, Visitor<Key> visitor) throws IOException {
        try (RevWalk rw = new RevWalk(repo)) {
            ObjectId fromTree = from == null ? null : AnnexedTrees.commit(rw, repo, from).getTree();
            ObjectId toTree = AnnexedTrees.commit(rw, repo, to).getTree();
            TreeDiff.diff(rw.getObjectReader(), fromTree, toTree, (path, before, after) -> {
                Optional<Key> key = LocationLogPath.keyOf(path);
                if (key.isPresent()) {
                    visitor.visit(key.get());
                }
            });
        }
    }
}
