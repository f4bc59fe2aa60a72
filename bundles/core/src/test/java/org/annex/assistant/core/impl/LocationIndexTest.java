package org.annex.assistant.core.impl;

import org.annex.assistant.testsupport.Git;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

import org.annex.assistant.api.annex.Key;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The location index must always give what a plain read of every location log gives, in a repository
 * changed by the real git-annex behind its back: branch moved, journal not committed, index damaged,
 * history rewritten.
 */
public class LocationIndexTest {
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private Path wt;
    private Path index;
    private String here;
    private String dirr;
    private Key a;
    private Key b;
    private Key c;

    @Before
    public void repository() throws Exception {
        wt = Git.init(tmp.getRoot().toPath().resolve("repo"));
        Path dirRemote = Files.createDirectories(tmp.getRoot().toPath().resolve("dirremote"));
        Git.stdout(wt, "git", "annex", "init", "indexed");
        Files.writeString(wt.resolve("a.txt"), "aaa\n");
        Files.writeString(wt.resolve("b.txt"), "bbb\n");
        Files.writeString(wt.resolve("c.txt"), "ccc\n");
        Git.stdout(wt, "git", "annex", "add", ".");
        Git.stdout(wt, "git", "commit", "-q", "-m", "add");
        Git.stdout(wt, "git", "annex", "initremote", "dirr", "type=directory", "directory=" + dirRemote, "encryption=none");
        Git.stdout(wt, "git", "annex", "copy", "a.txt", "b.txt", "--to", "dirr");
        Git.stdout(wt, "git", "annex", "drop", "b.txt");
        here = Git.stdout(wt, "git", "config", "annex.uuid").trim();
        dirr = Git.stdout(wt, "git", "config", "remote.dirr.annex-uuid").trim();
        a = Key.parse(Git.stdout(wt, "git", "annex", "lookupkey", "a.txt").trim());
        b = Key.parse(Git.stdout(wt, "git", "annex", "lookupkey", "b.txt").trim());
        c = Key.parse(Git.stdout(wt, "git", "annex", "lookupkey", "c.txt").trim());
        index = wt.resolve(".git/annex-assistant/locations.idx");
    }

    /** Reads all locations with a fresh instance, checks them against the plain read; returns them. */
    private Map<Key, Set<String>> read(String expectedSource) throws Exception {
        try (LocalAnnexRepository repo = LocalAnnexRepository.open(wt, null)) {
            Map<Key, Set<String>> indexed = repo.allLocations();
            assertEquals(expectedSource, repo.lastLocationsSource());
            assertEquals(repo.allLocationsUncached(), indexed);
            return indexed;
        }
    }

    @Test
    public void firstReadWritesTheIndexLaterReadsUseIt() throws Exception {
        Map<Key, Set<String>> first = read("FULL");
        assertEquals(Map.of(a, Set.of(here, dirr), b, Set.of(dirr), c, Set.of(here)), first);
        assertTrue(Files.isRegularFile(index));
        assertEquals(first, read("FILE"));
    }

    @Test
    public void branchMovedByGitAnnexIsFollowedIncrementally() throws Exception {
        read("FULL");
        Git.stdout(wt, "git", "annex", "copy", "c.txt", "--to", "dirr");
        Git.stdout(wt, "git", "annex", "drop", "a.txt");
        Git.stdout(wt, "git", "annex", "setpresentkey", b.toString(), here, "1");
        Files.writeString(wt.resolve("d.txt"), "ddd\n");
        Git.stdout(wt, "git", "annex", "add", "d.txt");
        Key d = Key.parse(Git.stdout(wt, "git", "annex", "lookupkey", "d.txt").trim());
        Map<Key, Set<String>> moved = read("INCREMENTAL");
        assertEquals(Map.of(a, Set.of(dirr), b, Set.of(here, dirr), c, Set.of(here, dirr), d, Set.of(here)), moved);

        // In one instance too, as the daemon reads: the tip moves between two reads.
        try (LocalAnnexRepository repo = LocalAnnexRepository.open(wt, null)) {
            repo.allLocations();
            Git.stdout(wt, "git", "annex", "setpresentkey", d.toString(), dirr, "1");
            Map<Key, Set<String>> again = repo.allLocations();
            assertEquals("git-annex only journalled it", "MEMORY", repo.lastLocationsSource());
            assertEquals(Set.of(here, dirr), again.get(d));
            assertEquals(repo.allLocationsUncached(), again);
            Git.stdout(wt, "git", "annex", "drop", "c.txt");
            again = repo.allLocations();
            assertEquals("drop committed the journal", "INCREMENTAL", repo.lastLocationsSource());
            assertEquals(Set.of(dirr), again.get(c));
            assertEquals(Set.of(here, dirr), again.get(d));
            assertEquals(repo.allLocationsUncached(), again);
            assertEquals("MEMORY", sourceOfAnotherRead(repo));
        }
    }

    private static String sourceOfAnotherRead(LocalAnnexRepository repo) throws Exception {
        repo.allLocations();
        return repo.lastLocationsSource();
    }

    @Test
    public void journalNotYetCommittedWins() throws Exception {
        read("FULL");
        Git.stdout(wt, "git", "-c", "annex.alwayscommit=false", "annex", "setpresentkey", a.toString(), dirr, "0");
        Git.stdout(wt, "git", "-c", "annex.alwayscommit=false", "annex", "setpresentkey", c.toString(), dirr, "1");
        assertTrue("git-annex left it in the journal", Files.list(wt.resolve(".git/annex/journal")).count() >= 2);
        Map<Key, Set<String>> withJournal = read("FILE");
        assertEquals(Set.of(here), withJournal.get(a));
        assertEquals(Set.of(here, dirr), withJournal.get(c));
        assertEquals(Set.of(dirr), withJournal.get(b));
        try (LocalAnnexRepository repo = LocalAnnexRepository.open(wt, null)) {
            repo.setLocation(b, here, true);
            assertEquals(Set.of(here, dirr), repo.allLocations().get(b));
            repo.commitJournal();
            Map<Key, Set<String>> committed = repo.allLocations();
            assertEquals("INCREMENTAL", repo.lastLocationsSource());
            assertEquals(withJournal.get(c), committed.get(c));
            assertEquals(Set.of(here, dirr), committed.get(b));
            assertEquals(repo.allLocationsUncached(), committed);
        }
    }

    @Test
    public void damagedIndexFallsBackToAFullRead() throws Exception {
        Map<Key, Set<String>> first = read("FULL");
        byte[] bytes = Files.readAllBytes(index);
        bytes[bytes.length / 2] ^= 0x10;
        Files.write(index, bytes);
        assertEquals(first, read("FULL"));
        assertEquals("the full read wrote a good index again", first, read("FILE"));

        Files.write(index, java.util.Arrays.copyOf(bytes, bytes.length / 3));
        assertEquals(first, read("FULL"));
        Files.write(index, new byte[0]);
        assertEquals(first, read("FULL"));
    }

    @Test
    public void rewrittenHistoryIsDiffedWhileItsCommitLastsAndReadInFullOnceItIsGone() throws Exception {
        read("FULL");
        Git.stdout(wt, "git", "annex", "setpresentkey", c.toString(), dirr, "1");
        Git.stdout(wt, "git", "annex", "forget", "--force");
        Git.stdout(wt, "git", "annex", "setpresentkey", a.toString(), here, "0");
        Map<Key, Set<String>> rewritten = read("INCREMENTAL");
        assertEquals(Map.of(a, Set.of(dirr), b, Set.of(dirr), c, Set.of(here, dirr)), rewritten);

        Git.stdout(wt, "git", "annex", "setpresentkey", b.toString(), dirr, "0");
        Git.stdout(wt, "git", "annex", "forget", "--force");
        Git.stdout(wt, "git", "reflog", "expire", "--expire=now", "--all");
        Git.stdout(wt, "git", "gc", "-q", "--prune=now");
        Map<Key, Set<String>> afterGc = read("FULL");
        assertEquals(Map.of(a, Set.of(dirr), b, Set.of(), c, Set.of(here, dirr)), afterGc);
    }
}
