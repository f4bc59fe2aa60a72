package org.annex.assistant.ratecontrol.impl;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.annex.assistant.api.rate.RateStatus;
import org.annex.assistant.api.rate.Throttle;
import org.annex.assistant.api.transfer.Direction;
import org.annex.assistant.core.LocalAnnex;
import org.annex.assistant.ratecontrol.impl.limits.RateSettings;
import org.annex.assistant.testsupport.Git;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The controller over a real repository: its git config's annex.bwlimit, Config Admin's settings above it,
 * the daemon-wide bucket shared by lanes, and changes that reach a lane while bytes move through it (real
 * time, real sleeps).
 */
public class RateControllerComponentTest {
    private static final long MIB = 1 << 20;

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    /** Pushes {@code bytes} through the throttle in 64 KiB buffers; returns the seconds it took. */
    private static double move(Throttle t, long bytes) throws InterruptedException {
        long start = System.nanoTime();
        for (long sent = 0; sent < bytes; sent += 64 << 10) {
            t.acquire(64 << 10);
        }
        return (System.nanoTime() - start) / 1e9;
    }

    @Test
    public void gitConfigThenConfigAdminThenTheGlobalLimit() throws Exception {
        Path dir = Git.annexInit(tmp.getRoot().toPath().resolve("a"), "A");
        try (LocalAnnex repo = LocalAnnex.open(dir, "A")) {
            RateControllerComponent c = new RateControllerComponent();
            Throttle up = c.throttle(repo, "b", Direction.UPLOAD);
            assertEquals(0, up.limit());
            Git.run(dir, "git", "config", "annex.bwlimit", "8MiB/s");
            assertEquals(8 * MIB, up.limit());
            double s = move(up, 4 * MIB);
            assertTrue("4 MiB at 8 MiB/s took " + s + " s", s > 0.47 && s < 0.55);

            c.apply(new RateSettings("", "", new String[] {"b=4MiB/s"}, new String[0]));
            assertEquals("Config Admin's remote limit over git config", 4 * MIB, up.limit());
            assertEquals("downloads keep git config's", 8 * MIB, c.throttle(repo, "b", Direction.DOWNLOAD).limit());
            c.apply(new RateSettings("2MiB/s", "", new String[] {"b=4MiB/s"}, new String[0]));
            assertEquals("the global limit when it is lower", 2 * MIB, up.limit());

            // Two lanes share the global bucket: 2 MiB each at 2 MiB/s together takes 2 s.
            Throttle other = c.throttle(repo, "c", Direction.UPLOAD);
            AtomicLong otherMillis = new AtomicLong();
            Thread t = new Thread(() -> {
                try {
                    otherMillis.set((long) (move(other, 2 * MIB) * 1000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            long start = System.nanoTime();
            t.start();
            move(up, 2 * MIB);
            t.join();
            double both = (System.nanoTime() - start) / 1e9;
            assertTrue("2 + 2 MiB under a shared 2 MiB/s took " + both + " s", both > 1.9 && both < 2.2);

            List<RateStatus> status = c.status();
            RateStatus global = status.get(0);
            assertEquals(Direction.UPLOAD, global.direction());
            assertEquals(2 * MIB, global.limit());
            assertEquals("config upload", global.source());
            assertTrue(status.stream().anyMatch(r -> "b".equals(r.remote()) && r.direction() == Direction.UPLOAD
                    && r.limit() == 4 * MIB && r.source().equals("config remoteUpload b")
                    && r.repository().equals(dir.toString())));
        }
    }

    @Test
    public void aRunningLaneFollowsAGitConfigChange() throws Exception {
        Path dir = Git.annexInit(tmp.getRoot().toPath().resolve("a"), "A");
        try (LocalAnnex repo = LocalAnnex.open(dir, "A")) {
            RateControllerComponent c = new RateControllerComponent();
            Git.run(dir, "git", "config", "remote.b.annex-bwlimit", "8MiB/s");
            Throttle up = c.throttle(repo, "b", Direction.UPLOAD);
            move(up, 4 * MIB);
            Git.run(dir, "git", "config", "remote.b.annex-bwlimit", "2MiB/s");
            // Within the lane's refresh (0.5 s at 8 MiB/s = 4 MiB) the new limit holds.
            move(up, 4 * MIB);
            double s = move(up, 2 * MIB);
            assertTrue("2 MiB after the change to 2 MiB/s took " + s + " s", s > 0.95 && s < 1.1);
            assertEquals(2 * MIB, up.limit());
        }
    }
}
