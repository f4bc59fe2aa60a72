package org.annex.assistant.core.impl.branch;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertSame;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import org.annex.assistant.testsupport.Git;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The tip's index, moved on by diffs when someone else moves the branch and by our own commits' changes,
 * always equals the tree's files read from scratch; the ref moves only from the tip it was expected at.
 */
public class BranchIndexTest {
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    @Test
    public void indexAdvancedByDiffsEqualsTheTreeReadFromScratch() throws Exception {
        Path dir = Git.init(tmp.getRoot().toPath().resolve("r"));
        try (Repository repo = new FileRepositoryBuilder().setGitDir(dir.resolve(".git").toFile()).build()) {
            BranchRef ref = new BranchRef(repo);
            BranchIndex index = new BranchIndex(repo, ref);
            assertNull(index.current().commit);
            ref.create();
            assertEquals(Map.of(), index.current().blobs);
            Random random = new Random(7);
            Map<String, ObjectId> files = new TreeMap<>();
            for (int round = 0; round < 30; round++) {
                BranchIndex.Tip base = index.current();
                Map<String, ObjectId> changes = new TreeMap<>();
                try (ObjectReader reader = repo.newObjectReader(); ObjectInserter ins = repo.newObjectInserter()) {
                    for (int i = 0; i < 20; i++) {
                        String path = String.format("%03x/%03x/K%d.log", random.nextInt(4), random.nextInt(4), random.nextInt(40));
                        boolean remove = files.containsKey(path) && random.nextInt(3) == 0;
                        ObjectId blob = remove ? null
                                : ins.insert(Constants.OBJ_BLOB, ("line " + random.nextInt() + "\n").getBytes(StandardCharsets.UTF_8));
                        changes.put(path, blob);
                    }
                    ObjectId tree = TreeEdits.apply(reader, ins, base.tree, changes);
                    ObjectId commit = ref.commit(ins, tree, List.of(base.commit), "round " + round);
                    ref.move(commit, base.commit, "test");
                    if (round % 2 == 0) {
                        // Our own commit: the index is told what changed.
                        index.advanced(base, commit, tree, changes);
                        BranchIndex.Tip told = index.current();
                        assertEquals(commit, told.commit);
                        assertSame("no tree read when told", told, index.current());
                    }
                    // Otherwise someone else moved it: the index finds out from the tip.
                }
                changes.forEach((p, b) -> {
                    if (b == null) {
                        files.remove(p);
                    } else {
                        files.put(p, b);
                    }
                });
                BranchIndex.Tip now = index.current();
                assertEquals(ref.tip(), now.commit);
                try (RevWalk walk = new RevWalk(repo)) {
                    Map<String, ObjectId> scratch = TreeDiff.blobs(walk.getObjectReader(), walk.parseCommit(now.commit).getTree());
                    assertEquals(scratch, now.blobs);
                    assertEquals(new HashMap<>(files), scratch);
                }
            }
        }
    }

    @Test(expected = BranchMoved.class)
    public void theRefMovesOnlyFromTheExpectedTip() throws Exception {
        Path dir = Git.init(tmp.getRoot().toPath().resolve("r"));
        try (Repository repo = new FileRepositoryBuilder().setGitDir(dir.resolve(".git").toFile()).build()) {
            BranchRef ref = new BranchRef(repo);
            ref.create();
            ObjectId first = ref.tip();
            ObjectId second;
            try (ObjectInserter ins = repo.newObjectInserter(); RevWalk walk = new RevWalk(repo)) {
                ObjectId tree = walk.parseCommit(first).getTree();
                second = ref.commit(ins, tree, List.of(first), "second");
                ref.move(second, first, "test");
                assertEquals(second, ref.tip());
                ObjectId stale = ref.commit(ins, tree, List.of(first), "from a stale tip");
                ref.move(stale, first, "test");
            }
        }
    }
}
