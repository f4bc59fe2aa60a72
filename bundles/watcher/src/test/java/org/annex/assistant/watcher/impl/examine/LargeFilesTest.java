package org.annex.assistant.watcher.impl.examine;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.annex.assistant.testsupport.Git;
import org.annex.assistant.watcher.impl.TestRepos;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** The expression subset, checked against git-annex's own matcher ({@code git annex matchexpression}). */
public class LargeFilesTest {
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private static final String[] EXPRESSIONS = {
        "anything", "nothing", "largerthan=1kb", "largerthan=1KiB", "smallerthan=10mb", "include=*.txt",
        "exclude=*.txt", "include=a*", "include=*/b.txt", "include=?.txt", "include=[ab].txt",
        "anything or nothing and nothing", "nothing and nothing or anything", "not include=*.txt",
        "include=*.iso or (largerthan=100b and not include=docs/*)", "largerthan=2MB or include=*.bin",
    };
    private static final String[] FILES = {"a.txt", "a/b.txt", "x/ab", "b.txt", "docs/big.dat", "c.iso", "z.bin"};
    private static final long[] SIZES = {0, 100, 101, 1000, 1001, 1024, 1025, 2_000_001, 20_000_000};

    @Test
    public void agreesWithGitAnnexMatchexpression() throws Exception {
        Path dir = Git.annexInit(tmp.getRoot().toPath().resolve("r"), "r");
        int checked = 0;
        try (Repository repo = new FileRepositoryBuilder().setGitDir(dir.resolve(".git").toFile()).build()) {
            LargeFiles rule = new LargeFiles(repo);
            for (String expr : EXPRESSIONS) {
                repo.getConfig().setString("annex", null, "largefiles", expr);
                for (String file : FILES) {
                    for (long size : SIZES) {
                        boolean annex = matchexpression(dir, expr, file, size);
                        assertEquals(expr + " on " + file + " size " + size, annex, rule.isLarge(file, size));
                        checked++;
                    }
                }
            }
        }
        assertEquals(EXPRESSIONS.length * FILES.length * SIZES.length, checked);
    }

    private static boolean matchexpression(Path repo, String expr, String file, long size) throws Exception {
        Process p = new ProcessBuilder("git", "annex", "matchexpression", expr, "--file=" + file, "--size=" + size)
                .directory(repo.toFile()).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        int rc = p.waitFor();
        if (rc > 1) {
            throw new IOException("matchexpression " + expr + " exited " + rc);
        }
        return rc == 0;
    }

    @Test
    public void gitConfigOverridesAttributesAndDefaultIsEverything() throws Exception {
        Path dir = Git.annexInit(tmp.getRoot().toPath().resolve("r2"), "r2");
        try (Repository repo = new FileRepositoryBuilder().setGitDir(dir.resolve(".git").toFile()).build()) {
            LargeFiles rule = new LargeFiles(repo);
            assertTrue(rule.isLarge("tiny.txt", 1));
            Files.writeString(dir.resolve(".gitattributes"), "* annex.largefiles=largerthan=100b\n");
            Files.createDirectories(dir.resolve("sub"));
            Files.writeString(dir.resolve("sub/.gitattributes"), "*.txt annex.largefiles=anything\n");
            assertFalse(rule.isLarge("tiny.dat", 1));
            assertTrue(rule.isLarge("big.dat", 101));
            assertTrue(rule.isLarge("sub/tiny.txt", 1));
            assertFalse(rule.isLarge("sub/tiny.dat", 1));
            TestRepos.git(dir, "config", "annex.largefiles", "nothing");
            repo.getConfig().load();
            assertFalse(rule.isLarge("sub/tiny.txt", 1));
            assertFalse(rule.isLarge("big.dat", 1_000_000));
        }
    }

    @Test
    public void malformedExpressionIsAClearError() throws Exception {
        Path dir = Git.annexInit(tmp.getRoot().toPath().resolve("r3"), "r3");
        try (Repository repo = new FileRepositoryBuilder().setGitDir(dir.resolve(".git").toFile()).build()) {
            repo.getConfig().setString("annex", null, "largefiles", "largerthan=lots");
            new LargeFiles(repo).isLarge("a", 1);
            throw new AssertionError("largerthan=lots accepted");
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("annex.largefiles 'largerthan=lots'"));
        }
    }
}
