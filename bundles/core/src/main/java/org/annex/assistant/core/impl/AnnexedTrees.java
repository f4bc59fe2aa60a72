package org.annex.assistant.core.impl;

import java.io.IOException;

import org.annex.assistant.api.annex.AnnexedChange;
import org.annex.assistant.api.annex.AnnexedPath;
import org.annex.assistant.api.annex.Key;
import org.annex.assistant.api.annex.Visitor;
import org.annex.assistant.core.AnnexedBlobs;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.TreeFilter;

/**
 * The annexed files of work-tree commits: every one of a tree, or those that differ between two trees
 * (identical subtrees skipped unread). One reader serves the walk and the pointer blobs it opens; a blob
 * bigger than a pointer is never read.
 */
final class AnnexedTrees {
    private final Repository repo;

    AnnexedTrees(Repository repo) {
        this.repo = repo;
    }

    void walk(String commit, Visitor<AnnexedPath> visitor) throws IOException {
        try (RevWalk rw = new RevWalk(repo); TreeWalk tw = new TreeWalk(repo, rw.getObjectReader())) {
            tw.addTree(commit(rw, repo, commit).getTree());
            tw.setRecursive(true);
            ObjectReader reader = rw.getObjectReader();
            while (tw.next()) {
                FileMode mode = tw.getFileMode(0);
                Key key = keyOf(reader, mode, tw.getObjectId(0));
                if (key != null) {
                    visitor.visit(new AnnexedPath(tw.getPathString(), key, mode == FileMode.SYMLINK));
                }
            }
        }
    }

    void diff(String from, String to, Visitor<AnnexedChange> visitor) throws IOException {
        try (RevWalk rw = new RevWalk(repo); TreeWalk tw = new TreeWalk(repo, rw.getObjectReader())) {
            tw.addTree(commit(rw, repo, from).getTree());
            tw.addTree(commit(rw, repo, to).getTree());
            tw.setRecursive(true);
            tw.setFilter(TreeFilter.ANY_DIFF);
            ObjectReader reader = rw.getObjectReader();
            while (tw.next()) {
                Key before = keyOf(reader, tw.getFileMode(0), tw.getObjectId(0));
                Key after = keyOf(reader, tw.getFileMode(1), tw.getObjectId(1));
                if (after != null) {
                    AnnexedChange.Change change = before == null ? AnnexedChange.Change.ADDED : AnnexedChange.Change.MODIFIED;
                    visitor.visit(new AnnexedChange(change, tw.getPathString(), after));
                } else if (before != null) {
                    visitor.visit(new AnnexedChange(AnnexedChange.Change.DELETED, tw.getPathString(), before));
                }
            }
        }
    }

    private static Key keyOf(ObjectReader reader, FileMode mode, ObjectId blob) throws IOException {
        return AnnexedBlobs.keyOf(reader, mode, blob).orElse(null);
    }

    /** The commit a revision names; an IOException names a revision that is not a commit here. */
    static RevCommit commit(RevWalk rw, Repository repo, String revision) throws IOException {
        ObjectId id = repo.resolve(revision + "^{commit}");
        if (id == null) {
            throw new IOException("no commit " + revision + " in " + repo.getDirectory());
        }
        return rw.parseCommit(id);
    }
}
