package org.annex.assistant.gitsync.impl;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.annex.assistant.api.annex.Key;
import org.annex.assistant.core.AnnexedBlobs;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheBuilder;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.merge.MergeStrategy;
import org.eclipse.jgit.merge.ResolveMerger;
import org.eclipse.jgit.revwalk.RevCommit;

/**
 * Merges two commits in memory (nothing touches the work tree or the index) and resolves conflicts on
 * annexed files as git-annex does, so a daemon and {@code git annex sync} produce the same tree.
 */
final class TreeMerger {
    static final String CONFLICT_MESSAGE = "git-annex automatic merge conflict fix\n";

    /** The merged tree, or the paths that have no automatic resolution (both sides plain git files). */
    static final class Outcome {
        final ObjectId tree;
        final boolean conflictsResolved;
        final List<String> unresolved;

        private Outcome(ObjectId tree, boolean conflictsResolved, List<String> unresolved) {
            this.tree = tree;
            this.conflictsResolved = conflictsResolved;
            this.unresolved = unresolved;
        }

        boolean merged() {
            return tree != null;
        }
    }

    private TreeMerger() {
    }

    static Outcome merge(Repository repo, RevCommit ours, RevCommit theirs) throws IOException {
        // RECURSIVE is a ResolveMerger that also copes with several merge bases (criss-cross merges
        // happen all the time between daemons that merge each other's merges).
        ResolveMerger merger = (ResolveMerger) MergeStrategy.RECURSIVE.newMerger(repo, true);
        DirCache result = DirCache.newInCore();
        merger.setDirCache(result);
        if (merger.merge(ours, theirs)) {
            return new Outcome(merger.getResultTreeId(), false, List.of());
        }
        return resolve(repo, result);
    }

    private static Outcome resolve(Repository repo, DirCache merged) throws IOException {
        DirCache resolved = DirCache.newInCore();
        DirCacheBuilder builder = resolved.builder();
        List<String> unresolved = new ArrayList<>();
        try (ObjectReader reader = repo.newObjectReader(); ObjectInserter inserter = repo.newObjectInserter()) {
            int n = merged.getEntryCount();
            for (int i = 0; i < n; ) {
                DirCacheEntry first = merged.getEntry(i);
                if (first.getStage() == DirCacheEntry.STAGE_0) {
                    builder.add(first);
                    i++;
                    continue;
                }
                String path = first.getPathString();
                DirCacheEntry ours = null;
                DirCacheEntry theirs = null;
                for (; i < n && merged.getEntry(i).getPathString().equals(path); i++) {
                    DirCacheEntry e = merged.getEntry(i);
                    if (e.getStage() == DirCacheEntry.STAGE_2) {
                        ours = e;
                    } else if (e.getStage() == DirCacheEntry.STAGE_3) {
                        theirs = e;
                    }
                }
                if (!resolveOne(reader, builder, path, ours, theirs)) {
                    unresolved.add(path);
                }
            }
            if (!unresolved.isEmpty()) {
                return new Outcome(null, false, unresolved);
            }
            builder.finish();
            ObjectId tree = resolved.writeTree(inserter);
            inserter.flush();
            return new Outcome(tree, true, List.of());
        }
    }

    /** git-annex's rules (Annex.AutoMerge): the annexed side(s) become variants, a plain side keeps the name. */
    private static boolean resolveOne(ObjectReader reader, DirCacheBuilder builder, String path, DirCacheEntry ours,
            DirCacheEntry theirs) throws IOException {
        Optional<Key> keyOurs = key(reader, ours);
        Optional<Key> keyTheirs = key(reader, theirs);
        if (keyOurs.isEmpty() && keyTheirs.isEmpty()) {
            return false;
        }
        if (keyOurs.isPresent() && keyTheirs.isPresent()) {
            if (keyOurs.get().equals(keyTheirs.get())) {
                // Same content, locked on one side and unlocked on the other: a symlink only if both were.
                boolean bothLocked = FileMode.SYMLINK.equals(ours.getFileMode())
                        && FileMode.SYMLINK.equals(theirs.getFileMode());
                builder.add(copy(path, bothLocked || !FileMode.SYMLINK.equals(ours.getFileMode()) ? ours : theirs));
            } else {
                builder.add(copy(AnnexPointers.variantPath(path, keyOurs.get()), ours));
                builder.add(copy(AnnexPointers.variantPath(path, keyTheirs.get()), theirs));
            }
            return true;
        }
        DirCacheEntry annexed = keyOurs.isPresent() ? ours : theirs;
        DirCacheEntry other = keyOurs.isPresent() ? theirs : ours;
        if (other != null) {
            builder.add(copy(path, other));
        }
        builder.add(copy(AnnexPointers.variantPath(path, keyOurs.isPresent() ? keyOurs.get() : keyTheirs.get()),
                annexed));
        return true;
    }

    private static Optional<Key> key(ObjectReader reader, DirCacheEntry e) throws IOException {
        return e == null ? Optional.empty() : AnnexedBlobs.keyOf(reader, e.getFileMode(), e.getObjectId());
    }

    private static DirCacheEntry copy(String path, DirCacheEntry from) {
        DirCacheEntry e = new DirCacheEntry(path);
        e.setFileMode(from.getFileMode());
        e.setObjectId(from.getObjectId());
        return e;
    }
}
