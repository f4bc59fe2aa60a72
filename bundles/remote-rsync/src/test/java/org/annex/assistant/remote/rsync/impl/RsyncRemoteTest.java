package org.annex.assistant.remote.rsync.impl;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;
import static org.junit.Assume.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.annex.assistant.api.annex.Key;
import org.annex.assistant.api.remote.Remote;
import org.annex.assistant.api.remote.RemoteConfig;
import org.annex.assistant.api.transfer.Direction;
import org.annex.assistant.testsupport.GitAnnexRepo;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

public class RsyncRemoteTest {
    private Path tmp;
    private Path dir;

    @Before
    public void setUp() throws IOException {
        tmp = Files.createTempDirectory("rsyncremote").toRealPath();
        dir = Files.createDirectory(tmp.resolve("remote"));
    }

    @After
    public void tearDown() throws IOException {
        GitAnnexRepo.deleteTree(tmp);
    }

    private RsyncRemote remote(Map<String, String> config) throws IOException {
        return (RsyncRemote) RsyncRemoteFactory.create(new RemoteConfig("r", config), tmp).orElseThrow();
    }

    private RsyncRemote remote() throws IOException {
        return remote(Map.of("type", "rsync", "annex-rsyncurl", dir.toString(), "annex-uuid", "u-2", "encryption", "none"));
    }

    @Test
    public void roundTripInGitAnnexLayout() throws Exception {
        byte[] data = GitAnnexRepo.randomBytes(500_000, 1);
        Key key = Key.parse(GitAnnexRepo.sha256eKey(data, ".bin"));
        RsyncRemote r = remote();
        assertEquals(100, r.cost());
        assertFalse(r.checkPresent(key));
        AtomicLong up = new AtomicLong();
        r.store(key, Files.write(tmp.resolve("content"), data), "a.bin", up::set);
        assertEquals(data.length, up.get());
        assertTrue(r.checkPresent(key));
        Path stored = dir.resolve(key.hashDirLower()).resolve(key.fileName()).resolve(key.fileName());
        assertArrayEquals(data, Files.readAllBytes(stored));
        r.store(key, tmp.resolve("content"), "a.bin", total -> { });

        Path dest = tmp.resolve("dest");
        AtomicLong down = new AtomicLong();
        r.retrieve(key, dest, "a.bin", down::set);
        assertArrayEquals(data, Files.readAllBytes(dest));
        assertEquals(data.length, down.get());

        r.remove(key);
        assertFalse(r.checkPresent(key));
        assertFalse(Files.exists(stored));
        r.remove(key);
    }

    @Test
    public void retrieveKeepsAMatchingPrefixAndRepairsAWrongOne() throws Exception {
        byte[] data = GitAnnexRepo.randomBytes(400_000, 2);
        Key key = Key.parse(GitAnnexRepo.sha256eKey(data, ""));
        RsyncRemote r = remote();
        r.store(key, Files.write(tmp.resolve("content"), data), "f", total -> { });
        Path dest = Files.write(tmp.resolve("dest"), Arrays.copyOf(data, 150_000));
        r.retrieve(key, dest, "f", total -> { });
        assertArrayEquals(data, Files.readAllBytes(dest));

        byte[] wrong = Arrays.copyOf(data, 150_000);
        wrong[10] ^= 1;
        Files.write(dest, wrong);
        r.retrieve(key, dest, "f", total -> { });
        assertArrayEquals(data, Files.readAllBytes(dest));
    }

    @Test
    public void bandwidthLimitSlowsTransfersAndCanBeChangedAtRunTime() throws Exception {
        byte[] data = GitAnnexRepo.randomBytes(600_000, 3);
        Key key = Key.parse(GitAnnexRepo.sha256eKey(data, ""));
        RsyncRemote r = remote(Map.of("type", "rsync", "annex-rsyncurl", dir.toString(), "annex-uuid", "u",
                "annex-rsync-bwlimit", "200"));
        assertEquals(200, r.bandwidthLimit());
        Path content = Files.write(tmp.resolve("content"), data);
        long t0 = System.nanoTime();
        r.store(key, content, "f", total -> { });
        long limitedMillis = (System.nanoTime() - t0) / 1_000_000;
        assertTrue("600 kB at 200 KiB/s took only " + limitedMillis + " ms", limitedMillis >= 2000);

        r.setBandwidthLimit(0);
        t0 = System.nanoTime();
        r.retrieve(key, tmp.resolve("dest"), "f", total -> { });
        long unlimitedMillis = (System.nanoTime() - t0) / 1_000_000;
        assertTrue("unlimited retrieve took " + unlimitedMillis + " ms", unlimitedMillis < 1500);
        assertArrayEquals(data, Files.readAllBytes(tmp.resolve("dest")));
    }

    /** The rate controller's limit (bytes/s) reaches rsync as --bwlimit, the lower one winning, per direction. */
    @Test
    public void rateControllerLimitIsGivenToRsyncPerDirection() throws Exception {
        byte[] data = GitAnnexRepo.randomBytes(600_000, 4);
        Key key = Key.parse(GitAnnexRepo.sha256eKey(data, ""));
        RsyncRemote r = (RsyncRemote) RsyncRemoteFactory.create(new RemoteConfig("r", Map.of("type", "rsync",
                "annex-rsyncurl", dir.toString(), "annex-uuid", "u")), tmp,
                d -> d == Direction.UPLOAD ? 200 * 1024 : 0).orElseThrow();
        assertEquals(200, r.limitKiB(Direction.UPLOAD));
        assertEquals(0, r.limitKiB(Direction.DOWNLOAD));
        long t0 = System.nanoTime();
        r.store(key, Files.write(tmp.resolve("content"), data), "f", total -> { });
        long limitedMillis = (System.nanoTime() - t0) / 1_000_000;
        assertTrue("600 kB at the controller's 200 KiB/s took only " + limitedMillis + " ms", limitedMillis >= 2000);
        t0 = System.nanoTime();
        r.retrieve(key, tmp.resolve("dest"), "f", total -> { });
        long unlimitedMillis = (System.nanoTime() - t0) / 1_000_000;
        assertTrue("download without a limit took " + unlimitedMillis + " ms", unlimitedMillis < 1500);

        r.setBandwidthLimit(100);
        assertEquals(100, r.limitKiB(Direction.UPLOAD));
        assertEquals(100, r.limitKiB(Direction.DOWNLOAD));
        RsyncRemote tiny = (RsyncRemote) RsyncRemoteFactory.create(new RemoteConfig("r", Map.of("type", "rsync",
                "annex-rsyncurl", dir.toString(), "annex-uuid", "u")), tmp, d -> 10).orElseThrow();
        assertEquals("a limit under 1 KiB/s is not lifted by rounding", 1, tiny.limitKiB(Direction.UPLOAD));
    }

    @Test
    public void configurationErrorsAreClear() throws Exception {
        assertTrue(RsyncRemoteFactory.create(new RemoteConfig("r", Map.of("type", "directory", "annex-directory", "/x")), tmp).isEmpty());
        assertEquals(200, remote(Map.of("annex-rsyncurl", "host.example:/srv/annex", "annex-uuid", "u")).cost());
        expectError(Map.of("type", "rsync", "annex-uuid", "u"), "missing annex-rsyncurl");
        expectError(Map.of("type", "rsync", "rsyncurl", dir.toString(), "annex-uuid", "u", "encryption", "hybrid"),
                "encryption=hybrid is not supported");
        expectError(Map.of("type", "rsync", "rsyncurl", "--rsh=evil", "annex-uuid", "u"), "rsync option");
        expectError(Map.of("type", "rsync", "rsyncurl", dir.toString(), "annex-uuid", "u", "bwlimit", "fast"), "bwlimit 'fast'");
    }

    private void expectError(Map<String, String> config, String message) {
        try {
            remote(config);
            fail("accepted " + config);
        } catch (IOException e) {
            assertTrue(e.getMessage(), e.getMessage().contains(message) && e.getMessage().startsWith("remote r:"));
        }
    }

    /** A missing directory is the remote contract's (RsyncRemoteContractTest). */
    @Test
    public void anUnreachableHostIsAnError() throws Exception {
        Key key = Key.parse(GitAnnexRepo.sha256eKey(new byte[1], ""));
        Remote far = remote(Map.of("annex-rsyncurl", "nohost.invalid:/srv/annex", "annex-uuid", "u"));
        try {
            far.checkPresent(key);
            fail("an unreachable host looked like an absent key");
        } catch (IOException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("nohost.invalid"));
        }
    }

    @Test
    public void aFullDiskFailsTheStoreWithoutAPartialKeyFile() throws Exception {
        assumeTrue("root is needed to mount", "root".equals(System.getProperty("user.name")));
        Path small = Files.createDirectory(tmp.resolve("small"));
        run("mount", "-t", "tmpfs", "-o", "size=64k", "annextest", small.toString());
        try {
            Remote r = remote(Map.of("annex-rsyncurl", small.toString(), "annex-uuid", "u"));
            byte[] data = GitAnnexRepo.randomBytes(256 * 1024, 4);
            Key key = Key.parse(GitAnnexRepo.sha256eKey(data, ""));
            try {
                r.store(key, Files.write(tmp.resolve("big"), data), "big", total -> { });
                fail("stored 256 KiB on a 64 KiB file system");
            } catch (IOException e) {
                assertTrue(e.getMessage(), e.getMessage().contains("No space left on device"));
            }
            assertFalse(r.checkPresent(key));
        } finally {
            run("umount", small.toString());
        }
    }

    private static void run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).inheritIO().start();
        assertEquals(String.join(" ", cmd), 0, p.waitFor());
    }
}
