package org.annex.assistant.itests;

import static org.annex.assistant.testsupport.Git.await;
import static org.annex.assistant.testsupport.Git.run;
import static org.annex.assistant.testsupport.Git.sameTree;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;

import org.annex.assistant.testsupport.Daemon;
import org.annex.assistant.testsupport.Git;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * Daemons on local clones keep them in sync: files and directories created, changed, renamed and deleted
 * on one side appear on the other (content included), through a relay, and conflicts keep both sides.
 * Every repository stays one that git-annex's fsck passes.
 */
public class SyncIT {
    private static final long SYNC_TIMEOUT_MS = 60_000;

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private static void write(Path repo, String rel, String text) throws Exception {
        Path f = repo.resolve(rel);
        Files.createDirectories(f.getParent());
        Files.writeString(f, text, StandardCharsets.UTF_8);
    }

    private static void writeRandom(Path repo, String rel, int size, long seed) throws Exception {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        Path f = repo.resolve(rel);
        Files.createDirectories(f.getParent());
        Files.write(f, b);
    }

    private static long awaitSame(Path a, Path b, String what) throws Exception {
        try {
            return await(SYNC_TIMEOUT_MS, what, () -> sameTree(a, b));
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "\nA: " + Git.tree(a).keySet() + "\nB: " + Git.tree(b).keySet(), e);
        }
    }

    private static void fsck(Path repo) throws Exception {
        String out = run(repo, "git", "annex", "fsck", "--quiet");
        assertTrue(out, !out.contains("failed"));
    }

    @Test
    public void changesFlowBothWays() throws Exception {
        Path a = Git.annexInit(tmp.getRoot().toPath().resolve("a"), "A");
        Path b = Git.cloneAnnex(a, tmp.getRoot().toPath().resolve("b"), "B", "a", "b");
        try (Daemon da = Daemon.start(a); Daemon db = Daemon.start(b)) {
            write(a, "hello.txt", "hello\n");
            write(a, "dir/sub/name with space.txt", "spaces\n");
            write(a, "dir/ünïcödé.txt", "unicode\n");
            writeRandom(a, "dir/sub/big.bin", 300_000, 1);
            System.out.println("create A→B: " + awaitSame(a, b, "created files in B") + " ms");

            write(a, "hello.txt", "hello again\n");
            System.out.println("modify A→B: " + awaitSame(a, b, "modified file in B") + " ms");

            Files.move(a.resolve("dir/sub"), a.resolve("dir/moved"));
            System.out.println("rename dir A→B: " + awaitSame(a, b, "renamed directory in B") + " ms");

            Files.delete(a.resolve("dir/ünïcödé.txt"));
            System.out.println("delete A→B: " + awaitSame(a, b, "deleted file in B") + " ms");

            write(b, "from-b/new.txt", "made in B\n");
            Files.delete(b.resolve("hello.txt"));
            System.out.println("B→A: " + awaitSame(a, b, "B's changes in A") + " ms");
            assertEquals("made in B\n", Files.readString(a.resolve("from-b/new.txt")));
        }
        fsck(a);
        fsck(b);
    }

    @Test
    public void unreachableRemoteIsReportedAndDoesNotBlockTheOthers() throws Exception {
        Path a = Git.annexInit(tmp.getRoot().toPath().resolve("a"), "A");
        Path b = Git.cloneAnnex(a, tmp.getRoot().toPath().resolve("b"), "B", "a", "b");
        run(a, "git", "remote", "add", "gone", tmp.getRoot().toPath().resolve("unplugged-drive/repo").toString());
        try (Daemon da = Daemon.start(a); Daemon db = Daemon.start(b)) {
            write(a, "still-synced.txt", "reaches B although 'gone' is unreachable\n");
            awaitSame(a, b, "A's file in B");
            long ms = await(30_000, "'gone' reported unreachable on the console", () -> {
                try {
                    String s = da.get("/system/console/annex/status.json").body();
                    return s.contains("\"name\":\"gone\",") && s.matches("(?s).*\"name\":\"gone\"[^}]*\"reachable\":false.*")
                            && s.matches("(?s).*\"name\":\"gone\"[^}]*\"lastError\":\"[^\"]+.*");
                } catch (Exception e) {
                    return false;
                }
            });
            assertTrue(ms >= 0);
        }
    }

    @Test
    public void relayThroughTheMiddle() throws Exception {
        Path a = Git.annexInit(tmp.getRoot().toPath().resolve("a"), "A");
        Path b = Git.cloneAnnex(a, tmp.getRoot().toPath().resolve("b"), "B", "a", "b");
        Path c = Git.cloneAnnex(b, tmp.getRoot().toPath().resolve("c"), "C", "b", "c");
        try (Daemon da = Daemon.start(a); Daemon db = Daemon.start(b); Daemon dc = Daemon.start(c)) {
            write(a, "relayed.txt", "from A to C through B\n");
            System.out.println("A→B→C: " + awaitSame(a, c, "A's file in C") + " ms");
            write(c, "back.txt", "from C to A\n");
            awaitSame(a, c, "C's file in A");
        }
        fsck(c);
    }

    @Test
    public void conflictKeepsBothVersionsWithGitAnnexNames() throws Exception {
        Path a = Git.annexInit(tmp.getRoot().toPath().resolve("a"), "A");
        Path b = Git.cloneAnnex(a, tmp.getRoot().toPath().resolve("b"), "B", "a", "b");
        try (Daemon da = Daemon.start(a); Daemon db = Daemon.start(b)) {
            write(a, "c.txt", "original\n");
            awaitSame(a, b, "c.txt in B");
        }
        write(a, "c.txt", "fromA\n");
        write(b, "c.txt", "fromB\n");
        try (Daemon da = Daemon.start(a); Daemon db = Daemon.start(b)) {
            awaitSame(a, b, "the merged conflict in both");
            Map<String, String> tree = Git.tree(a);
            Map<String, String> variants = tree.entrySet().stream().filter(e -> e.getKey().startsWith("c.variant-"))
                    .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
            assertEquals(tree.toString(), 2, variants.size());
            assertTrue(variants.containsValue("fromA\n") && variants.containsValue("fromB\n"));
            for (String name : variants.keySet()) {
                assertTrue(name, name.matches("c\\.variant-[0-9a-f]{4}\\.txt"));
            }
        }
        fsck(a);
        fsck(b);
    }

    @Test
    public void burstOfTenThousandFiles() throws Exception {
        Path a = Git.annexInit(tmp.getRoot().toPath().resolve("a"), "A");
        Path b = Git.cloneAnnex(a, tmp.getRoot().toPath().resolve("b"), "B", "a", "b");
        // Small files go to git, big ones to the annex, as annex.largefiles is usually set for trees of
        // many small files; the setting travels with the tree.
        write(a, ".gitattributes", "* annex.largefiles=largerthan=4kb\n");
        try (Daemon da = Daemon.start(a); Daemon db = Daemon.start(b)) {
            String before = run(a, "git", "rev-list", "--count", "--all", "--", ".").trim();
            writeRandom(a, "burst/big-0.bin", 100_000, 3);
            for (int i = 0; i < 10_000; i++) {
                write(a, "burst/d" + (i % 50) + "/f" + i + ".txt", "file " + i + "\n");
            }
            long ms = await(300_000, "10,000 files in B", () -> {
                try {
                    return Files.exists(b.resolve("burst")) && Git.tree(b).keySet().stream().filter(k -> k.startsWith("burst/")).count() == 10_001
                            && sameTree(a, b);
                } catch (java.io.IOException e) {
                    return false;
                }
            });
            System.out.println("10,000 files A→B: " + ms + " ms");
            int commits = Integer.parseInt(run(a, "git", "rev-list", "--count", "master").trim());
            System.out.println("commits on master: " + commits + " (before: " + before + ")");
            assertTrue("a burst is a few commits, not 10,000: " + commits, commits <= 30);
        }
    }
}
