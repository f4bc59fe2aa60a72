package org.annex.assistant.core.impl;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.annex.assistant.api.annex.Key;
import org.annex.assistant.testsupport.Git;
import org.annex.assistant.testsupport.GitAnnexRepo;
import org.annex.assistant.testsupport.TestData;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class KeyHasherTest {
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    /** Every row of sha256e-extensions.tsv: a 1-byte file 'x' under that name hashes to that key. */
    @Test
    public void everyExtensionVectorMatchesGitAnnex() throws IOException {
        List<String[]> rows = extensionVectors();
        for (String[] row : rows) {
            Path file = Files.write(tmp.newFolder().toPath().resolve("content"), new byte[] {'x'});
            assertEquals("key of " + row[0], row[1], KeyHasher.computeKey("SHA256E", file, row[0]).toString());
        }
        assertEquals(32, rows.size());
    }

    /** The vectors are git-annex's answers: the installed git-annex computes the same keys (one calckey for all). */
    @Test
    public void extensionVectorsAreWhatGitAnnexComputes() throws Exception {
        List<String[]> rows = extensionVectors();
        try (GitAnnexRepo repo = GitAnnexRepo.create("calckey")) {
            List<String> cmd = new ArrayList<>(List.of("git", "annex", "calckey", "--backend=SHA256E"));
            for (String[] row : rows) {
                // each name in a folder of its own: ".jpg" and "f." are names too, and must not collide
                Path dir = Files.createDirectories(repo.dir().resolve("v" + cmd.size()));
                Files.write(dir.resolve(row[0]), new byte[] {'x'});
                cmd.add(repo.dir().relativize(dir.resolve(row[0])).toString());
            }
            String[] keys = Git.stdout(repo.dir(), cmd.toArray(String[]::new)).split("\n");
            assertEquals(rows.size(), keys.length);
            for (int i = 0; i < rows.size(); i++) {
                assertEquals("git-annex on " + rows.get(i)[0], rows.get(i)[1], keys[i]);
            }
        }
    }

    private static List<String[]> extensionVectors() {
        List<String[]> rows = new ArrayList<>();
        for (String line : TestData.dataLines("testdata/git-annex/sha256e-extensions.tsv")) {
            rows.add(line.split("\t"));
        }
        return rows;
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
