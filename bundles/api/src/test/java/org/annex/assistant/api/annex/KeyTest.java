package org.annex.assistant.api.annex;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import org.junit.Test;

public class KeyTest {

    /** Rows of key-hashdirs.tsv, produced by {@code git annex examinekey} (git-annex 10.20230126). */
    private static List<String[]> vectors() throws IOException {
        List<String[]> rows = new ArrayList<>();
        // Read directly: test support depends on this bundle, so this bundle's tests cannot use it.
        try (InputStream in = KeyTest.class.getResourceAsStream("/testdata/git-annex/key-hashdirs.tsv")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.startsWith("#") && !line.isEmpty()) {
                    rows.add(line.split("\t", -1));
                }
            }
        }
        return rows;
    }

    /** The vectors are git-annex's answers, not ours: ask the installed git-annex again, in one process. */
    @Test
    public void keyHashdirsVectorsAreWhatGitAnnexSays() throws Exception {
        List<String[]> rows = vectors();
        Path repo = Files.createTempDirectory("examinekey");
        try {
            run(repo, "git", "init", "-q");
            run(repo, "git", "annex", "init", "-q", "examinekey");
            List<String> cmd = new ArrayList<>(List.of("git", "annex", "examinekey",
                    "--format=${hashdirmixed}\t${hashdirlower}\t${objectpath}\n"));
            rows.forEach(row -> cmd.add(row[0]));
            String[] answers = run(repo, cmd.toArray(String[]::new)).split("\n");
            assertEquals(rows.size(), answers.length);
            for (int i = 0; i < rows.size(); i++) {
                String[] row = rows.get(i);
                assertEquals("git-annex on " + row[0], row[1] + "\t" + row[2] + "\t" + row[3], answers[i]);
            }
        } finally {
            // nothing was annexed, so there are no read-only objects to unlock first
            try (Stream<Path> all = Files.walk(repo)) {
                all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static String run(Path dir, String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(String.join(" ", cmd), 0, p.waitFor());
        return out;
    }

    @Test
    public void everyVectorOfKeyHashdirsMatches() throws IOException {
        List<String[]> rows = vectors();
        assertEquals(13, rows.size());
        for (String[] row : rows) {
            Key key = Key.parse(row[0]);
            assertEquals(row[0], key.toString());
            assertEquals("hashdirmixed of " + row[0], row[1], key.hashDirMixed());
            assertEquals("hashdirlower of " + row[0], row[2], key.hashDirLower());
            assertEquals("objectpath of " + row[0], row[3], ".git/annex/objects/" + key.objectPath());
            assertEquals("file name of " + row[0], row[4], key.fileName());
            assertEquals("key of file name " + row[4], key, Key.fromFileName(row[4]));
        }
    }

    @Test
    public void fieldsAreParsed() {
        Key k = Key.parse("SHA256E-s1048576-S262144-C2--abc.bin");
        assertEquals("SHA256E", k.backend());
        assertEquals(1048576, k.size().getAsLong());
        assertEquals(262144, k.chunkSize().getAsLong());
        assertEquals(2, k.chunkNumber().getAsInt());
        assertEquals("abc.bin", k.name());
        Key worm = Key.parse("WORM-s1-m1795594751--x_y,38z.txt");
        assertEquals(1795594751L, worm.mtime().getAsLong());
        assertFalse(Key.isHashBackend("WORM"));
        assertTrue(Key.isHashBackend("SHA256E"));
        assertEquals("5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03",
                Key.parse("SHA256E-s6--5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03.txt").digest());
    }

    private static final String HEX64 = "5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03";

    @Test
    public void hostileKeysAreRefusedWithClearErrors() {
        String longName = "WORM-s1-m1--" + "a".repeat(300);
        Object[][] hostile = {
            {"", "empty"},
            {null, "empty"},
            {"SHA256E-s6--" + HEX64 + "/../x", "path separator"},
            {"WORM-s1-m1--a/b", "path separator"},
            {"WORM-s1-m1--a\\b", "path separator"},
            {"WORM-s1-m1--..", "'..'"},
            {"WORM-s1-m1--.", "'.'"},
            {"WORM-s1-m1--a\0b", "control character 0x0"},
            {"WORM-s1-m1--a\nb", "control character 0xa"},
            {"WORM-s1-m1--a\u007fb", "control character 0x7f"},
            {longName, "too long"},
            {"WORM-s1-m1--" + "b".repeat(2000), "too long"},
            {"SHA256E-sx1--" + HEX64, "bad number"},
            {"SHA256E-s-1--" + HEX64, "bad key field"},
            {"SHA256E-s99999999999999999999--" + HEX64, "bad number"},
            {"SHA256E-s+1--" + HEX64, "bad number"},
            {"SHA256E-s01--" + HEX64, "canonical"},
            {"sha256-s6--" + HEX64, "bad key backend"},
            {"SHA256E-s6", "no '--'"},
            {"--name", "no '--'"},
            {"SHA256E-q6--" + HEX64, "unknown key field"},
            {"SHA256E-s6-S5--" + HEX64, "go together"},
            {"WORM-s1-C99999999999--x", "chunk number too large"},
        };
        for (Object[] h : hostile) {
            String text = (String) h[0];
            try {
                Key.parse(text);
                fail("accepted hostile key " + text);
            } catch (KeyFormatException e) {
                assertTrue("message for " + text + " was: " + e.getMessage(), e.getMessage().contains((String) h[1]));
                assertFalse("message must not echo control characters", e.getMessage().contains("\0") || e.getMessage().contains("\n"));
            }
        }
    }

    /** Bad digests parse (git-annex reads such keys too) but are marked so that content is never verified against them. */
    @Test
    public void badHexDigestsAreNotValidDigests() {
        assertTrue(Key.parse("SHA256E-s6--" + HEX64 + ".txt").hasValidDigest());
        assertTrue(Key.parse("SHA256-s6--" + HEX64).hasValidDigest());
        assertTrue(Key.parse("MD5E-s6--b1946ac92492d2347c6235b4d2611184.txt").hasValidDigest());
        String[] bad = {
            "SHA256E-s6--" + HEX64.toUpperCase(),
            "SHA256E-s6--" + HEX64.substring(1),
            "SHA256E-s6--" + HEX64.replace('5', 'g') + ".txt",
            "SHA256-s6--" + HEX64 + ".txt",
            "MD5E-s6--" + HEX64 + ".txt",
            "SHA256E-s1048576-S262144-C2--abc.bin",
            "WORM-s1-m1795594751--x_y,38z.txt",
        };
        for (String b : bad) {
            assertFalse(b, Key.parse(b).hasValidDigest());
        }
    }

    @Test
    public void urlKeysEscapeSeparatorsInTheirFileName() {
        Key url = Key.parse("URL--http://example.com/a%b&c:d");
        assertEquals("URL--http&c%%example.com%a&sb&ac&cd", url.fileName());
        assertFalse(url.objectPath().contains("/../"));
    }

    @Test
    public void fileNamesDecodeToTheirKeys() {
        Key url = Key.parse("URL--http://example.com/a%b&c:d");
        assertEquals(url, Key.fromFileName("URL--http&c%%example.com%a&sb&ac&cd"));
        // git-annex's WORM keeps % and : in the name (& became ,38), the file name escapes them.
        Key worm = Key.parse("WORM-s3-m1796154444--a,38b%c:d.txt");
        assertEquals("WORM-s3-m1796154444--a,38b&sc&cd.txt", worm.fileName());
        assertEquals(worm, Key.fromFileName(worm.fileName()));
        Key amp = Key.parse("WORM-s1-m1--&&a&s&c");
        assertEquals(amp, Key.fromFileName(amp.fileName()));
    }

    @Test
    public void malformedFileNamesAreRefused() {
        String[][] bad = {
            {"WORM-s1-m1--a&", "bad escape '&'"},
            {"WORM-s1-m1--a&x", "bad escape '&x'"},
            {"WORM-s1-m1--a&A", "bad escape '&A'"},
            {"URL--http://example.com", "not the file name"},
            {"WORM-s1-m1--a:b", "not the file name"},
            {"WORM-s1-m1--a%b", "path separator"},
            {"not a key", "no '--'"},
        };
        for (String[] b : bad) {
            try {
                Key.fromFileName(b[0]);
                fail("accepted file name " + b[0]);
            } catch (KeyFormatException e) {
                assertTrue("message for " + b[0] + " was: " + e.getMessage(), e.getMessage().contains(b[1]));
            }
        }
    }

    @Test
    public void ofBuildsHashKeys() {
        assertEquals("SHA256E-s6--" + HEX64 + ".txt", Key.of("SHA256E", 6, HEX64 + ".txt").toString());
    }
}
