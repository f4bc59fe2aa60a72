package org.annex.assistant.core.worktree;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import org.annex.assistant.testsupport.GitAnnexRepo;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

public class WorkTreeFilesTest {
    private Path root;
    private Path workTree;
    private Path outside;
    private WorkTreeFiles files;

    @Before
    public void setUp() throws IOException {
        root = Files.createTempDirectory("worktreefiles-").toRealPath();
        workTree = Files.createDirectory(root.resolve("wt"));
        outside = Files.createDirectory(root.resolve("outside"));
        files = new WorkTreeFiles(workTree);
    }

    @After
    public void tearDown() throws IOException {
        GitAnnexRepo.deleteTree(root);
    }

    @Test
    public void createsMissingFoldersForAWrite() throws IOException {
        assertEquals(workTree.resolve("a/b/c.txt"), files.forWriting("a/b/c.txt"));
        assertTrue(Files.isDirectory(workTree.resolve("a/b")));
        assertEquals(workTree.resolve("top.txt"), files.forWriting("top.txt"));
    }

    @Test
    public void neverGoesThroughASymlinkedFolder() throws IOException {
        Files.createDirectories(workTree.resolve("a"));
        Files.createSymbolicLink(workTree.resolve("a/b"), outside);
        assertRefused(() -> files.forWriting("a/b/c.txt"), "symbolic link");
        assertRefused(() -> files.forWriting("a/b/new/c.txt"), "symbolic link");
        assertRefused(() -> files.existing("a/b/c.txt"), "symbolic link");
        try (var list = Files.list(outside)) {
            assertEquals("nothing was created outside", 0, list.count());
        }
    }

    @Test
    public void aFileWhereAFolderShouldBeIsRefused() throws IOException {
        Files.writeString(workTree.resolve("a"), "a file");
        assertRefused(() -> files.forWriting("a/c.txt"), "not a folder");
    }

    @Test
    public void aMissingFolderMeansAMissingFile() throws IOException {
        assertEquals(Optional.empty(), files.existing("no/such/file"));
        assertFalse(Files.exists(workTree.resolve("no")));
        assertEquals(Optional.of(workTree.resolve("here")), files.existing("here"));
    }

    @Test
    public void pathsGitRefusesAreRefused() {
        assertRefused(() -> files.forWriting("../x"), "refusing the path");
        assertRefused(() -> files.forWriting("sub/.GIT/config"), "refusing the path");
        assertRefused(() -> files.existing("/etc/passwd"), "refusing the path");
    }

    private interface Call {
        Object run() throws IOException;
    }

    private static void assertRefused(Call call, String why) {
        try {
            fail("not refused: " + call.run());
        } catch (IOException e) {
            assertTrue(e.getMessage(), e.getMessage().contains(why));
        }
    }
}
