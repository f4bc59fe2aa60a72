package org.annex.assistant.core.impl.branch;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Predicate;

import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;

/**
 * The git-annex branch, read and written with JGit plumbing only: no work tree, no git index of the user.
 * Readers see the journal first, then the branch ({@link BranchIndex}: the tip's path-to-blob map, loaded
 * once and advanced by diff). Writers journal under the journal lock; {@link JournalCommit} commits the
 * journal and {@link UnionMerge} merges other git-annex branches, both prepared outside the lock and
 * moving the branch by compare-and-swap ({@link BranchRef}).
 */
public final class AnnexBranch {
    private final Repository repo;
    private final Journal journal;
    private final BranchRef ref;
    private final BranchIndex index;
    private final JournalCommit journalCommit;
    private final UnionMerge unionMerge;
    /**
     * Set for another repository's branch, which its own daemon moves between any two of our reads: files
     * are read as the merge of that branch with the git-annex branches pushed to it and not merged yet. A
     * journal file we write there replaces the branch's file when that daemon commits, so it must already
     * hold what those pushes bring, as git-annex makes sure by merging them before it writes.
     */
    private final PendingMergeView neighbourView;

    private AnnexBranch(Repository repo, Path annexDir, boolean neighbour) {
        this.repo = repo;
        this.journal = new Journal(annexDir);
        this.ref = new BranchRef(repo);
        this.index = new BranchIndex(repo, ref);
        this.journalCommit = new JournalCommit(repo, journal, ref, index);
        this.unionMerge = new UnionMerge(repo, journal, ref, index, new MergedRefsLog(annexDir));
        this.neighbourView = neighbour ? new PendingMergeView(repo, ref) : null;
    }

    /** The git-annex branch of a repository this process serves. */
    public static AnnexBranch of(Repository repo, Path annexDir) {
        return new AnnexBranch(repo, annexDir, false);
    }

    /** The git-annex branch of a neighbour, served by its own daemon: reads see what was pushed to it too. */
    public static AnnexBranch ofNeighbour(Repository repo, Path annexDir) {
        return new AnnexBranch(repo, annexDir, true);
    }

    public Repository repository() {
        return repo;
    }

    public Journal journal() {
        return journal;
    }

    /** The branch tip, or null before the branch exists. */
    public ObjectId head() throws IOException {
        return ref.tip();
    }

    /** Creates the branch ("branch created", empty tree) unless it exists. Returns whether it did. */
    public boolean create() throws IOException {
        return ref.create();
    }

    /** A branch file as git-annex sees it: the journal's copy if there is one, else the branch's, else null. */
    public byte[] read(String path) throws IOException {
        byte[] journalled = journal.read(path);
        return journalled != null ? journalled : readCommitted(path);
    }

    private byte[] readCommitted(String path) throws IOException {
        if (neighbourView != null) {
            return neighbourView.read(path);
        }
        ObjectId blob = index.current().blobs.get(path);
        if (blob == null) {
            return null;
        }
        try (ObjectReader reader = repo.newObjectReader()) {
            return reader.open(blob, Constants.OBJ_BLOB).getCachedBytes(Integer.MAX_VALUE);
        }
    }

    /**
     * Calls {@code visitor} with the content of every branch file whose path passes {@code filter}, the
     * journal's copy winning: one tree walk, one reader and one journal listing for the whole branch.
     */
    public void forEach(Predicate<String> filter, BiConsumer<String, byte[]> visitor) throws IOException {
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
            for (Map.Entry<String, ObjectId> e : index.current().blobs.entrySet()) {
                String path = e.getKey();
                if (filter.test(path) && !journalled.containsKey(path)) {
                    visitor.accept(path, reader.open(e.getValue(), Constants.OBJ_BLOB).getCachedBytes(Integer.MAX_VALUE));
                }
            }
        }
        journalled.forEach(visitor);
    }

    /** Paths of all committed branch files (the journal may add more). */
    public Set<String> committedPaths() throws IOException {
        return Collections.unmodifiableSet(index.current().blobs.keySet());
    }

    /** Commits every journal file in one commit "update" on top of the branch, then empties the journal. */
    public boolean commitJournal() throws IOException {
        return journalCommit.run();
    }

    /** Union-merges other git-annex branches (ref names) with the journal; whether the branch changed. */
    public boolean merge(Iterable<String> refNames) throws IOException {
        return unionMerge.merge(refNames);
    }
}
