package org.annex.assistant.watcher.impl.examine;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.annex.assistant.api.annex.Key;
import org.annex.assistant.api.event.Topics;
import org.annex.assistant.core.LocalAnnex;
import org.annex.assistant.testsupport.Git;
import org.annex.assistant.watcher.impl.TestRepos;
import org.annex.assistant.watcher.impl.examine.PathExaminer.Verdict;
import org.annex.assistant.watcher.impl.fs.RawPaths;
import org.annex.assistant.watcher.impl.index.IndexOp;
import org.annex.assistant.watcher.impl.index.IndexSnapshot;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.Repository;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** What the examiner makes of each kind of path, in a real git-annex repository. */
public class PathExaminerTest {
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private Path dir;
    private LocalAnnex annex;
    private Repository git;
    private IndexSnapshot index;
    private final List<IndexOp> staged = new ArrayList<>();
    private final List<Map<String, Object>> missing = new CopyOnWriteArrayList<>();

    @Before
    public void setUp() throws Exception {
        dir = Git.annexInit(tmp.getRoot().toPath().toRealPath().resolve("repo"), "test repo");
        TestRepos.git(dir, "config", "annex.largefiles", "largerthan=10b");
        annex = LocalAnnex.open(dir, "test repo");
        git = annex.adaptTo(Repository.class).orElseThrow();
        index = new IndexSnapshot(git);
    }

    @After
    public void tearDown() {
        annex.close();
    }

    private Verdict examine(String rel) throws Exception {
        PathExaminer examiner = new PathExaminer(annex, git, RawPaths.bytes(dir), index,
                new MissingContent(annex, dir, (topic, props) -> missing.add(props)), staged::add);
        index.refresh();
        try (ObjectInserter ins = git.newObjectInserter()) {
            Verdict v = examiner.examine(rel, ins);
            ins.flush();
            return v;
        }
    }

    private String stagedBlob() throws Exception {
        assertEquals(1, staged.size());
        IndexOp.Put put = (IndexOp.Put) staged.get(0);
        return new String(git.open(put.entry.getObjectId()).getBytes(), StandardCharsets.UTF_8);
    }

    @Test
    public void goneFileIsRemoved() throws Exception {
        assertEquals(Verdict.DONE, examine("never-was"));
        assertTrue(staged.get(0) instanceof IndexOp.Remove);
        assertEquals("never-was", staged.get(0).path());
    }

    @Test
    public void directoryIsToBeWatchedAndScanned() throws Exception {
        Files.createDirectories(dir.resolve("sub"));
        assertEquals(Verdict.DIRECTORY, examine("sub"));
        assertEquals(List.of(), staged);
    }

    @Test
    public void smallFileGoesToGitLargeOneToTheAnnex() throws Exception {
        Files.writeString(dir.resolve("small"), "tiny");
        assertEquals(Verdict.DONE, examine("small"));
        assertEquals("tiny", stagedBlob());

        staged.clear();
        Files.writeString(dir.resolve("big.dat"), "larger than ten bytes");
        assertEquals(Verdict.DONE, examine("big.dat"));
        String pointer = stagedBlob();
        assertTrue(pointer, pointer.startsWith("/annex/objects/SHA256E-s21--") && pointer.endsWith(".dat\n"));
        assertEquals(FileMode.REGULAR_FILE, ((IndexOp.Put) staged.get(0)).entry.getFileMode());
        assertTrue("content in the annex", annex.hasContent(Key.parse(pointer.substring(15).trim())));
    }

    @Test
    public void ignoredUntrackedFileStaysOut() throws Exception {
        Files.writeString(dir.resolve(".gitignore"), "*.log\n");
        Files.writeString(dir.resolve("debug.log"), "ignored");
        assertEquals(Verdict.DONE, examine("debug.log"));
        assertEquals(List.of(), staged);
    }

    @Test
    public void fileAsStagedIsNotStagedAgain() throws Exception {
        Files.writeString(dir.resolve("small"), "tiny");
        TestRepos.git(dir, "add", "small");
        assertEquals(Verdict.DONE, examine("small"));
        assertEquals(List.of(), staged);
    }

    @Test
    public void pointerWithoutContentIsStagedAsItIsAndReported() throws Exception {
        String key = "SHA256E-s6--5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03.txt";
        Files.writeString(dir.resolve("p.txt"), "/annex/objects/" + key + "\n");
        assertEquals(Verdict.DONE, examine("p.txt"));
        assertEquals("/annex/objects/" + key + "\n", stagedBlob());
        assertEquals(1, missing.size());
        assertEquals(key, missing.get(0).get(Topics.KEY));
        assertEquals("p.txt", missing.get(0).get(Topics.PATH));
        assertEquals("missing-content", missing.get(0).get(Topics.CHANGE));
    }
}
