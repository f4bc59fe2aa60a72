package org.annex.assistant.transfer.impl.scan;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.annex.assistant.api.event.EventSink;
import org.annex.assistant.api.transfer.Direction;
import org.annex.assistant.api.transfer.TransferQueue;
import org.annex.assistant.testsupport.GitAnnexRepo;
import org.annex.assistant.transfer.impl.TransferFixture;
import org.annex.assistant.transfer.impl.queue.Transfers;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

public class TransferScannerTest {
    private static final int FILES = 30;
    private TransferFixture fx;
    private TransferScanner scanner;

    @Before
    public void setUp() throws Exception {
        fx = new TransferFixture(FILES);
        scanner = new TransferScanner(fx.repoA, fx.gitA, fx.remotes, fx.transfers);
    }

    @After
    public void tearDown() throws IOException {
        fx.close();
    }

    private Set<String> lines(String text) {
        return Arrays.stream(text.split("\n")).filter(s -> !s.isBlank()).collect(Collectors.toCollection(TreeSet::new));
    }

    /** Files of the transfers the queue holds now, for one direction. */
    private Set<String> queuedFiles(Direction d) {
        return fx.transfers.queued().stream().filter(t -> t.direction == d).map(t -> t.file).collect(Collectors.toCollection(TreeSet::new));
    }

    @Test
    public void firstScanWalksEverythingThenOnlyChangesAfterADisconnect() throws Exception {

        TransferScanner.Stats first = scanner.scan(List.of());
        assertTrue(first.fullWalk);
        assertEquals(FILES, first.uploadsQueued);
        fx.awaitIdle();
        fx.repoA.commitJournal();
        assertEquals("", fx.a.annex("find", "--not", "--in=b").trim());
        TransferScanner.Stats settle = scanner.scan(List.of());
        assertFalse(settle.fullWalk);
        assertEquals("our own uploads changed the location logs, nothing more to do", 0, settle.uploadsQueued + settle.downloadsQueued);

        // Disconnected: both sides change. B adds two files; A adds two and later merges B's branches.
        fx.b.addUnlocked("fromB-1.dat", "b one\n".getBytes());
        fx.b.addUnlocked("fromB-2.dat", "b two\n".getBytes());
        fx.a.addUnlocked("fromA-1.dat", "a one\n".getBytes());
        fx.a.addUnlocked("fromA-2.dat", "a two\n".getBytes());
        fx.a.git("fetch", "-q", "b");
        fx.a.git("merge", "-q", "--no-edit", "b/master");
        fx.a.annex("merge", "-q");

        Set<String> expectedUploads = lines(fx.a.annex("find", "--not", "--in=b"));
        Set<String> expectedDownloads = lines(fx.a.annex("find", "--not", "--in=here", "--in=b"));
        TransferScanner.Stats second = scanner.scan(List.of());
        assertFalse(second.fullWalk);
        long treeEntries = lines(fx.a.git("ls-tree", "-r", "--name-only", "HEAD")).size();
        assertTrue("visited " + second.entriesVisited + " of " + treeEntries, second.entriesVisited < treeEntries / 2);

        assertEquals(Set.of("fromA-1.dat", "fromA-2.dat"), expectedUploads);
        assertEquals(Set.of("fromB-1.dat", "fromB-2.dat"), expectedDownloads);
        fx.awaitIdle();
        Set<String> done = fx.events(org.annex.assistant.api.event.Topics.TRANSFER_DONE).stream()
                .skip(FILES).map(e -> e.get("direction") + " " + e.get("file")).collect(Collectors.toCollection(TreeSet::new));
        Set<String> expected = new TreeSet<>();
        expectedUploads.forEach(f -> expected.add("upload " + f));
        expectedDownloads.forEach(f -> expected.add("download " + f));
        assertEquals(expected, done);
        fx.repoA.commitJournal();
        assertEquals("", fx.a.annex("find", "--not", "--in=b").trim());
        assertEquals("b one\n", java.nio.file.Files.readString(fx.a.dir().resolve("fromB-1.dat")));

        TransferScanner.Stats third = scanner.scan(List.of());
        assertFalse(third.fullWalk);
        assertEquals(0, third.uploadsQueued + third.downloadsQueued);
    }

    @Test
    public void transfersDroppedByAClosedQueueAreQueuedAgainAfterForget() throws Exception {
        // The transfer bundle stopping closes its queue while a scan still queues into it (found by ChaosIT).
        fx.transfers.close();
        assertFalse("nothing was waiting or running", fx.transfers.droppedAny());
        TransferScanner.Stats refused = scanner.scan(List.of());
        assertTrue(refused.fullWalk);
        assertEquals(0, refused.uploadsQueued);
        assertTrue(fx.transfers.droppedAny());

        // The bundle started again: a new queue and scanner on the same repository and scan state.
        fx.transfers = new Transfers(fx.repoA, fx.remotes, EventSink.NONE, fx.scheduler, 2, 0, 300, () -> null);
        TransferScanner next = new TransferScanner(fx.repoA, fx.gitA, fx.remotes, fx.transfers);
        TransferScanner.Stats builtOnTheLast = next.scan(List.of());
        assertFalse(builtOnTheLast.fullWalk);
        assertEquals("the last scan was recorded: without forget() these uploads are lost", 0, builtOnTheLast.uploadsQueued);
        assertEquals(FILES, fx.a.annex("find", "--not", "--in=b").trim().split("\n").length);

        next.forget();
        TransferScanner.Stats again = next.scan(List.of());
        assertTrue(again.fullWalk);
        assertEquals(FILES, again.uploadsQueued);
        fx.awaitIdle();
        fx.repoA.commitJournal();
        assertEquals("", fx.a.annex("find", "--not", "--in=b").trim());
    }

    @Test
    public void remoteThatJoinsLaterGetsItsShareAndRewrittenHistoryMeansAFullWalk() throws Exception {
        scanner.scan(List.of("b"));
        fx.awaitIdle();
        GitAnnexRepo c = GitAnnexRepo.cloneOf(fx.a, fx.tmp.resolve("c"), "C");
        fx.a.git("remote", "add", "c", "../c");
        fx.a.git("config", "remote.c.annex-uuid", c.uuid());
        fx.a.addUnlocked("late.dat", "late\n".getBytes());

        TransferScanner.Stats forC = scanner.scan(List.of("c"));
        assertTrue("c has no last scan", forC.fullWalk);
        assertEquals(List.of("c"), forC.remotes);
        assertEquals(FILES + 1, forC.uploadsQueued);
        TransferScanner.Stats forB = scanner.scan(List.of("b"));
        assertFalse(forB.fullWalk);
        assertEquals(1, forB.uploadsQueued);
        fx.awaitIdle();
        fx.repoA.commitJournal();
        assertEquals("", fx.a.annex("find", "--not", "--in=c").trim());

        fx.a.git("reset", "-q", "--hard", "HEAD~3");
        fx.a.git("reflog", "expire", "--expire=now", "--all");
        fx.a.git("gc", "-q", "--prune=now");
        TransferScanner.Stats afterRewrite = scanner.scan(List.of());
        assertTrue(afterRewrite.fullWalk);
        for (TransferQueue.Transfer t : fx.transfers.queued()) {
            throw new AssertionError("nothing should be missing anywhere: " + t.file + " " + t.remote);
        }
    }
}
