package org.annex.assistant.itests;

import static org.annex.assistant.testsupport.Git.await;
import static org.annex.assistant.testsupport.Git.run;
import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import org.annex.assistant.testsupport.Daemon;
import org.annex.assistant.testsupport.Git;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * kill -9 in the middle of a download, then a restart: the partial download is kept and continued, the
 * content is verified before it is used, and the user's file is never missing meanwhile. The download is
 * slowed by the rsync remote's bandwidth limit (the speed knob), so there is a middle to kill it in.
 */
public class ResumeIT {
    private static final int SIZE = 6_000_000;

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private static long partialSize(Path repo) throws Exception {
        Path dir = repo.resolve(".git/annex/tmp");
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().startsWith("SHA256E-")).mapToLong(p -> p.toFile().length()).max().orElse(0);
        }
    }

    @Test
    public void killedDownloadResumesAfterRestart() throws Exception {
        Path root = tmp.getRoot().toPath();
        Path repo = Git.annexInit(root.resolve("r"), "R");
        byte[] data = new byte[SIZE];
        new Random(11).nextBytes(data);
        Files.write(repo.resolve("movie.bin"), data);
        run(repo, "git", "annex", "add", "-q", "movie.bin");
        run(repo, "git", "annex", "unlock", "-q", "movie.bin");
        run(repo, "git", "commit", "-q", "-m", "movie");
        run(repo, "git", "annex", "initremote", "-q", "rs", "type=rsync", "rsyncurl=" + root.resolve("rs"), "encryption=none");
        run(repo, "git", "annex", "copy", "-q", "--to", "rs", "movie.bin");
        run(repo, "git", "annex", "drop", "-q", "movie.bin");
        Path file = repo.resolve("movie.bin");
        assertTrue("the content is only on the remote now", Files.size(file) < 200);
        run(repo, "git", "config", "remote.rs.annex-rsync-bwlimit", "1000");

        AtomicBoolean missing = new AtomicBoolean();
        AtomicBoolean watching = new AtomicBoolean(true);
        Thread watch = new Thread(() -> {
            while (watching.get()) {
                if (!Files.exists(file)) {
                    missing.set(true);
                }
                Thread.onSpinWait();
            }
        });
        watch.start();
        try {
            long partial;
            try (Daemon d = Daemon.start(repo)) {
                await(60_000, "a partial download", () -> {
                    try {
                        return partialSize(repo) > 500_000;
                    } catch (Exception e) {
                        return false;
                    }
                });
                new ProcessBuilder("kill", "-9", Long.toString(d.pid())).start().waitFor();
                await(10_000, "the daemon gone", () -> !d.alive());
                partial = partialSize(repo);
            }
            assertTrue("killed in the middle: " + partial, partial > 0 && partial < SIZE);
            try (Daemon d = Daemon.start(repo)) {
                long ms = await(60_000, "the content in the work tree", () -> {
                    try {
                        return Files.size(file) == SIZE;
                    } catch (Exception e) {
                        return false;
                    }
                });
                System.out.println("resumed from " + partial + " bytes, done " + ms + " ms after the restart");
                assertArrayEquals(data, Files.readAllBytes(file));
                assertEquals("no partial download left", 0, partialSize(repo));
            }
        } finally {
            watching.set(false);
            watch.join();
        }
        assertTrue("the user's file was never missing", !missing.get());
        String fsck = run(repo, "git", "annex", "fsck", "--quiet", "movie.bin");
        assertTrue(fsck, !fsck.contains("failed"));
    }
}
