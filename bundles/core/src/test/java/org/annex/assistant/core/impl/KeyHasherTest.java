package org.annex.assistant.core.impl;

import org.annex.assistant.testsupport.TestData;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.annex.assistant.api.annex.Key;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class KeyHasherTest {
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    /** Every row of sha256e-extensions.tsv: a 1-byte file 'x' under that name hashes to that key. */
    @Test
    public void everyExtensionVectorMatchesGitAnnex() throws IOException {
        int rows = 0;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                Files.newInputStream(TestData.file("git-annex", "sha256e-extensions.tsv")), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null;) {
                if (line.startsWith("#") || line.isEmpty()) {
                    continue;
                }
                String[] f = line.split("\t");
                Path dir = tmp.newFolder().toPath();
                Path file = dir.resolve("content");
                Files.write(file, new byte[] {'x'});
                assertEquals("key of " + f[0], f[1], KeyHasher.computeKey("SHA256E", file, f[0]).toString());
                rows++;
            }
        }
        assertEquals(32, rows);
    }

    @Test
    public void sha256HasNoExtensionAndOtherBackendsHash() throws IOException {
        Path f = tmp.newFile("hello.txt").toPath();
        Files.writeString(f, "hello\n");
        assertEquals("SHA256-s6--5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03",
                KeyHasher.computeKey("SHA256", f, "hello.txt").toString());
        assertEquals("MD5E-s6--b1946ac92492d2347c6235b4d2611184.txt", KeyHasher.computeKey("MD5E", f, "hello.txt").toString());
        assertEquals("SHA1E-s6--f572d396fae9206628714fb2ce00f72e94f2258f.txt", KeyHasher.computeKey("SHA1E", f, "hello.txt").toString());
    }

    @Test
    public void mismatchNamesWhatIsWrong() throws IOException {
        Path f = tmp.newFile("h").toPath();
        Files.writeString(f, "hello\n");
        Key good = Key.parse("SHA256E-s6--5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03.txt");
        assertNull(KeyHasher.mismatch(good, f));
        Files.writeString(f, "hellO\n");
        assertEquals(true, KeyHasher.mismatch(good, f).startsWith("checksum "));
        Files.writeString(f, "hello\n\n");
        assertEquals(true, KeyHasher.mismatch(good, f).startsWith("size 7"));
        Key badHex = Key.parse("SHA256E-s7--abc.txt");
        assertEquals(true, KeyHasher.mismatch(badHex, f).contains("no well-formed digest"));
    }
}
