package org.annex.assistant.gitsync.impl;

import static org.annex.assistant.gitsync.testing.AnnexFixture.addRemote;
import static org.annex.assistant.gitsync.testing.AnnexFixture.commitPlain;
import static org.annex.assistant.gitsync.testing.AnnexFixture.head;
import static org.annex.assistant.gitsync.testing.AnnexFixture.write;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.annex.assistant.gitsync.RefusedCommit;
import org.annex.assistant.gitsync.testing.AnnexFixture;
import org.annex.assistant.testsupport.Git;
import org.annex.assistant.testsupport.HostileTrees;
import org.annex.assistant.testsupport.HostileTrees.Entry;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/**
 * What a hostile peer pushes is merged as git would check it out: a commit with a path git refuses is
 * refused whole and remembered, the other remotes are merged as usual, and no write goes through a symlink.
 */
public class HostileMergeTest {
    private AnnexFixture fixture;
    private SyncHarness harness;
    private Path a;
    private Path peer;

    @Before
    public void setUp() throws Exception {
        fixture = new AnnexFixture();
        harness = new SyncHarness(null);
        a = fixture.newRepo("A");
        peer = fixture.cloneRepo(a, "peer", "a");
    }

    @After
    public void tearDown() throws Exception {
        harness.close();
        fixture.close();
    }

    /** As a peer's {@code git annex sync} pushes: into A's synced/ branch. */
    private void pushToA(String commit) throws Exception {
        Git.run(peer, "git", "push", "-q", "--force", "a", commit + ":refs/heads/synced/master");
    }

    @Test
    public void aCommitWithAPathGitRefusesIsRefusedWholeAndOnce() throws Exception {
        RepositorySync sync = harness.create(a);
        for (Map.Entry<String, Entry> c : HostileTrees.CASES.entrySet()) {
            Map<String, String> before = Git.tree(a);
            String headBefore = head(a);
            String commit = HostileTrees.commit(peer, "HEAD", c.getKey(), c.getValue(),
                    Entry.file("harmless-" + c.getKey().replaceAll("[^a-z]", "-") + ".txt", "fine\n"));
            pushToA(commit);

            assertFalse(c.getKey(), sync.mergeIncoming());
            assertEquals(c.getKey() + ": nothing written", before, Git.tree(a));
            assertEquals(headBefore, head(a));
            RefusedCommit refused = last(sync.refusedCommits());
            assertEquals(commit, refused.commit());
            assertEquals("a peer that pushed synced/master", refused.remote());
            assertTrue(refused.paths().toString(), refused.paths().get(0).contains(c.getValue().path()));

            int count = sync.refusedCommits().size();
            assertFalse(sync.mergeIncoming());
            assertEquals("refused once, not again", count, sync.refusedCommits().size());
        }
        assertEquals(HostileTrees.CASES.size(), sync.refusedCommits().size());
        assertFalse("git-annex's own hook is left as it was",
                Files.readString(a.resolve(".git/hooks/post-checkout")).contains("pwned"));
        assertFalse(Files.exists(a.getParent().resolve("x")));
    }

    @Test
    public void theOtherRemotesAreMergedBesideARefusedOne() throws Exception {
        Path good = fixture.cloneRepo(a, "good", "a");
        write(good, "from-good.txt", "good\n");
        commitPlain(good, "good change", "from-good.txt");
        addRemote(a, "good", good.toString());
        Git.run(a, "git", "fetch", "-q", "good");
        pushToA(HostileTrees.commit(peer, "HEAD", "hostile", HostileTrees.CASES.get("nested repository config")));

        RepositorySync sync = harness.create(a);
        assertTrue(sync.mergeIncoming());
        assertEquals("good\n", Files.readString(a.resolve("from-good.txt")));
        assertFalse(Files.exists(a.resolve("sub")));
        assertEquals(1, sync.refusedCommits().size());
    }

    @Test
    public void aFolderTheUserReplacedByASymlinkIsNotWrittenThrough() throws Exception {
        Path outside = Files.createDirectory(fixture.root.resolve("outside"));
        write(a, "docs/a.txt", "one\n");
        commitPlain(a, "docs", "docs/a.txt");
        Git.run(peer, "git", "pull", "-q", "a", "master");
        write(peer, "docs/a.txt", "two\n");
        write(peer, "docs/b.txt", "new\n");
        Git.run(peer, "git", "-c", "annex.largefiles=nothing", "add", "docs");
        Git.run(peer, "git", "commit", "-q", "-m", "docs changed");
        pushToA("HEAD");
        Files.move(a.resolve("docs"), fixture.root.resolve("docs-moved"));
        Files.createSymbolicLink(a.resolve("docs"), outside);

        RepositorySync sync = harness.create(a);
        assertFalse(sync.mergeIncoming());
        try (var list = Files.list(outside)) {
            assertEquals(List.of(), list.toList());
        }
        assertTrue(Files.isSymbolicLink(a.resolve("docs")));
    }

    @Test
    public void aFolderReplacedByASymlinkBetweenCommitsIsNotWrittenThrough() throws Exception {
        Path outside = Files.createDirectory(fixture.root.resolve("outside"));
        Files.createSymbolicLink(peer.resolve("docs"), outside);
        Git.run(peer, "git", "add", "docs");
        Git.run(peer, "git", "commit", "-q", "-m", "docs is a link");
        pushToA("HEAD");
        RepositorySync sync = harness.create(a);
        assertTrue(sync.mergeIncoming());
        assertTrue(Files.isSymbolicLink(a.resolve("docs")));

        Git.run(peer, "git", "rm", "-q", "docs");
        write(peer, "docs/x.txt", "in the folder\n");
        Git.run(peer, "git", "-c", "annex.largefiles=nothing", "add", "docs/x.txt");
        Git.run(peer, "git", "commit", "-q", "-m", "docs is a folder again");
        pushToA("HEAD");
        assertTrue(sync.mergeIncoming());
        assertTrue(Files.isDirectory(a.resolve("docs"), java.nio.file.LinkOption.NOFOLLOW_LINKS));
        assertEquals("in the folder\n", Files.readString(a.resolve("docs/x.txt")));
        try (var list = Files.list(outside)) {
            assertEquals(List.of(), list.toList());
        }
    }

    private static RefusedCommit last(List<RefusedCommit> list) {
        assertFalse("nothing refused", list.isEmpty());
        return list.get(list.size() - 1);
    }
}
