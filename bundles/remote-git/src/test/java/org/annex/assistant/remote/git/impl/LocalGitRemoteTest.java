package org.annex.assistant.remote.git.impl;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.annex.assistant.api.annex.Key;
import org.annex.assistant.api.remote.Remote;
import org.annex.assistant.api.remote.TransferBusyException;
import org.annex.assistant.api.transfer.Direction;
import org.annex.assistant.core.TransferInfoFiles;
import org.annex.assistant.core.LocalAnnex;
import org.annex.assistant.core.NeighbourRepositories;
import org.annex.assistant.testsupport.Git;
import org.annex.assistant.testsupport.GitAnnexRepo;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

public class LocalGitRemoteTest {
    private final NeighbourRepositories.Owned neighbours = NeighbourRepositories.standalone();

    private Path tmp;
    private GitAnnexRepo a;
    private GitAnnexRepo b;
    private LocalAnnex repoA;
    private final byte[] data = new byte[300_000];

    @Before
    public void setUp() throws Exception {
        tmp = Files.createTempDirectory("remote-git");
        new Random(7).nextBytes(data);
        a = GitAnnexRepo.init(tmp.resolve("a"), "A");
        a.addUnlocked("dir/big.bin", data);
        b = GitAnnexRepo.cloneOf(a, tmp.resolve("b"), "B");
        a.git("remote", "add", "b", "../b");
        repoA = LocalAnnex.open(a.dir(), "A");
    }

    @After
    public void tearDown() throws Exception {
        repoA.close();
        neighbours.close();
        GitAnnexRepo.deleteTree(tmp);
    }

    private Remote remote(String name, String url) throws IOException {
        return new GitRemoteFactory(neighbours).create(repoA, name, Map.of("url", url)).orElseThrow();
    }

    @Test
    public void storeIsSeenByGitAnnexInTheRemote() throws Exception {
        Key key = Key.parse(a.key("dir/big.bin"));
        Remote r = remote("b", "../b");
        assertEquals(b.uuid(), r.uuid());
        assertEquals(100, r.cost());
        assertFalse(r.checkPresent(key));
        List<Long> progress = new ArrayList<>();
        r.store(key, repoA.contentPath(key), "dir/big.bin", progress::add);
        assertEquals(Long.valueOf(data.length), progress.get(progress.size() - 1));
        assertTrue(r.checkPresent(key));
        assertTrue(b.annex("whereis", "--key", key.toString()).contains("-- B [here]"));
        String fsck = b.annex("fsck", "--key", key.toString());
        assertTrue(fsck, fsck.contains("ok"));
        assertFalse(Files.exists(b.gitDir().resolve("annex/tmp").resolve(key.fileName() + ".upload")));
        Path object = b.gitDir().resolve("annex/objects").resolve(key.objectPath());
        assertEquals("r--r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(object)));
        assertEquals("r-xr-xr-x", PosixFilePermissions.toString(Files.getPosixFilePermissions(object.getParent())));
    }

    /**
     * While storing, the receiver's own transfer lock for "download from us" is held, as git-annex-shell
     * recvkey holds it there: its daemon (or git-annex) sees the transfer and does not run it again.
     * Once stored, the receiver's log says both it and we have the key, before our push reaches it.
     */
    @Test
    public void interruptedStoreLeavesNoTemporaryFileInTheRemote() throws Exception {
        // Over one 8 MiB chunk, so that the copy is interrupted between two chunks, as a transfer is when
        // its bundle stops (ChaosIT found the .upload file of such a copy left in the receiver).
        byte[] huge = new byte[9 << 20];
        new Random(8).nextBytes(huge);
        a.addUnlocked("dir/huge.bin", huge);
        Key key = Key.parse(a.key("dir/huge.bin"));
        Remote r = remote("b", "../b");
        try {
            r.store(key, repoA.contentPath(key), "dir/huge.bin", bytes -> Thread.currentThread().interrupt());
            fail("the copy was interrupted");
        } catch (java.nio.channels.ClosedByInterruptException expected) {
            // what the second chunk's transferTo throws
        } finally {
            Thread.interrupted();
        }
        assertFalse(r.checkPresent(key));
        Path tmpDir = b.gitDir().resolve("annex/tmp");
        try (java.util.stream.Stream<Path> left = Files.list(tmpDir)) {
            assertEquals(List.of(), left.toList());
        }
        assertFalse("the receiver's transfer lock is released", new TransferInfoFiles(b.gitDir()).running(Direction.DOWNLOAD, repoA.uuid(), key));
    }

    @Test
    public void storeHoldsTheReceiversTransferLockAndRecordsBothCopies() throws Exception {
        Key key = Key.parse(a.key("dir/big.bin"));
        Remote r = remote("b", "../b");
        TransferInfoFiles receiver = new TransferInfoFiles(b.gitDir());
        List<Boolean> seenRunning = new ArrayList<>();
        r.store(key, repoA.contentPath(key), "dir/big.bin", bytes -> {
            try {
                seenRunning.add(receiver.running(Direction.DOWNLOAD, repoA.uuid(), key));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        assertFalse(seenRunning.isEmpty());
        assertTrue(seenRunning.stream().allMatch(x -> x));
        assertFalse(receiver.running(Direction.DOWNLOAD, repoA.uuid(), key));
        String whereis = b.annex("whereis", "--key", key.toString());
        assertTrue(whereis, whereis.contains("-- B [here]") && whereis.contains("-- A"));
    }

    /** The receiver already fetching the key from us: the store is left to it, reported as busy, not failed. */
    @Test
    public void storeIsBusyWhileTheReceiverFetchesTheSameKey() throws Exception {
        Key key = Key.parse(a.key("dir/big.bin"));
        Remote r = remote("b", "../b");
        try (TransferInfoFiles.Handle fetching = new TransferInfoFiles(b.gitDir())
                .start(Direction.DOWNLOAD, repoA.uuid(), key, "dir/big.bin")) {
            r.store(key, repoA.contentPath(key), "dir/big.bin", bytes -> { });
            fail("stored while the receiver was fetching the same key");
        } catch (TransferBusyException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("already fetching"));
        }
        assertFalse(r.checkPresent(key));
        r.store(key, repoA.contentPath(key), "dir/big.bin", bytes -> { });
        assertTrue(r.checkPresent(key));
    }

    /**
     * A location written into the receiver's journal is based on its branch merged with the git-annex
     * branches pushed to it and not merged yet: the journal, which readers there see first, must not hide
     * their lines.
     */
    @Test
    public void journalWriteKeepsLinesOfAnUnmergedPush() throws Exception {
        Key key = Key.parse(a.key("dir/big.bin"));
        GitAnnexRepo c = GitAnnexRepo.cloneOf(a, tmp.resolve("c"), "C");
        c.annex("get", "-q", "dir/big.bin");
        // C's line reaches B only as a pushed, unmerged synced/git-annex.
        c.git("push", "-q", b.dir().toString(), "git-annex:synced/git-annex");
        Remote r = remote("b", "../b");
        r.store(key, repoA.contentPath(key), "dir/big.bin", bytes -> { });
        // B's daemon reads the journal before it merges the push: C must not look like it lacks the key.
        try (LocalAnnex repoB = LocalAnnex.open(b.dir(), "B")) {
            assertEquals(java.util.Set.of(a.uuid(), b.uuid(), c.uuid()), repoB.locations(key));
        }
        b.annex("merge");
        String whereis = b.annex("whereis", "--key", key.toString());
        assertTrue(whereis, whereis.contains("-- B [here]") && whereis.contains("-- A") && whereis.contains("-- C"));
        assertTrue(whereis, whereis.contains("3 copies"));
    }

    @Test
    public void retrieveResumesAPartialFile() throws Exception {
        Key key = Key.parse(a.key("dir/big.bin"));
        b.annex("get", "-q", "dir/big.bin");
        Remote r = remote("b", "file://" + b.dir());
        Path dest = tmp.resolve("partial");
        Files.write(dest, java.util.Arrays.copyOf(data, 100_000));
        List<Long> progress = new ArrayList<>();
        r.retrieve(key, dest, "dir/big.bin", progress::add);
        assertEquals(Long.valueOf(100_000), progress.get(0));
        assertArrayEquals(data, Files.readAllBytes(dest));
    }

    @Test
    public void bareRemoteGetsTheLowerCaseLayoutAndRemoveRecordsAbsence() throws Exception {
        Key key = Key.parse(a.key("dir/big.bin"));
        Git.run(tmp, "git", "clone", "-q", "--bare", a.dir().toString(), "c.git");
        GitAnnexRepo c = GitAnnexRepo.at(tmp.resolve("c.git"));
        c.annex("init", "-q", "C");
        Remote r = remote("c", tmp.resolve("c.git").toString());
        r.store(key, repoA.contentPath(key), "dir/big.bin", n -> { });
        assertTrue(Files.isRegularFile(c.dir().resolve("annex/objects").resolve(key.hashDirLower()).resolve(key.fileName()).resolve(key.fileName())));
        assertTrue(c.annex("whereis", "--key", key.toString()).contains("-- C [here]"));
        assertTrue(c.annex("fsck", "--key", key.toString()).contains("ok"));
        r.remove(key);
        assertFalse(r.checkPresent(key));
        String whereis = c.annex("whereis", "--key", key.toString()).trim();
        assertFalse(whereis, whereis.contains("[here]"));
    }

    @Test
    public void missingRemoteAndForeignUrlsAreToldApart() throws Exception {
        assertTrue(new GitRemoteFactory(neighbours).create(repoA, "s", Map.of("url", "host:repo")).isEmpty());
        assertTrue(new GitRemoteFactory(neighbours).create(repoA, "s", Map.of("url", "ssh://host/repo")).isEmpty());
        assertTrue(new GitRemoteFactory(neighbours).create(repoA, "d", Map.of("url", "../b", "type", "directory")).isEmpty());
        Remote r = new GitRemoteFactory(neighbours).create(repoA, "b", Map.of("url", "../b", "annex-uuid", b.uuid(), "annex-cost", "150")).orElseThrow();
        assertEquals(150, r.cost());
        Key key = Key.parse(a.key("dir/big.bin"));
        GitAnnexRepo.deleteTree(b.dir());
        try {
            r.checkPresent(key);
            fail("a vanished remote must not look like one without the key");
        } catch (IOException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("remote b"));
        }
        try {
            remote("x", "../nowhere");
            fail();
        } catch (IOException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("no git repository"));
        }
    }
}
