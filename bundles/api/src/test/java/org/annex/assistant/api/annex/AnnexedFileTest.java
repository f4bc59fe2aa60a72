package org.annex.assistant.api.annex;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class AnnexedFileTest {
    private static final Key SHA = Key.parse("SHA256E-s6--5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03.txt");

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    @Test
    public void blobsAreClassifiedByTheirTreeMode() {
        AnnexedFile pointer = AnnexedFile.ofBlob(PointerFile.bytes(SHA), false);
        assertEquals(AnnexedFile.Kind.POINTER, pointer.kind());
        assertEquals(SHA, pointer.key().orElseThrow());
        AnnexedFile link = AnnexedFile.ofBlob(AnnexLink.target("d/x.txt", SHA).getBytes(StandardCharsets.UTF_8), true);
        assertEquals(AnnexedFile.Kind.ANNEX_LINK, link.kind());
        assertEquals(SHA, link.key().orElseThrow());
        // A regular file holding link text is a pointer to git-annex; a symlink holding pointer text is a link.
        assertEquals(AnnexedFile.Kind.POINTER,
                AnnexedFile.ofBlob(AnnexLink.target("x", SHA).getBytes(StandardCharsets.UTF_8), false).kind());
        AnnexedFile plain = AnnexedFile.ofBlob("plain text".getBytes(StandardCharsets.UTF_8), false);
        assertEquals(AnnexedFile.Kind.PLAIN, plain.kind());
        assertFalse(plain.key().isPresent());
        byte[] big = ("d".repeat(PointerFile.MAX_SIZE) + AnnexLink.target("x", SHA)).getBytes(StandardCharsets.UTF_8);
        assertEquals(AnnexedFile.Kind.PLAIN, AnnexedFile.ofBlob(big, true).kind());
    }

    @Test
    public void workTreeFilesAreClassifiedWithoutFollowingLinks() throws IOException {
        Path root = tmp.getRoot().toPath();
        Path pointer = Files.write(root.resolve("p.txt"), PointerFile.bytes(SHA));
        Path link = Files.createSymbolicLink(root.resolve("l.txt"), Path.of(AnnexLink.target("l.txt", SHA)));
        Path other = Files.createSymbolicLink(root.resolve("o.txt"), Path.of("p.txt"));
        Path dir = Files.createDirectory(root.resolve("d"));
        assertEquals(AnnexedFile.Kind.POINTER, AnnexedFile.of(pointer).kind());
        assertEquals(SHA, AnnexedFile.of(pointer).key().orElseThrow());
        assertEquals(AnnexedFile.Kind.ANNEX_LINK, AnnexedFile.of(link).kind());
        assertEquals(AnnexedFile.Kind.PLAIN, AnnexedFile.of(other).kind());
        assertEquals(AnnexedFile.Kind.PLAIN, AnnexedFile.of(dir).kind());
        Path large = Files.write(root.resolve("large"), new byte[PointerFile.MAX_SIZE + 1]);
        assertEquals(AnnexedFile.Kind.PLAIN, AnnexedFile.of(large).kind());
    }
}
