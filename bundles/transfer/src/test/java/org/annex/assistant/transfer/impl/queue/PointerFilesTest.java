package org.annex.assistant.transfer.impl.queue;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.annex.assistant.api.annex.Key;
import org.annex.assistant.api.annex.PointerFile;
import org.annex.assistant.core.LocalAnnex;
import org.annex.assistant.testsupport.Git;
import org.annex.assistant.testsupport.GitAnnexRepo;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/** Pointer files are filled in the work tree only: a path through a symlinked folder is refused. */
public class PointerFilesTest {
    private Path root;
    private LocalAnnex annex;
    private Key key;

    @Before
    public void setUp() throws Exception {
        root = Files.createTempDirectory("pointerfiles-").toRealPath();
        Path repo = Git.annexInit(root.resolve("repo"), "repo");
        annex = LocalAnnex.open(repo, "repo");
        Path file = repo.resolve("content.bin");
        Files.writeString(file, "the content\n");
        key = annex.ingest(file).orElseThrow();
    }

    @After
    public void tearDown() throws IOException {
        annex.close();
        GitAnnexRepo.deleteTree(root);
    }

    @Test
    public void fillsAPointerFileInTheWorkTree() throws IOException {
        Path pointer = annex.workTree().resolve("docs/copy.bin");
        Files.createDirectories(pointer.getParent());
        Files.write(pointer, PointerFile.bytes(key));
        PointerFiles.populate(annex, key, "docs/copy.bin");
        assertEquals("the content\n", Files.readString(pointer));
    }

    @Test
    public void neverWritesThroughASymlinkedFolder() throws IOException {
        Path outside = Files.createDirectory(root.resolve("outside"));
        Files.write(outside.resolve("copy.bin"), PointerFile.bytes(key));
        Files.createSymbolicLink(annex.workTree().resolve("docs"), outside);
        try {
            PointerFiles.populate(annex, key, "docs/copy.bin");
            fail("filled through a symlink");
        } catch (IOException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("symbolic link"));
        }
        assertEquals(PointerFile.text(key), Files.readString(outside.resolve("copy.bin")));
    }

    @Test
    public void aPathGitWouldRefuseIsRefused() throws IOException {
        Files.write(root.resolve("x"), PointerFile.bytes(key));
        try {
            PointerFiles.populate(annex, key, "../x");
            fail("filled outside the work tree");
        } catch (IOException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("refusing the path"));
        }
        assertEquals(PointerFile.text(key), Files.readString(root.resolve("x")));
    }
}
