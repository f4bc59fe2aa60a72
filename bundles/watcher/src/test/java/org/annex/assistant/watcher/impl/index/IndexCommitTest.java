package org.annex.assistant.watcher.impl.index;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.annex.assistant.api.event.Topics;
import org.annex.assistant.core.LocalAnnex;
import org.annex.assistant.testsupport.Git;
import org.annex.assistant.watcher.impl.TestRepos;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.errors.LockFailedException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.Repository;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** Staging and committing on a real git-annex repository, read back with git. */
public class IndexCommitTest {
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private Path dir;
    private LocalAnnex annex;
    private Repository git;
    private IndexCommit commit;
    private final List<Map<String, Object>> events = new CopyOnWriteArrayList<>();
    private final List<String> recheck = new ArrayList<>();
    private final List<String> rescan = new ArrayList<>();

    @Before
    public void setUp() throws Exception {
        dir = Git.annexInit(tmp.getRoot().toPath().toRealPath().resolve("repo"), "test repo");
        annex = LocalAnnex.open(dir, "test repo");
        git = annex.adaptTo(Repository.class).orElseThrow();
        commit = new IndexCommit(annex, git, dir, (topic, props) -> {
            Map<String, Object> e = new HashMap<>(props);
            e.put("topic", topic);
            events.add(e);
        });
    }

    @After
    public void tearDown() {
        annex.close();
    }

    private IndexOp put(String path, String content) throws Exception {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        DirCacheEntry e = new DirCacheEntry(path);
        try (ObjectInserter ins = git.newObjectInserter()) {
            e.setObjectId(ins.insert(Constants.OBJ_BLOB, bytes));
            ins.flush();
        }
        e.setFileMode(FileMode.REGULAR_FILE);
        e.setLength(bytes.length);
        e.setLastModified(Instant.now());
        return new IndexOp.Put(path, e);
    }

    private IndexCommit.Outcome commit(IndexOp... ops) throws Exception {
        return commit.commit(List.of(ops), recheck::add, rescan::add);
    }

    private String head() throws Exception {
        return TestRepos.git(dir, "rev-parse", "HEAD").trim();
    }

    @Test
    public void batchIsCommittedOnHeadAndAnnounced() throws Exception {
        assertEquals(IndexCommit.Outcome.COMMITTED, commit(put("a.txt", "first\n"), put("d/b.txt", "second\n")));
        assertEquals("first\n", TestRepos.git(dir, "show", "HEAD:a.txt"));
        assertEquals("second\n", TestRepos.git(dir, "show", "HEAD:d/b.txt"));
        assertEquals("git-annex in test repo\n", TestRepos.git(dir, "log", "-1", "--format=%B"));
        assertEquals("the index holds what was committed", "", TestRepos.git(dir, "diff", "--cached", "HEAD"));
        assertEquals(head(), commit.last().id());
        assertEquals(2, commit.last().files());
        assertEquals(1, commit.commits());
        assertEquals(1, events.size());
        assertEquals(Topics.WORKTREE_COMMITTED, events.get(0).get("topic"));
        assertEquals(head(), events.get(0).get(Topics.COMMIT));
        assertEquals(2, events.get(0).get(Topics.FILES));
        assertEquals(dir.toString(), events.get(0).get(Topics.REPOSITORY));

        assertEquals(IndexCommit.Outcome.COMMITTED, commit(new IndexOp.Move("a.txt", "c.txt", false),
                new IndexOp.Remove("d")));
        assertEquals("a.txt\nc.txt\nd/b.txt\n", TestRepos.git(dir, "log", "-1", "--format=", "--name-only", "--no-renames"));
        assertEquals("moved with its blob", "first\n", TestRepos.git(dir, "show", "HEAD:c.txt"));
        assertEquals("c.txt\n", TestRepos.git(dir, "ls-tree", "--name-only", "HEAD"));
        assertEquals(2, commit.commits());
    }

    @Test
    public void batchThatChangesNothingMakesNoCommit() throws Exception {
        IndexOp same = put("a.txt", "same\n");
        commit(same);
        String before = head();
        assertEquals(IndexCommit.Outcome.UNCHANGED, commit(same));
        assertEquals(before, head());
        assertEquals(1, events.size());
        assertEquals(1, commit.commits());
    }

    @Test
    public void moveOfAPathNeverStagedAsksForALookAtItsNewName() throws Exception {
        assertEquals(IndexCommit.Outcome.COMMITTED, commit(put("other", "x"), new IndexOp.Move("new", "moved", false),
                new IndexOp.Move("newdir", "moveddir", true)));
        assertEquals(List.of("moved"), recheck);
        assertEquals(List.of("moveddir"), rescan);
    }

    @Test
    public void lockedIndexIsLeftAlone() throws Exception {
        commit(put("a.txt", "first\n"));
        String before = head();
        Path lock = dir.resolve(".git/index.lock");
        Files.writeString(lock, "");
        try {
            commit(put("b.txt", "second\n"));
            fail("committed with the index locked");
        } catch (LockFailedException expected) {
            // git is running: the watcher puts the batch back
        } finally {
            Files.delete(lock);
        }
        assertEquals(before, head());
        assertEquals(1, events.size());
    }

    @Test
    public void unmergedIndexIsLeftAloneUntilResolved() throws Exception {
        commit(put("a.txt", "first\n"));
        String before = head();
        ObjectId ours;
        try (ObjectInserter ins = git.newObjectInserter()) {
            ours = ins.insert(Constants.OBJ_BLOB, "ours\n".getBytes(StandardCharsets.UTF_8));
            ins.flush();
        }
        Path info = tmp.newFile("info").toPath();
        Files.writeString(info, "100644 " + ours.name() + " 2\tc.txt\n100644 " + ours.name() + " 3\tc.txt\n");
        Git.run(dir, "sh", "-c", "git update-index --index-info < " + info);
        assertTrue(TestRepos.git(dir, "ls-files", "--unmerged").contains("c.txt"));

        assertEquals(IndexCommit.Outcome.UNMERGED, commit(put("b.txt", "second\n")));
        assertEquals(before, head());
        assertTrue("the unmerged entries are as git left them",
                TestRepos.git(dir, "ls-files", "--unmerged").contains("c.txt"));
        assertEquals(1, events.size());
    }
}
