package org.annex.assistant.watcher.impl;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;

import org.annex.assistant.api.annex.AnnexRepository;
import org.annex.assistant.api.annex.Key;
import org.annex.assistant.api.concurrent.NamedThreads;
import org.annex.assistant.api.event.Topics;
import org.annex.assistant.core.LocalAnnex;
import org.annex.assistant.testsupport.CallCounter;
import org.annex.assistant.testsupport.Git;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** The watcher on real repositories: real inotify, real git-annex to verify. */
public class RepositoryWatcherTest {
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private Path dir;
    private LocalAnnex repository;
    private CallCounter<AnnexRepository> annex;
    private RepositoryWatcher watcher;
    private final List<Map<String, Object>> events = new CopyOnWriteArrayList<>();
    private final RepositoryWatcher.Settings settings = new RepositoryWatcher.Settings();
    private final ScheduledExecutorService scheduler = NamedThreads.scheduler("test watcher", 1);

    @Before
    public void setUp() throws Exception {
        dir = Git.annexInit(tmp.getRoot().toPath().toRealPath().resolve("repo"), "test repo");
        repository = LocalAnnex.open(dir, "test repo");
        annex = new CallCounter<>(AnnexRepository.class, repository, "ingest");
    }

    @After
    public void tearDown() throws Exception {
        stop();
        scheduler.shutdownNow();
        repository.close();
    }

    private void start() throws Exception {
        watcher = new RepositoryWatcher(annex.proxy(), settings, (topic, props) -> {
            Map<String, Object> e = new HashMap<>(props);
            e.put("topic", topic);
            events.add(e);
        }, scheduler);
        watcher.start();
    }

    private void stop() {
        if (watcher != null) {
            watcher.close();
            watcher = null;
        }
    }

    private void awaitInHead(String path) throws InterruptedException {
        Git.await(15_000, path + " in HEAD", () -> {
            try {
                return TestRepos.headTree(dir).containsKey(path);
            } catch (Exception e) {
                return false;
            }
        });
    }

    @Test
    public void largeFileIsAnnexedUnlockedSmallFileGoesToGitCommittedInAboutASecond() throws Exception {
        Files.writeString(dir.resolve(".gitattributes"), "* annex.largefiles=largerthan=100b\n");
        start();
        String big = "x".repeat(5000);
        long t0 = System.nanoTime();
        Files.writeString(dir.resolve("big.dat"), big);
        Files.writeString(dir.resolve("small.txt"), "small\n");
        awaitInHead("small.txt");
        awaitInHead("big.dat");
        long millis = (System.nanoTime() - t0) / 1_000_000;
        assertTrue("committed after " + millis + " ms", millis < 4000);

        Map<String, String> head = TestRepos.headTree(dir);
        String[] bigEntry = head.get("big.dat").split(" ");
        assertEquals("100644", bigEntry[0]);
        String pointer = TestRepos.blobText(dir, bigEntry[1]);
        assertTrue(pointer, pointer.startsWith("/annex/objects/SHA256E-s5000--") && pointer.endsWith(".dat\n"));
        assertEquals("small\n", TestRepos.blobText(dir, head.get("small.txt").split(" ")[1]));
        assertEquals("git-annex in test repo\n", TestRepos.git(dir, "log", "-1", "--format=%B"));
        assertEquals(big, Files.readString(dir.resolve("big.dat")));

        assertEquals("big.dat\n", TestRepos.git(dir, "annex", "find"));
        TestRepos.git(dir, "annex", "fsck", "--quiet");
        assertEquals("", TestRepos.git(dir, "status", "--porcelain"));
        assertTrue(events.stream().anyMatch(e -> Topics.WORKTREE_COMMITTED.equals(e.get("topic"))
                && dir.toString().equals(e.get(Topics.REPOSITORY))));
    }

    @Test
    public void gitignoredFilesStayOutTrackedOnesStayIn() throws Exception {
        Files.writeString(dir.resolve("tracked.log"), "tracked before the rule\n");
        TestRepos.git(dir, "add", "tracked.log");
        TestRepos.git(dir, "commit", "-q", "-m", "tracked");
        Files.writeString(dir.resolve(".gitignore"), "*.log\nbuild/\n!keep.log\n");
        Files.createDirectories(dir.resolve("sub"));
        Files.writeString(dir.resolve("sub/.gitignore"), "*.tmp\n");
        start();
        Files.createDirectories(dir.resolve("build/out"));
        Files.writeString(dir.resolve("build/out/a.bin"), "ignored by directory\n");
        Files.writeString(dir.resolve("debug.log"), "ignored\n");
        Files.writeString(dir.resolve("sub/x.tmp"), "ignored below\n");
        Files.writeString(dir.resolve("keep.log"), "negated\n");
        Files.writeString(dir.resolve("tracked.log"), "tracked and changed\n");
        Files.writeString(dir.resolve("sub/real.txt"), "wanted\n");
        awaitInHead("sub/real.txt");
        awaitInHead("keep.log");
        Git.await(15_000, "tracked.log changed in HEAD", () -> {
            try {
                return TestRepos.git(dir, "diff", "--quiet", "HEAD", "--", "tracked.log").isEmpty();
            } catch (Exception e) {
                return false;
            }
        });
        Map<String, String> head = TestRepos.headTree(dir);
        assertTrue(head.toString(), !head.containsKey("debug.log") && !head.containsKey("sub/x.tmp")
                && !head.containsKey("build/out/a.bin"));
        assertEquals("git agrees these are ignored", "", TestRepos.git(dir, "status", "--porcelain", "--untracked-files=all"));
    }

    @Test
    public void halfWrittenFileWaitsUntilClosedAndQuiet() throws Exception {
        start();
        Files.writeString(dir.resolve("marker"), "m");
        awaitInHead("marker");
        Path file = dir.resolve("slow.bin");
        try (OutputStream out = Files.newOutputStream(file)) {
            for (int i = 0; i < 25; i++) {
                out.write(new byte[1000]);
                out.flush();
                Thread.sleep(100);
            }
            assertFalse("added while open", TestRepos.headTree(dir).containsKey("slow.bin"));
            assertEquals("only the marker was ingested", 1, annex.calls());
        }
        awaitInHead("slow.bin");
        String pointer = TestRepos.blobText(dir, TestRepos.headTree(dir).get("slow.bin").split(" ")[1]);
        assertTrue(pointer, pointer.startsWith("/annex/objects/SHA256E-s25000--"));
    }

    @Test
    public void directoryRenameIsStagedAsMoveWithoutRehashing() throws Exception {
        start();
        Path d = Files.createDirectories(dir.resolve("photos/2024"));
        for (int i = 0; i < 100; i++) {
            Files.writeString(d.resolve("img" + i + ".jpg"), "image " + i);
        }
        awaitInHead("photos/2024/img99.jpg");
        Git.await(15_000, "100 files", () -> headCount("photos/2024/") == 100);
        Map<String, String> before = TestRepos.headTree(dir);
        int ingestsBefore = annex.calls();
        assertEquals(100, ingestsBefore);

        Files.move(dir.resolve("photos"), dir.resolve("pictures"));
        Git.await(15_000, "moved in HEAD", () -> headCount("pictures/2024/") == 100 && headCount("photos/") == 0);
        assertEquals("no file hashed again", ingestsBefore, annex.calls());
        Map<String, String> after = TestRepos.headTree(dir);
        for (int i = 0; i < 100; i++) {
            assertEquals(before.get("photos/2024/img" + i + ".jpg"), after.get("pictures/2024/img" + i + ".jpg"));
        }
        assertEquals("", TestRepos.git(dir, "status", "--porcelain"));
        TestRepos.git(dir, "annex", "fsck", "--quiet");
    }

    private int headCount(String prefix) {
        try {
            return (int) TestRepos.headTree(dir).keySet().stream().filter(p -> p.startsWith(prefix)).count();
        } catch (Exception e) {
            return -1;
        }
    }

    @Test
    public void startupScanFindsChangesMadeWhileStopped() throws Exception {
        TestRepos.git(dir, "config", "annex.largefiles", "largerthan=10b");
        start();
        Files.writeString(dir.resolve("keep.txt"), "unchanged content here");
        Files.writeString(dir.resolve("modify.txt"), "old content of this file");
        Files.writeString(dir.resolve("delete.txt"), "to be deleted while stopped");
        Files.writeString(dir.resolve("small"), "tiny");
        Git.await(15_000, "4 files", () -> headCount("") == 4);
        stop();
        String keepBefore = TestRepos.headTree(dir).get("keep.txt");

        Files.writeString(dir.resolve("modify.txt"), "new content, longer than before");
        Files.delete(dir.resolve("delete.txt"));
        Files.createDirectories(dir.resolve("new/dir"));
        Files.writeString(dir.resolve("new/dir/added.txt"), "added while the watcher was down");
        Files.writeString(dir.resolve("small"), "tin2");
        Files.setLastModifiedTime(dir.resolve("small"),
                java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 5000));
        int ingests = annex.calls();

        start();
        Git.await(15_000, "changes in HEAD", () -> {
            try {
                Map<String, String> h = TestRepos.headTree(dir);
                return h.containsKey("new/dir/added.txt") && !h.containsKey("delete.txt")
                        && TestRepos.blobText(dir, h.get("small").split(" ")[1]).equals("tin2")
                        && TestRepos.blobText(dir, h.get("modify.txt").split(" ")[1]).contains("-s31--");
            } catch (Exception e) {
                return false;
            }
        });
        assertEquals("keep.txt untouched", keepBefore, TestRepos.headTree(dir).get("keep.txt"));
        assertEquals("only the modified and the new file hashed", ingests + 2, annex.calls());
        assertEquals("", TestRepos.git(dir, "status", "--porcelain"));
        TestRepos.git(dir, "annex", "fsck", "--quiet");
    }

    @Test
    public void burstOf10000FilesBecomesFewCommits() throws Exception {
        TestRepos.git(dir, "config", "annex.largefiles", "include=*.bin");
        start();
        Files.writeString(dir.resolve("first"), "first");
        awaitInHead("first");
        int commitsBefore = TestRepos.commitCount(dir);
        long t0 = System.nanoTime();
        for (int d = 0; d < 100; d++) {
            Path sub = Files.createDirectories(dir.resolve("d" + d));
            for (int f = 0; f < 100; f++) {
                String name = f % 10 == 0 ? "f" + f + ".bin" : "f" + f + ".txt";
                Files.writeString(sub.resolve(name), "content " + d + "/" + f, StandardCharsets.UTF_8);
            }
        }
        Git.await(180_000, "10,000 files in HEAD", () -> headCount("d") == 10_000);
        long millis = (System.nanoTime() - t0) / 1_000_000;
        int commits = TestRepos.commitCount(dir) - commitsBefore;
        System.out.println("burst: 10,000 files (1,000 annexed) committed in " + millis + " ms with " + commits
                + " commits");
        assertTrue(commits + " commits", commits >= 1 && commits <= 10);
        String found = TestRepos.git(dir, "annex", "find");
        assertEquals(1000, found.lines().count());
        assertTrue(found.lines().allMatch(l -> l.endsWith(".bin")));
        TestRepos.git(dir, "annex", "fsck", "--quiet");
        assertEquals("", TestRepos.git(dir, "status", "--porcelain"));
    }

    @Test
    public void danglingAnnexLinkIsStagedAsSymlinkAndReported() throws Exception {
        start();
        Key key = Key.parse("SHA256E-s6--5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03.txt");
        Files.createDirectories(dir.resolve("sub"));
        String target = "../.git/annex/objects/" + key.objectPath();
        Files.createSymbolicLink(dir.resolve("sub/hello.txt"), Path.of(target));
        awaitInHead("sub/hello.txt");
        String[] entry = TestRepos.headTree(dir).get("sub/hello.txt").split(" ");
        assertEquals("120000", entry[0]);
        assertEquals(target, TestRepos.blobText(dir, entry[1]));
        Git.await(5000, "missing-content event", () -> events.stream().anyMatch(
                e -> "missing-content".equals(e.get("change")) && key.toString().equals(e.get("key"))
                        && "sub/hello.txt".equals(e.get("path"))));
        assertEquals(0, annex.calls());
    }

    /** A pointer to a key whose file name has escapes: staged as git-annex wrote it, reported under git-annex's key. */
    @Test
    public void pointerFileOfAnEscapedKeyIsStagedAsGitAnnexWroteItAndReportedByItsKey() throws Exception {
        String key = "URL--http://example.com/a%b&c:d";
        String pointer = TestRepos.git(dir, "annex", "examinekey", key, "--format=${objectpointer}");
        start();
        Files.writeString(dir.resolve("u.txt"), pointer);
        awaitInHead("u.txt");
        String[] entry = TestRepos.headTree(dir).get("u.txt").split(" ");
        assertEquals("100644", entry[0]);
        assertEquals(pointer, TestRepos.blobText(dir, entry[1]));
        assertEquals(key + "\n", TestRepos.git(dir, "annex", "lookupkey", "u.txt"));
        Git.await(5000, "missing-content event", () -> events.stream().anyMatch(
                e -> "missing-content".equals(e.get("change")) && key.equals(e.get("key")) && "u.txt".equals(e.get("path"))));
        assertEquals(0, annex.calls());
    }
}
