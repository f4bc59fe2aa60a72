package org.annex.assistant.core.impl;

import org.annex.assistant.core.match.TrustLevel;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

import org.annex.assistant.api.annex.AnnexedFile;
import org.annex.assistant.api.annex.Key;
import org.annex.assistant.core.AnnexInit;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.annex.assistant.testsupport.Git;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** A repository made and changed by the real git-annex must read correctly. */
public class GitAnnexToOursTest {
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private static String uuidOf(Path wt, String remote) throws Exception {
        return Git.stdout(wt, "git", "config", "remote." + remote + ".annex-uuid").trim();
    }

    @Test
    public void repositoryChangedByGitAnnexIsReadCorrectly() throws Exception {
        Path wt = Git.init(tmp.getRoot().toPath().resolve("theirs"));
        Path dirRemote = Files.createDirectories(tmp.getRoot().toPath().resolve("dirremote"));
        Git.stdout(wt, "git", "annex", "init", "their repo");
        Files.writeString(wt.resolve("a.txt"), "aaa\n");
        Files.writeString(wt.resolve("b.dat"), "bbb\n");
        Files.createDirectories(wt.resolve("sub"));
        Files.writeString(wt.resolve("sub/c.txt"), "ccc\n");
        Git.stdout(wt, "git", "annex", "add", ".");
        Git.stdout(wt, "git", "commit", "-q", "-m", "add");
        Git.stdout(wt, "git", "annex", "unlock", "sub/c.txt");
        Git.stdout(wt, "git", "commit", "-q", "-m", "unlock");
        Git.stdout(wt, "git", "annex", "initremote", "dirr", "type=directory", "directory=" + dirRemote, "encryption=none");
        Git.stdout(wt, "git", "annex", "copy", "a.txt", "b.dat", "--to", "dirr");
        Git.stdout(wt, "git", "annex", "drop", "b.dat");
        Git.stdout(wt, "git", "annex", "wanted", "here", "include=*.txt");
        Git.stdout(wt, "git", "annex", "wanted", "dirr", "anything");
        Git.stdout(wt, "git", "annex", "group", "here", "client");
        Git.stdout(wt, "git", "annex", "group", "dirr", "backup");
        Git.stdout(wt, "git", "annex", "groupwanted", "backup", "anything");
        Git.stdout(wt, "git", "annex", "untrust", "dirr");
        Git.stdout(wt, "git", "annex", "numcopies", "2");
        Git.stdout(wt, "git", "annex", "mincopies", "1");
        String here = Git.stdout(wt, "git", "config", "annex.uuid").trim();
        String dirr = uuidOf(wt, "dirr");
        Key a = Key.parse(Git.stdout(wt, "git", "annex", "lookupkey", "a.txt").trim());
        Key b = Key.parse(Git.stdout(wt, "git", "annex", "lookupkey", "b.dat").trim());
        Key c = Key.parse(Git.stdout(wt, "git", "annex", "lookupkey", "sub/c.txt").trim());

        assertEquals(here, AnnexInit.initialise(wt, "ignored: already initialised"));
        try (LocalAnnexRepository repo = LocalAnnexRepository.open(wt, null)) {
            assertEquals(here, repo.uuid());
            assertEquals("their repo", repo.description());
            assertEquals(Set.of(here, dirr), repo.locations(a));
            assertEquals(Set.of(dirr), repo.locations(b));
            assertEquals(Set.of(here), repo.locations(c));
            assertTrue(repo.hasContent(a));
            assertFalse(repo.hasContent(b));
            assertEquals(a, repo.keyFor(wt.resolve("a.txt")));
            assertEquals(c, repo.keyFor(wt.resolve("sub/c.txt")));
            assertEquals(2, repo.numCopies());
            assertEquals(Set.of(a, b, c), repo.keysWithLocationLogs());
            assertEquals(Map.of(a, Set.of(here, dirr), b, Set.of(dirr), c, Set.of(here)), repo.allLocations());

            BranchState s = repo.state();
            assertEquals(Set.of("client"), s.groups(here));
            assertEquals(Set.of(dirr), s.membersOf("backup"));
            assertEquals(TrustLevel.UNTRUSTED, s.trust(dirr));
            assertEquals(TrustLevel.SEMITRUSTED, s.trust(here));
            assertEquals("include=*.txt", s.preferredContent(here).orElseThrow());
            assertEquals("anything", s.groupPreferredContent("backup").orElseThrow());
            assertEquals(1, s.minCopies());
            Map<String, String> rc = s.remoteConfig(dirr);
            assertEquals("directory", rc.get("type"));
            assertEquals("dirr", rc.get("name"));
            assertTrue(s.present(a));
            assertEquals("their repo", s.descriptions().get(here));

            assertTrue("no preferred content: everything is wanted", repo.wants(dirr, b, "b.dat"));
            assertFalse("include=*.txt", repo.wants(here, b, "b.dat"));
            assertTrue("include=*.txt", repo.wants(here, c, "sub/c.txt"));

            assertEquals(AnnexedFile.Kind.ANNEX_LINK, AnnexedFile.of(wt.resolve("a.txt")).kind());
            assertEquals(a, AnnexedFile.of(wt.resolve("a.txt")).key().orElseThrow());
            assertEquals(AnnexedFile.Kind.PLAIN, AnnexedFile.of(wt.resolve("sub/c.txt")).kind());
            try (TreeWalk tw = TreeWalk.forPath(repo.git(), "sub/c.txt", repo.git().resolve("HEAD^{tree}"))) {
                ObjectId blob = tw.getObjectId(0);
                AnnexedFile cl = AnnexedFile.ofBlob(repo.git().open(blob).getBytes(), false);
                assertEquals(AnnexedFile.Kind.POINTER, cl.kind());
                assertEquals(c, cl.key().orElseThrow());
            }

            // Our changes go through the journal; readers prefer it; one commit takes them all.
            String before = Git.stdout(wt, "git", "rev-parse", "git-annex").trim();
            repo.setLocation(b, here, false);
            repo.setLocation(c, dirr, true);
            assertEquals("the journal wins over the branch", Set.of(here, dirr), repo.allLocations().get(c));
            assertEquals(Set.of(here, dirr), repo.locations(c));
            repo.commitJournal();
            assertEquals("both changes in one commit", before, Git.stdout(wt, "git", "rev-parse", "git-annex^").trim());
            assertEquals("update", Git.stdout(wt, "git", "log", "-1", "--format=%B", "git-annex").trim());
            assertTrue(Git.stdout(wt, "git", "annex", "whereis", "--json", "sub/c.txt").contains(dirr));
            // git-annex sees journalled changes before they are committed.
            repo.setLocation(c, dirr, false);
            assertFalse(Git.stdout(wt, "git", "annex", "whereis", "--json", "sub/c.txt").contains(dirr));
            // Content stored by git-annex's directory remote verifies and moves in.
            Path fromRemote = repo.tmpDir().resolve("b.download");
            Files.copy(dirRemote.resolve(b.hashDirLower() + b.fileName() + "/" + b.fileName()), fromRemote);
            repo.storeVerified(b, fromRemote);
            assertTrue(repo.hasContent(b));
            assertTrue(repo.locations(b).contains(here));
            repo.commitJournal();
        }
        String fsck = Git.stdout(wt, "git", "annex", "fsck", "--numcopies=1", "b.dat");
        assertTrue(fsck, fsck.contains("ok"));
    }
}
