package org.annex.assistant.api.annex;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

import org.junit.Test;

public class PointerFileTest {
    private static final Key SHA = Key.parse("SHA256E-s6--5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03.txt");
    private static final Key URL = Key.parse("URL--http://example.com/a%b&c:d");

    private static Optional<Key> parse(String text) {
        return PointerFile.parse(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    public void theTextIsTheEscapedKeyAfterTheObjectsDirectory() {
        assertEquals("/annex/objects/URL--http&c%%example.com%a&sb&ac&cd\n", PointerFile.text(URL));
        assertArrayEquals(PointerFile.text(SHA).getBytes(StandardCharsets.UTF_8), PointerFile.bytes(SHA));
        assertEquals(URL, PointerFile.parse(PointerFile.bytes(URL)).orElseThrow());
        assertEquals(SHA, PointerFile.parse(PointerFile.bytes(SHA)).orElseThrow());
    }

    /** Each case as git-annex 10.20230126 {@code lookupkey} read it from a committed blob. */
    @Test
    public void readsWhatGitAnnexReadsAsPointers() {
        assertEquals("WORM-s3-m1--x", parse("/annex/objects/WORM-s3-m1--x").orElseThrow().toString());
        assertEquals("WORM-s3-m1--x", parse("/annex/objects/WORM-s3-m1--x\r\n").orElseThrow().toString());
        assertEquals("WORM-s3-m1--x", parse("foo/annex/objects/WORM-s3-m1--x\n").orElseThrow().toString());
        assertEquals("WORM-s3-m1--x", parse("/annex/objects/aa/bb/WORM-s3-m1--x\n").orElseThrow().toString());
        assertEquals("WORM-s3-m1--x", parse(".git/annex/objects/WORM-s3-m1--x\n").orElseThrow().toString());
        assertFalse(parse("/annex/objects/WORM-s3-m1--x\n\n").isPresent());
        assertFalse(parse("/annex/objects/WORM-s3-m1--x\nmore\n").isPresent());
        assertFalse(parse("annex/objects/WORM-s3-m1--x\n").isPresent());
        assertFalse(parse("hello\n").isPresent());
        assertFalse(parse("").isPresent());
    }

    /** git-annex took a 32768-byte pointer (blob and work-tree file) and refused one of 32769 bytes. */
    @Test
    public void sizeLimitIsGitAnnexs() {
        String line = "/annex/objects/" + SHA.fileName() + "\n";
        assertEquals(SHA, parse(padded(line, PointerFile.MAX_SIZE)).orElseThrow());
        assertFalse(parse(padded(line, PointerFile.MAX_SIZE + 1)).isPresent());
        assertEquals(32768, PointerFile.MAX_SIZE);
    }

    /** The pointer line with a directory prefix that makes it {@code size} bytes: still a pointer by the rule. */
    private static String padded(String line, int size) {
        return "d".repeat(size - line.length()) + line;
    }

    @Test
    public void hostileKeysAreNotPointers() {
        assertFalse(parse("/annex/objects/..\n").isPresent());
        assertFalse(parse("/annex/objects/../../etc/passwd\n").isPresent());
        assertFalse(parse("/annex/objects/SHA256E-s6--x/../../y").isPresent());
        assertFalse(parse("/annex/objects/WORM-s1-m1--a&q\n").isPresent());
        assertFalse(parse("/annex/objects/WORM-s1-m1--a\0b\n").isPresent());
    }
}
