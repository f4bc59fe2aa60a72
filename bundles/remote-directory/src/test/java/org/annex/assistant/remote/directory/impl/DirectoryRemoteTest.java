package org.annex.assistant.remote.directory.impl;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;
import static org.junit.Assume.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import org.annex.assistant.api.annex.Key;
import org.annex.assistant.api.remote.Remote;
import org.annex.assistant.api.remote.RemoteConfig;
import org.annex.assistant.testsupport.GitAnnexRepo;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

public class DirectoryRemoteTest {
    private Path tmp;
    private Path dir;

    @Before
    public void setUp() throws IOException {
        tmp = Files.createTempDirectory("dirremote").toRealPath();
        dir = Files.createDirectory(tmp.resolve("remote"));
    }

    @After
    public void tearDown() throws IOException {
        GitAnnexRepo.deleteTree(tmp);
    }

    private Remote remote(Map<String, String> config) throws IOException {
        return DirectoryRemoteFactory.create(new RemoteConfig("d", config), tmp).orElseThrow();
    }

    private Remote remote() throws IOException {
        return remote(Map.of("type", "directory", "annex-directory", dir.toString(), "annex-uuid", "u-1",
                "encryption", "none"));
    }

    @Test
    public void roundTripWithGitAnnexLayoutAndPermissions() throws Exception {
        byte[] data = GitAnnexRepo.randomBytes(300_000, 1);
        Key key = Key.parse(GitAnnexRepo.sha256eKey(data, ".bin"));
        Path content = Files.write(tmp.resolve("content"), data);
        Remote r = remote();
        assertEquals(100, r.cost());
        assertEquals("u-1", r.uuid());
        assertFalse(r.checkPresent(key));
        AtomicLong stored = new AtomicLong();
        r.store(key, content, "a.bin", stored::set);
        assertEquals(data.length, stored.get());
        assertTrue(r.checkPresent(key));
        Path keyDir = dir.resolve(key.hashDirLower()).resolve(key.fileName());
        assertEquals("r-xr-xr-x", PosixFilePermissions.toString(Files.getPosixFilePermissions(keyDir)));
        assertEquals("r--r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(keyDir.resolve(key.fileName()))));
        assertEquals("the tmp area is left empty", 0, entries(dir.resolve("tmp")));

        Path dest = tmp.resolve("dest");
        AtomicLong got = new AtomicLong();
        r.retrieve(key, dest, "a.bin", got::set);
        assertArrayEquals(data, Files.readAllBytes(dest));
        assertEquals(data.length, got.get());

        r.remove(key);
        assertFalse(r.checkPresent(key));
        assertFalse(Files.exists(keyDir));
        r.remove(key);
    }

    @Test
    public void retrieveResumesFromThePrefixAlreadyThere() throws Exception {
        byte[] data = GitAnnexRepo.randomBytes(200_000, 2);
        Key key = Key.parse(GitAnnexRepo.sha256eKey(data, ""));
        Remote r = remote();
        r.store(key, Files.write(tmp.resolve("content"), data), "f", total -> { });
        Path dest = Files.write(tmp.resolve("dest"), Arrays.copyOf(data, 70_000));
        AtomicLong first = new AtomicLong(-1);
        AtomicLong last = new AtomicLong();
        r.retrieve(key, dest, "f", total -> {
            first.compareAndSet(-1, total);
            last.set(total);
        });
        assertArrayEquals(data, Files.readAllBytes(dest));
        assertTrue("progress starts after the prefix: " + first.get(), first.get() > 70_000);
        assertEquals(data.length, last.get());
    }

    @Test
    public void retrieveDoesNotFollowASymlinkAtTheDestination() throws Exception {
        byte[] data = "secret-free content".getBytes();
        Key key = Key.parse(GitAnnexRepo.sha256eKey(data, ".txt"));
        Remote r = remote();
        r.store(key, Files.write(tmp.resolve("content"), data), "f", total -> { });
        Path victim = Files.write(tmp.resolve("victim"), "keep me".getBytes());
        Path dest = Files.createSymbolicLink(tmp.resolve("dest"), victim);
        try {
            r.retrieve(key, dest, "f", total -> { });
            fail("wrote through a symlink");
        } catch (IOException expected) {
            assertEquals("keep me", Files.readString(victim));
        }
    }

    @Test
    public void configurationErrorsAreClear() throws Exception {
        assertTrue(DirectoryRemoteFactory.create(new RemoteConfig("r", Map.of("type", "rsync", "annex-rsyncurl", "/x")), tmp).isEmpty());
        assertTrue(DirectoryRemoteFactory.create(new RemoteConfig("r", Map.of("url", "/some/repo")), tmp).isEmpty());
        expectError(Map.of("type", "directory", "annex-uuid", "u"), "missing annex-directory");
        expectError(Map.of("type", "directory", "annex-directory", dir.toString(), "annex-uuid", "u", "encryption", "shared"),
                "encryption=shared is not supported");
        expectError(Map.of("type", "directory", "annex-directory", dir.toString(), "annex-uuid", "u", "chunk", "1MiB"),
                "chunk=1MiB is not supported");
        expectError(Map.of("type", "directory", "annex-directory", dir.toString()), "has no annex-uuid");
        expectError(Map.of("annex-directory", dir.toString(), "annex-uuid", "u", "annex-cost", "cheap"), "annex-cost 'cheap'");
        assertEquals(42, remote(Map.of("annex-directory", dir.toString(), "annex-uuid", "u", "annex-cost", "42.2")).cost());
    }

    private void expectError(Map<String, String> config, String message) {
        try {
            remote(config);
            fail("accepted " + config);
        } catch (IOException e) {
            assertTrue(e.getMessage(), e.getMessage().contains(message) && e.getMessage().startsWith("remote d:"));
        }
    }

    @Test
    public void aFullDiskFailsTheStoreAndLeavesNothingBehind() throws Exception {
        assumeTrue("root is needed to mount", "root".equals(System.getProperty("user.name")));
        Path small = Files.createDirectory(tmp.resolve("small"));
        run("mount", "-t", "tmpfs", "-o", "size=64k", "annextest", small.toString());
        try {
            Remote r = remote(Map.of("type", "directory", "annex-directory", small.toString(), "annex-uuid", "u"));
            byte[] data = GitAnnexRepo.randomBytes(256 * 1024, 3);
            Key key = Key.parse(GitAnnexRepo.sha256eKey(data, ""));
            try {
                r.store(key, Files.write(tmp.resolve("big"), data), "big", total -> { });
                fail("stored 256 KiB on a 64 KiB file system");
            } catch (IOException e) {
                assertTrue(e.getMessage(), e.getMessage().contains("No space left on device"));
            }
            assertFalse(r.checkPresent(key));
            assertEquals(0, entries(small.resolve("tmp")));
        } finally {
            run("umount", small.toString());
        }
    }

    private static long entries(Path dir) throws IOException {
        try (Stream<Path> list = Files.list(dir)) {
            return list.count();
        }
    }

    private static void run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).inheritIO().start();
        assertEquals(String.join(" ", cmd), 0, p.waitFor());
    }
}
