package org.annex.assistant.gitsync.impl;

import static org.annex.assistant.gitsync.testing.AnnexFixture.addRemote;
import static org.annex.assistant.gitsync.testing.AnnexFixture.commitAnnexed;
import static org.annex.assistant.gitsync.testing.AnnexFixture.commitPlain;
import static org.annex.assistant.gitsync.testing.AnnexFixture.head;
import static org.annex.assistant.gitsync.testing.AnnexFixture.status;
import static org.annex.assistant.gitsync.testing.AnnexFixture.write;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.annex.assistant.api.event.Topics;
import org.annex.assistant.gitsync.RemoteStatus;
import org.annex.assistant.gitsync.testing.AnnexFixture;

import org.annex.assistant.testsupport.Git;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

public class GitSyncTest {
    private AnnexFixture fixture;
    private SyncHarness harness;

    @Before
    public void setUp() throws Exception {
        fixture = new AnnexFixture();
        harness = new SyncHarness(null);
    }

    @After
    public void tearDown() throws IOException {
        harness.close();
        fixture.close();
    }

    private static String ref(Path repo, String ref) {
        try {
            Git.Result r = Git.tryRun(repo, "git", "rev-parse", "--verify", "-q", ref);
            return r.exitCode == 0 ? r.output.trim() : null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String headOf(Path repo) {
        return ref(repo, "HEAD");
    }

    private static Set<String> trackedFiles(Path repo) throws IOException, InterruptedException {
        return new TreeSet<>(Arrays.asList(Git.run(repo, "git", "ls-files").trim().split("\n")));
    }

    /** Two clones, each the remote of the other, as the assistant sets them up. */
    private Path[] pair() throws IOException, InterruptedException {
        Path a = fixture.newRepo("A");
        Path b = fixture.cloneRepo(a, "B", "a");
        addRemote(a, "b", b.toString());
        return new Path[] { a, b };
    }

    @Test
    public void commitInOneCloneArrivesInTheOther() throws Exception {
        Path[] ab = pair();
        Path a = ab[0];
        Path b = ab[1];
        RepositorySync syncA = harness.start(a);
        harness.start(b);

        write(a, "docs/new.txt", "new content\n");
        commitAnnexed(a, "add new");
        write(a, "plain.txt", "plain git file\n");
        commitPlain(a, "add plain", "plain.txt");
        syncA.pushAll().get();
        assertEquals(headOf(a), ref(a.resolve("../B"), "refs/heads/synced/master"));
        assertNotNull(ref(b, "refs/heads/synced/git-annex"));

        String expected = headOf(a);
        Git.await(SyncHarness.PATIENCE_MS, "B to merge A's commit", () -> expected.equals(headOf(b)));
        // The merge is announced once it is done, with the work tree updated (the transfer scanner's cue).
        Git.await(SyncHarness.PATIENCE_MS, "B to announce the merge", () -> harness.events(Topics.MERGED).stream()
                .anyMatch(e -> b.toAbsolutePath().toString().equals(e.properties.get(Topics.REPOSITORY))));
        // Content not in B yet: the work tree file is the pointer, as git-annex's smudge writes it.
        String pointer = Files.readString(b.resolve("docs/new.txt"));
        assertTrue(pointer, pointer.startsWith("/annex/objects/SHA256E-s12--"));
        assertEquals("plain git file\n", Files.readString(b.resolve("plain.txt")));
        assertEquals("", status(b));
        // The git-annex branch was union-merged: B knows A has the content.
        assertTrue(Git.run(b, "git", "annex", "whereis", "docs/new.txt").contains("[a]"));

        // Now B gets the content; a rename in A then arrives as the content itself.
        Git.run(b, "git", "annex", "get", "docs/new.txt");
        assertEquals("new content\n", Files.readString(b.resolve("docs/new.txt")));
        Git.run(a, "git", "mv", "docs/new.txt", "moved.txt");
        write(a, "plain.txt", "plain, changed\n");
        Git.run(a, "git", "-c", "annex.largefiles=nothing", "add", "plain.txt");
        Git.run(a, "git", "rm", "-q", "start.txt");
        Git.run(a, "git", "commit", "-q", "-m", "move, modify, delete");
        syncA.pushAll().get();
        String expected2 = headOf(a);
        Git.await(SyncHarness.PATIENCE_MS, "B to merge the move", () -> expected2.equals(headOf(b)));
        assertEquals("new content\n", Files.readString(b.resolve("moved.txt")));
        assertFalse(Files.exists(b.resolve("docs")));
        assertFalse(Files.exists(b.resolve("start.txt")));
        assertEquals("plain, changed\n", Files.readString(b.resolve("plain.txt")));
        assertEquals("", status(b));
        assertEquals(Set.of("moved.txt", "plain.txt"), trackedFiles(b));
        Git.run(b, "git", "annex", "fsck", "-q");
        assertFalse(harness.events(Topics.REF_RECEIVED).isEmpty());
        assertTrue(harness.events(Topics.PUSHED).stream().anyMatch(e -> Boolean.TRUE.equals(e.properties.get(Topics.OK))));
    }

    @Test
    public void userEditsAreNeverOverwrittenOrDeleted() throws Exception {
        Path[] ab = pair();
        Path a = ab[0];
        Path b = ab[1];
        RepositorySync syncB = harness.create(b);
        write(b, "start.txt", "edited in B, not committed\n");
        Git.run(a, "git", "rm", "-q", "start.txt");
        Git.run(a, "git", "commit", "-q", "-m", "delete start");
        Git.run(b, "git", "fetch", "-q", "a");
        syncB.mergeIncoming();
        assertEquals(headOf(a), headOf(b));
        assertEquals("edited in B, not committed\n", Files.readString(b.resolve("start.txt")));
        assertEquals("?? start.txt", status(b));

        // A modification over an uncommitted edit waits instead of overwriting it.
        Git.run(b, "git", "annex", "add", "start.txt");
        Git.run(b, "git", "commit", "-q", "-m", "re-add");
        write(a, "other.txt", "v1\n");
        commitAnnexed(a, "other");
        Git.run(b, "git", "fetch", "-q", "a");
        syncB.mergeIncoming();
        String merged = headOf(b);
        write(a, "other.txt", "v2\n");
        commitAnnexed(a, "other v2");
        write(b, "other.txt", "user is typing\n");
        Git.run(b, "git", "fetch", "-q", "a");
        syncB.mergeIncoming();
        assertEquals(merged, headOf(b));
        assertEquals("user is typing\n", Files.readString(b.resolve("other.txt")));
    }

    @Test
    public void changesAreRelayedAlongAChain() throws Exception {
        Path a = fixture.newRepo("A");
        Path b = fixture.cloneRepo(a, "B", "a");
        Path c = fixture.cloneRepo(b, "C", "b");
        addRemote(a, "b", b.toString());
        addRemote(b, "c", c.toString());
        RepositorySync syncA = harness.start(a);
        harness.start(b);
        harness.start(c);

        write(a, "relayed.txt", "from A\n");
        commitAnnexed(a, "for C");
        syncA.pushAll().get();
        String expected = headOf(a);
        Git.await(SyncHarness.PATIENCE_MS, "C to get A's commit through B", () -> expected.equals(headOf(c)));
        assertTrue(Files.readString(c.resolve("relayed.txt")).startsWith("/annex/objects/"));
        assertEquals("", status(c));
        // The git-annex branch travels in the same push; C may see the tree a poll before it.
        Git.await(SyncHarness.PATIENCE_MS, "C to know where the content is", () -> {
            try {
                Git.Result r = Git.tryRun(c, "git", "annex", "whereis", "relayed.txt");
                return r.exitCode == 0 && r.output.contains("A");
            } catch (IOException | InterruptedException e) {
                return false;
            }
        });
    }

    @Test
    public void conflictsKeepBothVersionsWithGitAnnexNames() throws Exception {
        Path[] ab = pair();
        Path a = ab[0];
        Path b = ab[1];
        write(a, "c.txt", "base\n");
        write(a, "v.tar.gz", "gz base\n");
        commitAnnexed(a, "base");
        Git.run(b, "git", "pull", "-q", "a", "master");
        write(a, "c.txt", "fromA\n");
        write(a, "v.tar.gz", "gz from A\n");
        commitAnnexed(a, "A's version");
        write(b, "c.txt", "fromB\n");
        write(b, "v.tar.gz", "gz from B\n");
        commitAnnexed(b, "B's version");

        Set<String> gitAnnexNames = namesGitAnnexSyncMakes(a, b);
        assertTrue(gitAnnexNames.toString(), gitAnnexNames.stream().filter(n -> n.contains(".variant-")).count() == 4);

        syncStepByStep(a, b);
        assertEquals(headOf(a), headOf(b));
        assertEquals(gitAnnexNames, trackedFiles(a));
        assertEquals(gitAnnexNames, trackedFiles(b));
        assertEquals("git-annex automatic merge conflict fix", Git.run(b, "git", "log", "-1", "--format=%s").trim());
        assertEquals(2, Git.run(b, "git", "log", "-1", "--format=%p").trim().split(" ").length);
        String aVariant = gitAnnexNames.stream().filter(n -> n.startsWith("c.variant-"))
                .filter(n -> readQuietly(a.resolve(n)).equals("fromA\n")).findFirst().orElseThrow();
        assertEquals("fromA\n", Files.readString(a.resolve(aVariant)));
        assertTrue(Files.readString(b.resolve(aVariant)).startsWith("/annex/objects/"));
        // Only c.*: git re-runs the clean filter on entries JGit wrote (no ctime/inode in them), and for
        // v.tar.variant-x.gz git-annex then computes a key with extension .gz instead of .tar.gz, because it
        // has no inode record for the file in its keys database (see the report: a core bundle matter).
        assertEquals("", Git.run(a, "git", "status", "--porcelain", "--", "c.*").trim());
        assertEquals("", Git.run(b, "git", "status", "--porcelain", "--", "c.*").trim());
    }

    /** The files real git-annex makes of a conflict between A and its remote b: synced in copies of both. */
    private Set<String> namesGitAnnexSyncMakes(Path a, Path b) throws IOException, InterruptedException {
        Path a2 = fixture.root.resolve("A2");
        Path b2 = fixture.root.resolve("B2");
        Git.run(fixture.root, "cp", "-a", a.toString(), a2.toString());
        Git.run(fixture.root, "cp", "-a", b.toString(), b2.toString());
        Git.run(a2, "git", "remote", "set-url", "b", b2.toString());
        Git.run(a2, "git", "annex", "sync", "--no-content", "b");
        return trackedFiles(a2);
    }

    /**
     * WORM keeps the {@code %} and {@code :} of a file name in its key, so the pointers are escaped: the
     * variant names (md5 of the key) match git-annex's only if the pointers are read as git-annex reads them.
     */
    @Test
    public void conflictOnAKeyWithEscapesGetsGitAnnexsVariantNames() throws Exception {
        Path[] ab = pair();
        Path a = ab[0];
        Path b = ab[1];
        Git.run(a, "git", "config", "annex.backend", "WORM");
        Git.run(b, "git", "config", "annex.backend", "WORM");
        String name = "a&b%c:d.txt";
        write(a, name, "base\n");
        commitAnnexed(a, "base");
        Git.run(b, "git", "pull", "-q", "a", "master");
        write(a, name, "fromA\n");
        commitAnnexed(a, "A's version");
        write(b, name, "from B!\n");
        commitAnnexed(b, "B's version");
        assertTrue(Git.run(a, "git", "annex", "lookupkey", name).contains("a,38b%c:d.txt"));

        Set<String> gitAnnexNames = namesGitAnnexSyncMakes(a, b);
        assertEquals(gitAnnexNames.toString(), 2, gitAnnexNames.stream().filter(n -> n.startsWith("a&b%c:d.variant-")).count());
        syncStepByStep(a, b);
        assertEquals(gitAnnexNames, trackedFiles(a));
        assertEquals(gitAnnexNames, trackedFiles(b));
    }

    /** Driven step by step: A pushes, B merges and resolves, B pushes back, A fast-forwards. */
    private void syncStepByStep(Path a, Path b) throws Exception {
        RepositorySync syncA = harness.create(a);
        RepositorySync syncB = harness.create(b);
        syncA.pushAll().get();
        assertTrue(syncB.mergeIncoming());
        syncB.pushAll().get();
        assertTrue(syncA.mergeIncoming());
    }

    private static String readQuietly(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            return "";
        }
    }

    @Test
    public void plainGitConflictIsLeftAsGitAnnexLeavesIt() throws Exception {
        Path[] ab = pair();
        Path a = ab[0];
        Path b = ab[1];
        write(a, "p.txt", "base\n");
        commitPlain(a, "base", "p.txt");
        Git.run(b, "git", "pull", "-q", "a", "master");
        write(a, "p.txt", "plainA\n");
        commitPlain(a, "A", "p.txt");
        write(b, "p.txt", "plainB\n");
        commitPlain(b, "B", "p.txt");
        String headB = headOf(b);

        // Real git-annex: the merge fails and is not committed.
        Path b2 = fixture.root.resolve("B2");
        Git.run(fixture.root, "cp", "-a", b.toString(), b2.toString());
        Git.Result real = Git.tryRun(b2, "git", "annex", "sync", "--no-content", "--no-push", "a");
        assertTrue(real.output, real.exitCode != 0);
        assertEquals(headB, headOf(b2));

        RepositorySync syncB = harness.create(b);
        Git.run(b, "git", "fetch", "-q", "a");
        syncB.mergeIncoming();
        assertEquals(headB, headOf(b));
        assertEquals("plainB\n", Files.readString(b.resolve("p.txt")));
        assertEquals("", status(b));
    }

    @Test
    public void rejectedPushFetchesMergesAndPushesAgain() throws Exception {
        Path a = fixture.newRepo("A");
        Path hub = fixture.bareClone(a, "hub.git");
        Path c = fixture.cloneRepo(hub, "C", "hub");
        addRemote(a, "hub", hub.toString());
        RepositorySync syncA = harness.create(a);
        RepositorySync syncC = harness.create(c);

        write(a, "fromA.txt", "A\n");
        commitAnnexed(a, "A");
        syncA.pushAll().get();
        write(c, "fromC.txt", "C\n");
        commitAnnexed(c, "C");
        syncC.pushAll().get();

        String hubSynced = ref(hub, "refs/heads/synced/master");
        assertEquals(headOf(c), hubSynced);
        assertEquals("0", Git.run(c, "git", "rev-list", "--count", headOf(a) + "..." + hubSynced, "--left-only").trim());
        assertTrue(Files.exists(c.resolve("fromA.txt")));
        RemoteStatus hubStatus = syncC.status().get("hub");
        assertTrue(hubStatus.toString(), hubStatus.lastError().isEmpty());
        assertTrue(hubStatus.lastPush().isPresent());
        // The bare hub's own master moved too (git annex sync pushes it when allowed).
        assertEquals(hubSynced, ref(hub, "refs/heads/master"));
    }

    @Test
    public void unreachableRemoteIsReportedAndBlocksNoOther() throws Exception {
        Path[] ab = pair();
        Path a = ab[0];
        Path b = ab[1];
        Path gone = fixture.bareClone(a, "gone.git");
        addRemote(a, "gone", gone.toString());
        Git.run(fixture.root, "rm", "-rf", gone.toString());
        RepositorySync syncA = harness.create(a);
        write(a, "x.txt", "x\n");
        commitAnnexed(a, "x");
        syncA.pushAll().get();

        assertEquals(headOf(a), ref(b, "refs/heads/synced/master"));
        Map<String, RemoteStatus> status = syncA.status();
        assertFalse(status.get("gone").reachable());
        assertTrue(status.get("gone").lastError().orElseThrow().contains("push failed"));
        assertTrue(status.get("gone").lastPush().isEmpty());
        assertTrue(status.get("b").reachable());
        assertTrue(status.get("b").lastPush().isPresent());
        List<SyncHarness.Posted> reach = harness.events(Topics.REMOTE_REACHABLE);
        assertEquals(reach.toString(), 1, reach.size());
        assertEquals("gone", reach.get(0).properties.get(Topics.REMOTE));
        assertEquals(false, reach.get(0).properties.get(Topics.REACHABLE));

        // It comes back: the retry succeeds and says so.
        fixture.bareClone(a, "gone.git");
        syncA.retryFailed();
        Git.await(SyncHarness.PATIENCE_MS, "retry to reach the restored remote", () -> syncA.status().get("gone").reachable());
        assertNull(syncA.status().get("gone").lastError().orElse(null));
        assertEquals(Set.of(false, true), harness.events(Topics.REMOTE_REACHABLE).stream()
                .map(e -> (Boolean) e.properties.get(Topics.REACHABLE)).collect(Collectors.toSet()));
    }
}
