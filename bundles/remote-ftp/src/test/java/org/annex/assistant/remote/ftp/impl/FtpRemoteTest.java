package org.annex.assistant.remote.ftp.impl;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;
import static org.junit.Assume.assumeTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.annex.assistant.api.annex.Key;
import org.annex.assistant.api.remote.Remote;
import org.annex.assistant.api.remote.RemoteConfig;
import org.annex.assistant.testsupport.FtpTestServer;
import org.annex.assistant.testsupport.GitAnnexRepo;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

public class FtpRemoteTest {
    private Path tmp;
    private Path home;
    private FtpTestServer server;

    @Before
    public void setUp() throws Exception {
        tmp = Files.createTempDirectory("ftpremote").toRealPath();
        home = Files.createDirectory(tmp.resolve("home"));
        server = new FtpTestServer(home, tmp.resolve("users.properties"));
    }

    @After
    public void tearDown() throws IOException {
        if (server != null) {
            server.close();
        }
        GitAnnexRepo.deleteTree(tmp);
    }

    private Remote remote(Map<String, String> extra, Map<String, String> env) throws IOException {
        Map<String, String> config = server.remoteConfig();
        config.putAll(extra);
        return FtpRemoteFactory.create(new RemoteConfig("f", config), tmp.resolve(".git"), env).orElseThrow();
    }

    private Remote remote() throws IOException {
        return remote(Map.of(), Map.of(FtpRemoteFactory.passwordVariable("f"), FtpTestServer.PASSWORD));
    }

    @Test
    public void roundTripInTheSpecialRemoteLayout() throws Exception {
        Remote r = remote();
        assertEquals(200, r.cost());
        roundTrip(r, home, tmp);
    }

    /** Stores, finds, retrieves and removes content through {@code r}, whose directory is {@code home}/annex. */
    static void roundTrip(Remote r, Path home, Path tmp) throws Exception {
        byte[] data = GitAnnexRepo.randomBytes(700_000, 1);
        Key key = Key.parse(GitAnnexRepo.sha256eKey(data, ".bin"));
        assertFalse(r.checkPresent(key));
        AtomicLong up = new AtomicLong();
        r.store(key, Files.write(tmp.resolve("content"), data), "a.bin", up::set);
        assertEquals(data.length, up.get());
        assertTrue(r.checkPresent(key));
        Path stored = home.resolve("annex").resolve(key.hashDirLower()).resolve(key.fileName()).resolve(key.fileName());
        assertArrayEquals(data, Files.readAllBytes(stored));
        Path dest = tmp.resolve("dest");
        AtomicLong down = new AtomicLong();
        r.retrieve(key, dest, "a.bin", down::set);
        assertArrayEquals(data, Files.readAllBytes(dest));
        assertEquals(data.length, down.get());
        r.remove(key);
        assertFalse(r.checkPresent(key));
        assertFalse(Files.exists(stored.getParent()));
    }

    @Test
    public void interruptedTransfersResume() throws Exception {
        byte[] data = GitAnnexRepo.randomBytes(300_000, 2);
        Key key = Key.parse(GitAnnexRepo.sha256eKey(data, ""));
        Remote r = remote();
        Path partialUpload = home.resolve("annex").resolve("tmp").resolve(key.fileName());
        Files.createDirectories(partialUpload.getParent());
        Files.write(partialUpload, Arrays.copyOf(data, 100_000));
        AtomicLong firstUp = new AtomicLong(-1);
        r.store(key, Files.write(tmp.resolve("content"), data), "f", total -> firstUp.compareAndSet(-1, total));
        assertTrue("upload continued after the partial file: " + firstUp.get(), firstUp.get() > 100_000);
        assertTrue(r.checkPresent(key));

        Path dest = Files.write(tmp.resolve("dest"), Arrays.copyOf(data, 120_000));
        AtomicLong firstDown = new AtomicLong(-1);
        r.retrieve(key, dest, "f", total -> firstDown.compareAndSet(-1, total));
        assertArrayEquals(data, Files.readAllBytes(dest));
        assertTrue("download resumed: " + firstDown.get(), firstDown.get() > 120_000);
    }

    @Test
    public void wrongCredentialsUnreachableServersAndBadConfigAreClear() throws Exception {
        Key key = Key.parse(GitAnnexRepo.sha256eKey(new byte[1], ""));
        Remote wrong = remote(Map.of(), Map.of(FtpRemoteFactory.passwordVariable("f"), "guess"));
        expectError(() -> wrong.checkPresent(key), "login as annex to 127.0.0.1:" + server.port() + " refused (530");
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        Remote closed = remote(Map.of("annex-ftp-port", Integer.toString(closedPort)), Map.of());
        expectError(() -> closed.checkPresent(key), "cannot connect to 127.0.0.1:" + closedPort);
        Remote unknown = remote(Map.of("annex-ftp-host", "nohost.invalid"), Map.of());
        expectError(() -> unknown.checkPresent(key), "unknown host nohost.invalid");

        assertTrue(FtpRemoteFactory.create(new RemoteConfig("f", Map.of("type", "directory")), tmp, Map.of()).isEmpty());
        expectError(() -> remote(Map.of("annex-ftp-ftps", "maybe"), Map.of()), "must be no, explicit or implicit");
        expectError(() -> remote(Map.of("annex-ftp-port", "99999"), Map.of()), "not a port number");
        expectError(() -> remote(Map.of("encryption", "shared"), Map.of()), "encryption=shared is not supported");
    }

    @Test
    public void passwordFileMustBePrivate() throws Exception {
        Path file = tmp.resolve(".git/annex-assistant/credentials/ftp-f");
        Files.createDirectories(file.getParent());
        Files.writeString(file, FtpTestServer.PASSWORD + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        expectError(() -> remote(Map.of(), Map.of()), "may be read by others; chmod 600");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        assertFalse(remote(Map.of(), Map.of()).checkPresent(Key.parse(GitAnnexRepo.sha256eKey(new byte[1], ""))));
    }

    @Test
    public void aFullServerDiskFailsTheStore() throws Exception {
        assumeTrue("root is needed to mount", "root".equals(System.getProperty("user.name")));
        Path small = Files.createDirectory(home.resolve("small"));
        run("mount", "-t", "tmpfs", "-o", "size=64k", "annextest", small.toString());
        try {
            Remote r = remote(Map.of("annex-ftp-directory", "small"), Map.of(FtpRemoteFactory.passwordVariable("f"), FtpTestServer.PASSWORD));
            byte[] data = GitAnnexRepo.randomBytes(256 * 1024, 3);
            Key key = Key.parse(GitAnnexRepo.sha256eKey(data, ""));
            expectError(() -> r.store(key, Files.write(tmp.resolve("big"), data), "big", total -> { }), "storing " + key);
            assertFalse(r.checkPresent(key));
        } finally {
            run("umount", small.toString());
        }
    }

    interface Action {
        void run() throws Exception;
    }

    /** {@code action} fails with an error of remote f that says {@code message}. */
    static void expectError(Action action, String message) throws Exception {
        try {
            action.run();
            fail("no error; expected " + message);
        } catch (IOException e) {
            assertTrue(e.getMessage(), e.getMessage().contains(message) && e.getMessage().startsWith("remote f"));
        }
    }

    private static void run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).inheritIO().start();
        assertEquals(String.join(" ", cmd), 0, p.waitFor());
    }
}
