package org.annex.assistant.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Set;

import org.annex.assistant.testsupport.Daemon;
import org.annex.assistant.testsupport.Git;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** The command line as a user meets it: start, credentials, status, stop, service unit, and each error. */
public class LauncherIT {
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    @Test
    public void runStatusStopAndCredentials() throws Exception {
        Path repo = tmp.newFolder("plain dir").toPath();
        try (Daemon d = Daemon.start(repo)) {
            System.out.println("distribution start to working console: " + d.startMillis + " ms");
            assertTrue("a git repository was made", Files.isDirectory(repo.resolve(".git")));
            assertTrue(d.baseUrl().startsWith("http://127.0.0.1:"));
            assertEquals(401, d.getWithoutCredentials("/system/console/bundles.json").statusCode());
            assertEquals(200, d.get("/system/console/bundles.json").statusCode());
            assertTrue(d.get("/system/console/bundles.json").body().contains("all "));
            assertFalse("never admin/admin", d.credentials().equals("admin:admin"));
            Path creds = repo.resolve(".git/annex-assistant/console.credentials");
            assertEquals(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE),
                    Files.getPosixFilePermissions(creds));
            assertTrue("credentials printed at first start", d.log().contains(d.credentials().replace(":", " / ")));
            assertEquals(d.pid() + "", Files.readString(repo.resolve(".git/annex-assistant/daemon.pid")).trim());

            Git.Result status = Daemon.command(List.of(), "status", "--repo", repo.toString());
            assertEquals(status.toString(), 0, status.exitCode);
            assertTrue(status.output, status.output.contains("running on " + repo) && status.output.contains(d.baseUrl()));

            Git.Result second = Daemon.command(List.of(), "run", "--repo", repo.toString(), "--http-port", "0");
            assertEquals(second.toString(), 4, second.exitCode);
            assertTrue(second.output, second.output.contains("already running on " + repo + " (pid " + d.pid() + ")"));

            Git.Result stop = Daemon.command(List.of(), "stop", "--repo", repo.toString());
            assertEquals(stop.toString(), 0, stop.exitCode);
            assertFalse(d.alive());
        }
        Git.Result status = Daemon.command(List.of(), "status", "--repo", repo.toString());
        assertEquals(8, status.exitCode);
        assertTrue(status.output.contains("not running"));

        try (Daemon again = Daemon.start(repo)) {
            assertFalse("credentials are printed only once", again.log().contains(again.credentials().replace(":", " / ")));
        }
    }

    @Test
    public void restartAfterKillMinus9() throws Exception {
        Path repo = tmp.newFolder("killed").toPath();
        try (Daemon d = Daemon.start(repo)) {
            new ProcessBuilder("kill", "-9", Long.toString(d.pid())).start().waitFor();
            long end = System.currentTimeMillis() + 10_000;
            while (d.alive() && System.currentTimeMillis() < end) {
                Thread.sleep(50);
            }
        }
        try (Daemon d = Daemon.start(repo)) {
            assertEquals(200, d.get("/system/console/annex/status.json").statusCode());
        }
    }

    @Test
    public void portInUse() throws Exception {
        try (ServerSocket busy = new ServerSocket()) {
            busy.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
            Git.Result r = Daemon.command(List.of(), "run", "--repo", tmp.newFolder().toString(),
                    "--http-port", Integer.toString(busy.getLocalPort()));
            assertEquals(r.toString(), 5, r.exitCode);
            assertTrue(r.output, r.output.contains("port " + busy.getLocalPort() + " on 127.0.0.1 is in use"));
            assertOneLine(r);
        }
    }

    @Test
    public void notADirectory() throws Exception {
        Path file = tmp.newFile("a file").toPath();
        Git.Result r = Daemon.command(List.of(), "run", "--repo", file.toString());
        assertEquals(r.toString(), 3, r.exitCode);
        assertTrue(r.output, r.output.contains(file + " is not a directory"));
        assertOneLine(r);
    }

    @Test
    public void cannotBeMadeARepository() throws Exception {
        Git.Result r = Daemon.command(List.of(), "run", "--repo", "/proc/annex-assistant-test/repo");
        assertEquals(r.toString(), 3, r.exitCode);
        assertTrue(r.output, r.output.contains("/proc/annex-assistant-test/repo does not exist and cannot be created"));
        assertOneLine(r);
    }

    @Test
    public void bareRepository() throws Exception {
        Path bare = tmp.newFolder("bare.git").toPath();
        assertEquals(0, new ProcessBuilder("git", "init", "-q", "--bare", bare.toString()).start().waitFor());
        Git.Result r = Daemon.command(List.of(), "run", "--repo", bare.toString());
        assertEquals(r.toString(), 3, r.exitCode);
        assertTrue(r.output, r.output.contains("is a bare git repository"));
    }

    /** A read-only bind mount makes a directory unwritable even for root, who ignores permission bits. */
    @Test
    public void unwritableRepository() throws Exception {
        assumeTrue("root is needed for a read-only bind mount", "root".equals(System.getProperty("user.name")));
        Path dir = tmp.newFolder("readonly").toPath();
        run("mount", "--bind", dir.toString(), dir.toString());
        try {
            run("mount", "-o", "remount,bind,ro", dir.toString());
            Git.Result r = Daemon.command(List.of(), "run", "--repo", dir.toString());
            assertEquals(r.toString(), 3, r.exitCode);
            assertTrue(r.output, r.output.contains(dir + " is not a git repository and cannot be made one"));
            assertOneLine(r);
        } finally {
            run("umount", dir.toString());
        }
    }

    @Test
    public void usageErrors() throws Exception {
        Git.Result r = Daemon.command(List.of(), "frobnicate");
        assertEquals(2, r.exitCode);
        assertTrue(r.output.contains("unknown command 'frobnicate'"));
        r = Daemon.command(List.of(), "run", "--http-port", "http");
        assertEquals(2, r.exitCode);
        assertTrue(r.output.contains("--http-port takes a number"));
    }

    @Test
    public void installServiceWritesAUnitThatSystemdAccepts() throws Exception {
        Path home = tmp.newFolder("home").toPath();
        Path repo = tmp.newFolder("my repo").toPath();
        Git.Result r = Daemon.command(List.of("HOME=" + home, "XDG_CONFIG_HOME=" + home.resolve(".config")),
                "install-service", "--repo", repo.toString());
        assertEquals(r.toString(), 0, r.exitCode);
        Path units = home.resolve(".config/systemd/user");
        List<Path> files;
        try (var s = Files.list(units)) {
            files = s.toList();
        }
        assertEquals(1, files.size());
        String unit = Files.readString(files.get(0));
        assertTrue(unit, unit.contains("ExecStart=\"" + Daemon.executable() + "\" run --repo \"" + repo + "\""));
        assertTrue(files.get(0).getFileName().toString().startsWith("annex-assistant-"));
        assumeTrue("systemd-analyze is not installed", Files.isExecutable(Path.of("/usr/bin/systemd-analyze")));
        Process verify = new ProcessBuilder("systemd-analyze", "verify", files.get(0).toString())
                .redirectErrorStream(true).start();
        String out = new String(verify.getInputStream().readAllBytes());
        assertEquals("systemd-analyze verify: " + out, 0, verify.waitFor());
    }

    private static void assertOneLine(Git.Result r) {
        assertEquals("one line: " + r.output, 1, r.output.strip().lines().count());
    }

    private static void run(String... cmd) throws Exception {
        assertEquals(String.join(" ", cmd), 0, new ProcessBuilder(cmd).inheritIO().start().waitFor());
    }
}
