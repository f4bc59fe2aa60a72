package org.annex.assistant.transfer.impl.queue;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.annex.assistant.api.annex.Key;
import org.annex.assistant.api.transfer.Direction;
import org.annex.assistant.testsupport.Git;
import org.annex.assistant.transfer.impl.TransferFixture;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/**
 * A remote whose drive goes away and comes back (its folder moved away and back: what an unmount looks like
 * to a transfer): what failed is retried the moment it is back, not after its hour-long backoff; what was
 * asked for while it was away is kept and runs then.
 */
public class UnmountedRemoteTransfersTest {
    /** Far longer than the test: a retry that happens came from retryNow. */
    private static final long HOUR_MS = 3_600_000;

    private TransferFixture fx;

    @Before
    public void setUp() throws Exception {
        fx = new TransferFixture(2, HOUR_MS);
    }

    @After
    public void tearDown() throws Exception {
        fx.close();
    }

    @Test
    public void failedTransfersRunAtOnceWhenTheRemoteIsBackAndThoseAskedMeanwhileAreKept() throws Exception {
        Path b = fx.b.dir();
        Path away = fx.tmp.resolve("b-unplugged");
        Files.move(b, away);
        Key k0 = fx.key("f0.dat");
        Key k1 = fx.key("f1.dat");
        assertTrue(fx.transfers.enqueue(Direction.UPLOAD, k0, "f0.dat", "b"));
        fx.awaitIdle();
        assertEquals(1, fx.transfers.failures(Direction.UPLOAD, k0, "b"));

        fx.transfers.remoteUnmounted("b");
        assertTrue(fx.transfers.enqueue(Direction.UPLOAD, k1, "f1.dat", "b"));
        Thread.sleep(300);
        assertEquals("kept, not run", 1, fx.transfers.queued().size());
        assertTrue(fx.transfers.running().isEmpty());
        assertFalse("asked for twice", fx.transfers.enqueue(Direction.UPLOAD, k1, "f1.dat", "b"));

        Files.move(away, b);
        fx.transfers.remoteMounted("b");
        Git.await(10_000, "both uploads", () -> Files.exists(objectIn(b, k0)) && Files.exists(objectIn(b, k1)));
        assertEquals(0, fx.transfers.failures(Direction.UPLOAD, k0, "b"));
    }

    @Test
    public void retryNowForgetsTheBackoffOfEveryRemote() throws Exception {
        Path b = fx.b.dir();
        Path away = fx.tmp.resolve("b-down");
        Files.move(b, away);
        Key k0 = fx.key("f0.dat");
        fx.transfers.enqueue(Direction.UPLOAD, k0, "f0.dat", "b");
        fx.awaitIdle();
        assertFalse("in backoff", fx.transfers.enqueue(Direction.UPLOAD, k0, "f0.dat", "b"));
        Files.move(away, b);
        fx.transfers.retryNow(null);
        Git.await(10_000, "the upload retried at once", () -> Files.exists(objectIn(b, k0)));
    }

    private static Path objectIn(Path repo, Key k) {
        return repo.resolve(".git/annex/objects").resolve(k.objectPath());
    }
}
