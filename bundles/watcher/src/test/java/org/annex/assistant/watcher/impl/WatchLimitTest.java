package org.annex.assistant.watcher.impl;

import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;

import org.annex.assistant.api.concurrent.NamedThreads;
import org.annex.assistant.core.LocalAnnex;
import org.annex.assistant.testsupport.Git;
import org.annex.assistant.watcher.WatchStatus;
import org.annex.assistant.watcher.impl.fs.ProcFiles;
import org.junit.Assume;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * Lowers the real fs.inotify.max_user_watches (we run as root) just above what the user already uses, so
 * the watcher runs out of watches; restores it in finally.
 */
public class WatchLimitTest {
    private static final Path LIMIT = Path.of("/proc/sys/fs/inotify/max_user_watches");

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    @Test
    public void outOfWatchesIsReportedAndUnwatchedDirectoriesAreScanned() throws Exception {
        Assume.assumeTrue("needs root to lower the inotify limit", Files.isWritable(LIMIT));
        Path dir = Git.annexInit(tmp.getRoot().toPath().toRealPath().resolve("repo"), "limits");
        for (int i = 0; i < 20; i++) {
            Files.createDirectories(dir.resolve("dir" + i));
        }
        LocalAnnex annex = LocalAnnex.open(dir, "limits");
        RepositoryWatcher.Settings settings = new RepositoryWatcher.Settings();
        settings.rescanIntervalMillis = 1000;
        String original = ProcFiles.read(LIMIT);
        PrintStream err = System.err;
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        System.setErr(new PrintStream(new TeeStream(err, log), true));
        RepositoryWatcher watcher = null;
        ScheduledExecutorService scheduler = NamedThreads.scheduler("test watcher", 1);
        // The limit is the whole machine's: a run stopped by a signal must not leave it lowered.
        Thread restore = new Thread(() -> {
            try {
                sysctl(original);
            } catch (IOException | InterruptedException e) {
                System.err.println("could not restore fs.inotify.max_user_watches=" + original + ": " + e);
            }
        });
        Runtime.getRuntime().addShutdownHook(restore);
        try {
            sysctl(String.valueOf(watchesInUse() + 5));
            watcher = new RepositoryWatcher(annex, settings, (t, p) -> { }, scheduler);
            watcher.start();
            RepositoryWatcher w = watcher;
            Git.await(10_000, "unwatched directories", () -> !w.unwatchedDirectories().isEmpty());
            WatchStatus status = watcher.status();
            assertFalse(status.unwatchedDirectories().isEmpty());
            assertTrue(status.toString(), status.watchedDirectories() < 21);
            String unwatched = watcher.unwatchedDirectories().get(0);
            Git.await(5000, "the limit message",
                    () -> log.toString().contains("sysctl fs.inotify.max_user_watches="));
            assertTrue(log.toString(), log.toString().contains("inotify watch limit reached"));

            Files.writeString(dir.resolve(unwatched).resolve("seen-by-scan.txt"), "found by the periodic scan");
            String expected = unwatched + "/seen-by-scan.txt";
            Git.await(15_000, expected + " in HEAD", () -> {
                try {
                    return TestRepos.headTree(dir).containsKey(expected);
                } catch (IOException | InterruptedException e) {
                    return false;
                }
            });
        } finally {
            sysctl(original);
            Runtime.getRuntime().removeShutdownHook(restore);
            System.setErr(err);
            if (watcher != null) {
                watcher.close();
            }
            scheduler.shutdownNow();
            annex.close();
        }
        TestRepos.git(dir, "annex", "fsck", "--quiet");
    }

    /** Through sysctl(8): a JDK write to /proc/sys may arrive in pieces, and procfs keeps only the first. */
    private static void sysctl(String value) throws IOException, InterruptedException {
        Git.run(Path.of("/"), "sysctl", "-q", "-w", "fs.inotify.max_user_watches=" + value);
        if (!ProcFiles.read(LIMIT).equals(value)) {
            throw new IOException("fs.inotify.max_user_watches is " + ProcFiles.read(LIMIT) + ", not " + value);
        }
    }

    /** inotify watches held by all processes (the limit is per user; the tests run as root, as does the rest). */
    private static long watchesInUse() throws IOException {
        long n = 0;
        try (DirectoryStream<Path> pids = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path pid : pids) {
                try (DirectoryStream<Path> infos = Files.newDirectoryStream(pid.resolve("fdinfo"))) {
                    for (Path info : infos) {
                        try {
                            List<String> lines = Files.readAllLines(info);
                            n += lines.stream().filter(l -> l.startsWith("inotify wd:")).count();
                        } catch (IOException e) {
                            // fd closed meanwhile
                        }
                    }
                } catch (IOException e) {
                    // process ended
                }
            }
        }
        return n;
    }

    private static final class TeeStream extends OutputStream {
        private final OutputStream a;
        private final OutputStream b;

        TeeStream(OutputStream a, OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public synchronized void write(int c) throws IOException {
            a.write(c);
            b.write(c);
        }

        @Override
        public synchronized void write(byte[] buf, int off, int len) throws IOException {
            a.write(buf, off, len);
            b.write(buf, off, len);
        }
    }
}
