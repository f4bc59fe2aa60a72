package org.annex.assistant.core.impl.branch;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.treewalk.EmptyTreeIterator;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.TreeFilter;

/** The files of a tree, and the files that differ between two trees. */
public final class TreeDiff {
    private TreeDiff() {
    }

    public interface Visitor {
        /** A file that differs: its blob in the first tree and in the second, null where it is missing. */
        void differs(String path, ObjectId before, ObjectId after) throws IOException;
    }

    /** The files that differ between two trees ({@code from} null: the empty tree); identical subtrees are skipped unread. */
    public static void diff(ObjectReader reader, ObjectId from, ObjectId to, Visitor visitor) throws IOException {
        try (TreeWalk tw = new TreeWalk(reader)) {
            if (from == null) {
                tw.addTree(new EmptyTreeIterator());
            } else {
                tw.addTree(from);
            }
            tw.addTree(to);
            tw.setRecursive(true);
            tw.setFilter(TreeFilter.ANY_DIFF);
            while (tw.next()) {
                ObjectId before = tw.getFileMode(0) == FileMode.MISSING ? null : tw.getObjectId(0);
                ObjectId after = tw.getFileMode(1) == FileMode.MISSING ? null : tw.getObjectId(1);
                visitor.differs(tw.getPathString(), before, after);
            }
        }
    }

    /** Path to blob of every file in a tree. */
    static Map<String, ObjectId> blobs(ObjectReader reader, ObjectId tree) throws IOException {
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
}
