package org.annex.assistant.core.impl;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.annex.assistant.api.annex.Key;
import org.annex.assistant.api.annex.LocationLogPath;
import org.annex.assistant.testsupport.GitAnnexRepo;
import org.annex.assistant.testsupport.OddKeysRepo;
import org.junit.Test;

/**
 * Location logs of keys whose file names need escapes ({@code & % : /}): we find the ones git-annex wrote,
 * and git-annex reads the ones we write.
 */
public class OddKeysLocationsTest {
    private static final String WEB = "00000000-0000-0000-0000-000000000001";

    @Test
    public void locationLogsOfEscapedKeysAreReadAndWrittenWhereGitAnnexHasThem() throws Exception {
        try (GitAnnexRepo theirs = OddKeysRepo.create()) {
            String here = theirs.uuid();
            Map<Key, Set<String>> expected = new HashMap<>();
            for (String k : OddKeysRepo.keys(theirs).values()) {
                Key key = Key.parse(k);
                expected.put(key, key.backend().equals("URL") ? Set.of(WEB) : Set.of(here));
            }
            Key url = Key.parse(OddKeysRepo.URL_KEY);
            try (LocalAnnexRepository repo = LocalAnnexRepository.open(theirs.dir(), null)) {
                assertEquals(expected.keySet(), repo.keysWithLocationLogs());
                for (Map.Entry<Key, Set<String>> e : expected.entrySet()) {
                    assertEquals(e.getKey().toString(), e.getValue(), repo.locations(e.getKey()));
                }
                assertEquals(expected, repo.allLocationsUncached());
                assertEquals(expected, repo.allLocations());

                repo.setLocation(url, here, true);
                repo.commitJournal();
            }
            String whereis = theirs.annex("whereis", "--key", OddKeysRepo.URL_KEY);
            assertTrue(whereis, whereis.contains("(2 copies)") && whereis.contains(here) && whereis.contains(WEB));
            String log = LocationLogPath.of(url);
            assertEquals("our line went into git-annex's log, not a second file", Set.of(log, log + ".web"),
                    theirs.git("ls-tree", "-r", "--name-only", "git-annex").lines()
                            .filter(p -> p.startsWith(url.hashDirLower())).collect(Collectors.toSet()));
        }
    }
}
