package org.annex.assistant.transfer.impl.queue;

import org.annex.assistant.transfer.impl.TransferFixture;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;

import org.annex.assistant.api.annex.Key;
import org.annex.assistant.api.event.Topics;
import org.annex.assistant.api.transfer.Direction;
import org.annex.assistant.testsupport.Git;
import org.annex.assistant.testsupport.GitAnnexRepo;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

public class TransfersTest {
    private TransferFixture fx;

    @Before
    public void setUp() throws Exception {
        fx = new TransferFixture(3);
    }

    @After
    public void tearDown() throws IOException {
        fx.close();
    }

    @Test
    public void uploadIsVerifiedByGitAnnexInTheRemoteAndRecordedHere() throws Exception {
        Key k0 = fx.key("f0.dat");
        Key k1 = fx.key("f1.dat");
        String before = fx.a.git("rev-parse", "git-annex").trim();
        assertTrue(fx.transfers.enqueue(Direction.UPLOAD, k0, "f0.dat", "b"));
        assertTrue(fx.transfers.enqueue(Direction.UPLOAD, k1, "f1.dat", "b"));
        fx.awaitIdle();
        Git.await(TransferFixture.PATIENCE_MS, "the batched journal commit", () -> {
            try {
                return !fx.a.git("rev-parse", "git-annex").trim().equals(before);
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        // Batched at most once a second: both uploads share a commit unless a second boundary fell between
        // them on a slow machine; never a commit per journal write.
        int commits = Integer.parseInt(fx.a.git("rev-list", "--count", before + "..git-annex").trim());
        assertTrue("journal commits for two uploads: " + commits, commits >= 1 && commits <= 2);
        // Only now git-annex runs here: it may commit the journal itself, which is not ours to count.
        for (Key k : List.of(k0, k1)) {
            String fsck = fx.b.annex("fsck", "--key", k.toString());
            assertTrue(fsck, fsck.contains("ok"));
            assertTrue(fx.a.annex("whereis", "--key", k.toString()).contains(fx.b.uuid()));
        }
        List<Map<String, Object>> done = fx.events(Topics.TRANSFER_DONE);
        assertEquals(2, done.size());
        Map<String, Object> d = done.get(0);
        assertEquals(Boolean.TRUE, d.get("ok"));
        assertEquals("b", d.get("remote"));
        assertEquals("upload", d.get("direction"));
        assertEquals(d.get("size"), d.get("bytes"));
        assertEquals(2, fx.events(Topics.TRANSFER_STARTED).size());
        Git.await(TransferFixture.PATIENCE_MS, "commit event", () -> fx.events(Topics.ANNEX_BRANCH_COMMITTED).size() == 1);
        assertEquals(fx.a.git("rev-parse", "git-annex").trim(),
                fx.events(Topics.ANNEX_BRANCH_COMMITTED).get(0).get(Topics.COMMIT));
    }

    @Test
    public void downloadReplacesThePointerFileAtomically() throws Exception {
        Key k = fx.key("f2.dat");
        byte[] content = Files.readAllBytes(fx.a.dir().resolve("f2.dat"));
        fx.a.annex("move", "-q", "--to", "b", "f2.dat");
        Path file = fx.a.dir().resolve("f2.dat");
        assertEquals("/annex/objects/" + k + "\n", Files.readString(file));
        assertTrue(fx.transfers.enqueue(Direction.DOWNLOAD, k, "f2.dat", "b"));
        assertFalse("no duplicate of a queued or running transfer", fx.transfers.enqueue(Direction.DOWNLOAD, k, "f2.dat", "b"));
        fx.awaitIdle();
        assertArrayEquals(content, Files.readAllBytes(file));
        assertTrue(fx.a.annex("fsck", "--key", k.toString()).contains("ok"));
        assertTrue(fx.repoA.locations(k).contains(fx.repoA.uuid()));
        assertTrue(fx.a.annex("whereis", "--key", k.toString()).contains("A [here]"));
    }

    @Test
    public void userEditedPointerFileIsLeftAlone() throws Exception {
        Key k = fx.key("f2.dat");
        fx.a.annex("move", "-q", "--to", "b", "f2.dat");
        Files.writeString(fx.a.dir().resolve("f2.dat"), "my own words");
        fx.transfers.enqueue(Direction.DOWNLOAD, k, "f2.dat", "b");
        fx.awaitIdle();
        assertTrue(fx.repoA.hasContent(k));
        assertEquals("my own words", Files.readString(fx.a.dir().resolve("f2.dat")));
    }

    @Test
    public void twoSlotsRunTwoTransfersAndTheThirdWaits() throws Exception {
        fx.a.git("remote", "add", "slow-b", "../b");
        fx.gate = new CountDownLatch(1);
        for (int i = 0; i < 3; i++) {
            assertTrue(fx.transfers.enqueue(Direction.UPLOAD, fx.key("f" + i + ".dat"), "f" + i + ".dat", "slow-b"));
        }
        Git.await(TransferFixture.PATIENCE_MS, "two running", () -> fx.transfers.running().size() == 2);
        assertEquals(1, fx.transfers.queued().size());
        Thread.sleep(200);
        assertEquals(2, fx.transfers.running().size());
        String info = fx.a.annex("info");
        assertTrue(info, info.contains("transfers in progress:") && info.contains("uploading"));
        fx.gate.countDown();
        fx.awaitIdle();
        assertEquals(3, fx.events(Topics.TRANSFER_DONE).stream().filter(e -> Boolean.TRUE.equals(e.get("ok"))).count());
        assertFalse(Files.exists(fx.a.gitDir().resolve("annex/transfer/upload").resolve(fx.b.uuid()).resolve(fx.key("f0.dat").fileName())));
    }

    /**
     * Small files (under 1 MiB) may use their extra slots besides the configured ones; a large file waits for
     * a slot of its own, and does not hold up the small ones queued after it.
     */
    @Test
    public void smallFilesUseExtraSlotsWhileLargeOnesWaitForTheirs() throws Exception {
        byte[] big = new byte[(int) Transfers.SMALL_BYTES + 1];
        new Random(3).nextBytes(big);
        fx.a.addUnlocked("big1.dat", big);
        big[0]++;
        fx.a.addUnlocked("big2.dat", big);
        fx.a.git("remote", "add", "slow-b", "../b");
        fx.transfers.setSlots(1, 2);
        fx.gate = new CountDownLatch(1);
        assertTrue(fx.transfers.enqueue(Direction.UPLOAD, fx.key("big1.dat"), "big1.dat", "slow-b"));
        assertTrue(fx.transfers.enqueue(Direction.UPLOAD, fx.key("big2.dat"), "big2.dat", "slow-b"));
        for (int i = 0; i < 3; i++) {
            assertTrue(fx.transfers.enqueue(Direction.UPLOAD, fx.key("f" + i + ".dat"), "f" + i + ".dat", "slow-b"));
        }
        Git.await(TransferFixture.PATIENCE_MS, "three running", () -> fx.transfers.running().size() == 3);
        Thread.sleep(200);
        List<String> running = fx.transfers.running().stream().map(t -> t.file).sorted().toList();
        assertEquals(3, running.size());
        assertEquals("one large file runs, in its own slot", 1, running.stream().filter(f -> f.startsWith("big")).count());
        List<String> waiting = fx.transfers.queued().stream().map(t -> t.file).sorted().toList();
        assertEquals(2, waiting.size());
        assertEquals(1, waiting.stream().filter(f -> f.startsWith("big")).count());
        fx.gate.countDown();
        fx.awaitIdle();
        assertEquals(5, fx.events(Topics.TRANSFER_DONE).stream().filter(e -> Boolean.TRUE.equals(e.get("ok"))).count());
    }

    @Test
    public void failingRemoteFreesItsSlotAndIsRecordedAsFailed() throws Exception {
        GitAnnexRepo c = GitAnnexRepo.cloneOf(fx.a, fx.tmp.resolve("c"), "C");
        fx.a.git("remote", "add", "c", "../c");
        String cUuid = c.uuid();
        fx.a.git("config", "remote.c.annex-uuid", cUuid);
        GitAnnexRepo.deleteTree(c.dir());
        fx.transfers.setSlots(1, 0);
        Key k = fx.key("f0.dat");
        fx.transfers.enqueue(Direction.UPLOAD, k, "f0.dat", "c");
        fx.transfers.enqueue(Direction.UPLOAD, k, "f0.dat", "b");
        fx.awaitIdle();
        assertTrue(Files.exists(fx.b.gitDir().resolve("annex/objects").resolve(k.objectPath())));
        assertEquals(1, fx.transfers.failures(Direction.UPLOAD, k, "c"));
        Path failed = fx.a.gitDir().resolve("annex/transfer/failed/upload").resolve(cUuid).resolve(k.fileName());
        assertTrue(Files.readString(failed).endsWith("\nf0.dat\n"));
        Map<String, Object> done = fx.events(Topics.TRANSFER_DONE).stream().filter(e -> "c".equals(e.get("remote"))).findFirst().orElseThrow();
        assertEquals(Boolean.FALSE, done.get("ok"));
        assertTrue(done.get("message").toString(), done.get("message").toString().contains("remote c"));
        assertFalse("in backoff", fx.transfers.enqueue(Direction.UPLOAD, k, "f0.dat", "c"));
        Git.await(TransferFixture.PATIENCE_MS, "the retry after backoff", () -> fx.transfers.failures(Direction.UPLOAD, k, "c") == 2);
    }

    @Test
    public void lyingRemoteIsRefusedAndItsBytesDeleted() throws Exception {
        Key k = fx.key("f1.dat");
        fx.a.annex("move", "-q", "--to", "b", "f1.dat");
        Path object = fx.b.gitDir().resolve("annex/objects").resolve(k.objectPath());
        object.getParent().toFile().setWritable(true);
        object.toFile().setWritable(true);
        byte[] other = new byte[(int) Files.size(object)];
        new Random(1).nextBytes(other);
        Files.write(object, other);
        fx.transfers.enqueue(Direction.DOWNLOAD, k, "f1.dat", "b");
        fx.awaitIdle();
        assertFalse(fx.repoA.hasContent(k));
        assertFalse(Files.exists(fx.a.gitDir().resolve("annex/tmp").resolve(k.fileName())));
        Map<String, Object> done = fx.events(Topics.TRANSFER_DONE).get(0);
        assertEquals(Boolean.FALSE, done.get("ok"));
        assertTrue(done.get("message").toString(), done.get("message").toString().contains("remote b sent content that does not match"));
        assertEquals("/annex/objects/" + k + "\n", Files.readString(fx.a.dir().resolve("f1.dat")));
    }

    @Test
    public void interruptedDownloadResumesFromThePartialFile() throws Exception {
        fx.a.git("remote", "add", "slow-b", "../b");
        Key k = fx.key("f0.dat");
        byte[] content = Files.readAllBytes(fx.a.dir().resolve("f0.dat"));
        fx.a.annex("move", "-q", "--to", "b", "f0.dat");
        Path partial = fx.a.gitDir().resolve("annex/tmp").resolve(k.fileName());
        Files.createDirectories(partial.getParent());
        Files.write(partial, java.util.Arrays.copyOf(content, 1000));
        fx.transfers.enqueue(Direction.DOWNLOAD, k, "f0.dat", "slow-b");
        fx.awaitIdle();
        assertEquals(Long.valueOf(1000), fx.retrieveProgress.get(0));
        assertArrayEquals(content, Files.readAllBytes(fx.a.dir().resolve("f0.dat")));
        assertFalse(Files.exists(partial));
    }

    @Test
    public void transferLockedByAnotherProcessIsSkipped() throws Exception {
        Key k = fx.key("f0.dat");
        Path dir = fx.a.gitDir().resolve("annex/transfer/upload").resolve(fx.b.uuid());
        Process holder = lockFromAnotherProcess(dir.resolve("lck." + k.fileName()));
        try {
            fx.transfers.enqueue(Direction.UPLOAD, k, "f0.dat", "b");
            fx.awaitIdle();
            assertFalse(Files.exists(fx.b.gitDir().resolve("annex/objects").resolve(k.objectPath())));
            assertTrue(fx.events(Topics.TRANSFER_STARTED).isEmpty());
            assertEquals(0, fx.transfers.failures(Direction.UPLOAD, k, "b"));
        } finally {
            holder.destroyForcibly().waitFor();
        }
        assertTrue(fx.transfers.enqueue(Direction.UPLOAD, k, "f0.dat", "b"));
        fx.awaitIdle();
        assertTrue(Files.exists(fx.b.gitDir().resolve("annex/objects").resolve(k.objectPath())));
    }

    /** Holds an fcntl lock on a file from another process (as git-annex or another daemon would). */
    private static Process lockFromAnotherProcess(Path lck) throws IOException {
        Files.createDirectories(lck.getParent());
        Process holder = new ProcessBuilder("python3", "-c",
                "import fcntl,sys,time\nf=open(sys.argv[1],'w')\nfcntl.lockf(f,fcntl.LOCK_EX)\nprint('locked',flush=True)\ntime.sleep(60)",
                lck.toString()).start();
        assertEquals("locked", new String(holder.getInputStream().readNBytes(6)));
        return holder;
    }

    /**
     * A download another process runs into this repository (B's daemon storing here holds our lock for
     * "download from B") is followed without a slot: when it ends with the content here, the pointer file
     * is filled at once; when it ends without, the download is queued again and done here.
     */
    @Test
    public void downloadRunByAnotherProcessIsFollowedToTheFile() throws Exception {
        Key k = fx.key("f2.dat");
        Key k3 = fx.key("f1.dat");
        byte[] content = Files.readAllBytes(fx.a.dir().resolve("f2.dat"));
        byte[] content3 = Files.readAllBytes(fx.a.dir().resolve("f1.dat"));
        fx.a.annex("move", "-q", "--to", "b", "f2.dat", "f1.dat");
        Path dir = fx.a.gitDir().resolve("annex/transfer/download").resolve(fx.b.uuid());
        Process storing = lockFromAnotherProcess(dir.resolve("lck." + k.fileName()));
        Process failing = lockFromAnotherProcess(dir.resolve("lck." + k3.fileName()));
        try {
            assertTrue(fx.transfers.enqueue(Direction.DOWNLOAD, k, "f2.dat", "b"));
            assertTrue(fx.transfers.enqueue(Direction.DOWNLOAD, k3, "f1.dat", "b"));
            fx.awaitIdle();
            assertTrue("nothing transferred while the other process runs it", fx.events(Topics.TRANSFER_STARTED).isEmpty());
            // The other process puts the content in place, as remote-git's store does, then lets go.
            Path copy = fx.tmp.resolve("incoming");
            Files.write(copy, content);
            fx.repoA.storeVerified(k, copy);
        } finally {
            storing.destroyForcibly().waitFor();
        }
        Path file = fx.a.dir().resolve("f2.dat");
        Git.await(5_000, "the followed download to reach its file", () -> {
            try {
                return java.util.Arrays.equals(content, Files.readAllBytes(file));
            } catch (IOException e) {
                return false;
            }
        });
        assertTrue(fx.events(Topics.TRANSFER_STARTED).isEmpty());
        assertEquals(0, fx.transfers.failures(Direction.DOWNLOAD, k, "b"));
        failing.destroyForcibly().waitFor();
        Path file3 = fx.a.dir().resolve("f1.dat");
        Git.await(TransferFixture.PATIENCE_MS, "the download the other process gave up to be done here", () -> {
            try {
                return java.util.Arrays.equals(content3, Files.readAllBytes(file3));
            } catch (IOException e) {
                return false;
            }
        });
        assertEquals(1, fx.events(Topics.TRANSFER_STARTED).size());
        assertTrue(fx.a.annex("fsck", "--key", k.toString()).contains("ok"));
        assertTrue(fx.a.annex("fsck", "--key", k3.toString()).contains("ok"));
    }
}
