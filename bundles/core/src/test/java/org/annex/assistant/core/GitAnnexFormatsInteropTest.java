package org.annex.assistant.core;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import org.annex.assistant.api.annex.AnnexLink;
import org.annex.assistant.api.annex.AnnexedFile;
import org.annex.assistant.api.annex.Key;
import org.annex.assistant.api.annex.LocationLogPath;
import org.annex.assistant.api.annex.PointerFile;
import org.annex.assistant.testsupport.Git;
import org.annex.assistant.testsupport.GitAnnexRepo;
import org.annex.assistant.testsupport.OddKeysRepo;
import org.junit.Test;

/**
 * Reads what the real git-annex wrote for keys that need every file-name escape: its pointer blobs, symlinks,
 * object paths and location-log paths must parse to git-annex's keys, and ours must be byte for byte its own.
 *
 * <p>It tests api classes from core's tests: the api's own tests cannot use testsupport, which depends on
 * the api.
 */
public class GitAnnexFormatsInteropTest {

    @Test
    public void pointersLinksObjectPathsAndLocationLogsRoundTrip() throws Exception {
        try (GitAnnexRepo repo = OddKeysRepo.create()) {
            Map<String, String> keys = OddKeysRepo.keys(repo);
            assertEquals(OddKeysRepo.URL_KEY, keys.get(OddKeysRepo.LOCKED_URL));
            assertTrue("git-annex escaped & in the WORM name", keys.get(OddKeysRepo.UNLOCKED_WORM).contains(",38b%c:d"));
            Set<String> branchFiles = new HashSet<>(
                    java.util.List.of(repo.git("ls-tree", "-r", "--name-only", "git-annex").split("\n")));
            int pointers = 0;
            int links = 0;
            for (Map.Entry<String, String> e : keys.entrySet()) {
                String path = e.getKey();
                Key key = Key.parse(e.getValue());
                String[] entry = repo.git("ls-tree", "HEAD", "--", path).split("\\s+");
                byte[] blob = Git.runBytes(repo.dir(), "git", "cat-file", "blob", entry[2]);
                AnnexedFile inTree = AnnexedFile.ofBlob(blob, entry[0].equals("120000"));
                assertEquals(path, key, inTree.key().orElseThrow());
                if (entry[0].equals("120000")) {
                    links++;
                    assertEquals(AnnexedFile.Kind.ANNEX_LINK, inTree.kind());
                    assertEquals(path, new String(blob, StandardCharsets.UTF_8), AnnexLink.target(path, key));
                    assertEquals(AnnexedFile.Kind.ANNEX_LINK, AnnexedFile.of(repo.dir().resolve(path)).kind());
                } else {
                    pointers++;
                    assertEquals("100644", entry[0]);
                    assertEquals(AnnexedFile.Kind.POINTER, inTree.kind());
                    assertArrayEquals(path, blob, PointerFile.bytes(key));
                }
                String[] examined = repo.annex("examinekey", key.toString(),
                        "--format=${objectpath}\\n${objectpointer}${hashdirlower}\\n").split("\n");
                assertEquals(path, examined[0], ".git/annex/objects/" + key.objectPath());
                assertEquals(path, examined[1] + "\n", PointerFile.text(key));
                assertEquals(path, examined[2], key.hashDirLower());
                String objectFile = examined[0].substring(examined[0].lastIndexOf('/') + 1);
                assertEquals(path, key, Key.fromFileName(objectFile));
                if (!key.backend().equals("URL")) {
                    assertTrue(path, Files.isRegularFile(repo.dir().resolve(examined[0])));
                }
                String log = LocationLogPath.of(key);
                assertTrue(path + ": " + log + " in " + branchFiles, branchFiles.contains(log));
                assertEquals(path, key, LocationLogPath.keyOf(log).orElseThrow());
            }
            assertEquals(3, pointers);
            assertEquals(3, links);
            Set<Key> logged = new HashSet<>();
            for (String f : branchFiles) {
                LocationLogPath.keyOf(f).ifPresent(logged::add);
            }
            Set<Key> annexed = new HashSet<>();
            keys.values().forEach(k -> annexed.add(Key.parse(k)));
            assertEquals("every location log git-annex wrote, and nothing else, names a key", annexed, logged);
            assertTrue("the URL log is there, and is not a location log",
                    branchFiles.contains(LocationLogPath.of(Key.parse(OddKeysRepo.URL_KEY)) + ".web"));
        }
    }

    /** A work-tree file whose content git-annex has not got is the pointer itself; one that has it is content. */
    @Test
    public void workTreeFilesOfUnlockedKeysArePointersOnlyWithoutContent() throws Exception {
        try (GitAnnexRepo repo = OddKeysRepo.create()) {
            Map<String, String> keys = OddKeysRepo.keys(repo);
            Path noContent = repo.dir().resolve(OddKeysRepo.UNLOCKED_URL);
            assertEquals(AnnexedFile.Kind.POINTER, AnnexedFile.of(noContent).kind());
            assertEquals(Key.parse(keys.get(OddKeysRepo.UNLOCKED_URL)), AnnexedFile.of(noContent).key().orElseThrow());
            assertEquals(AnnexedFile.Kind.PLAIN, AnnexedFile.of(repo.dir().resolve(OddKeysRepo.UNLOCKED_WORM)).kind());
            assertFalse(AnnexedFile.of(repo.dir().resolve(OddKeysRepo.UNLOCKED_DEEP)).key().isPresent());
        }
    }
}
