package org.annex.assistant.core.worktree;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.eclipse.jgit.lib.AnyObjectId;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.treewalk.EmptyTreeIterator;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.TreeFilter;

/**
 * One path that differs between two trees, with its mode and blob in each ({@link FileMode#MISSING} where
 * it is absent): what a checkout from one tree to the other writes or deletes.
 */
public record TreeChange(String path, FileMode oldMode, ObjectId oldId, FileMode newMode, ObjectId newId) {
    public boolean deletion() {
        return FileMode.MISSING.equals(newMode);
    }

    /** The paths that differ from {@code oldTree} (null: the empty tree) to {@code newTree}, in tree order. */
    public static List<TreeChange> between(ObjectReader reader, AnyObjectId oldTree, AnyObjectId newTree) throws IOException {
        List<TreeChange> changes = new ArrayList<>();
        try (TreeWalk walk = new TreeWalk(reader)) {
            walk.setRecursive(true);
            if (oldTree == null) {
                walk.addTree(new EmptyTreeIterator());
            } else {
                walk.addTree(oldTree);
            }
            walk.addTree(newTree);
            walk.setFilter(TreeFilter.ANY_DIFF);
            while (walk.next()) {
                changes.add(new TreeChange(walk.getPathString(), walk.getFileMode(0), walk.getObjectId(0),
                        walk.getFileMode(1), walk.getObjectId(1)));
            }
        }
        return changes;
    }
}
