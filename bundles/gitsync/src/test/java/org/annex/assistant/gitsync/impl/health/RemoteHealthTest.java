package org.annex.assistant.gitsync.impl.health;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.annex.assistant.api.event.Topics;
import org.annex.assistant.gitsync.RemoteStatus;
import org.eclipse.jgit.api.errors.TransportException;
import org.junit.Test;

/** Reachability flips once per change, a failure asks for a retry, one success clears it. */
public class RemoteHealthTest {
    private final List<String> posted = new ArrayList<>();
    private final RemoteHealth health = new RemoteHealth("/repo", (topic, props) -> posted.add(topic + props));

    @Test
    public void transportFailureMakesTheRemoteUnreachableOnceAndSuccessResetsIt() {
        health.track("far", "ssh://host/repo");
        health.track("near", "/near");
        health.failed("far", "push", new TransportException("connection refused"));
        health.failed("far", "fetch", new TransportException("connection refused"));

        RemoteStatus far = health.status().get("far");
        assertFalse(far.reachable());
        assertEquals("fetch failed: connection refused", far.lastError().orElseThrow());
        assertTrue(far.lastPush().isEmpty());
        assertEquals(List.of("far"), health.needingRetry());
        assertEquals(List.of("far"), health.needingRetry("ssh://host/repo"));
        assertEquals(List.of("far"), health.needingRetry("far"));
        assertEquals(List.of(), health.needingRetry("/near"));
        // One PUSHED for the push (not for the fetch), one REACHABLE=false for both failures.
        assertEquals(List.of(
                Topics.PUSHED + Map.of(Topics.REMOTE, "far", Topics.OK, false, Topics.MESSAGE, "push failed: connection refused"),
                Topics.REMOTE_REACHABLE + Map.of(Topics.REMOTE, "far", Topics.REACHABLE, false)), posted);

        posted.clear();
        health.succeeded("far");
        far = health.status().get("far");
        assertTrue(far.reachable());
        assertTrue(far.lastError().isEmpty());
        assertTrue(far.lastPush().isPresent());
        assertEquals(List.of(), health.needingRetry());
        assertEquals(List.of(
                Topics.PUSHED + Map.of(Topics.REMOTE, "far", Topics.OK, true, Topics.MESSAGE, "pushed"),
                Topics.REMOTE_REACHABLE + Map.of(Topics.REMOTE, "far", Topics.REACHABLE, true)), posted);

        posted.clear();
        health.succeeded("far");
        assertEquals("an already reachable remote is not announced again", 1, posted.size());
    }

    @Test
    public void otherFailuresAskForARetryButKeepTheRemoteReachable() {
        health.track("hub", "/hub.git");
        health.failed("hub", "push", new IOException("refs/heads/synced/master: REJECTED_OTHER_REASON"));
        assertTrue(health.status().get("hub").reachable());
        assertEquals(List.of("hub"), health.needingRetry());
        assertEquals(1, posted.size());
        assertTrue(posted.get(0), posted.get(0).startsWith(Topics.PUSHED));
    }

    @Test
    public void statusIsSortedByRemoteNameWithTheTrackedUrl() {
        health.track("zeta", "/z");
        health.track("alpha", "/a");
        health.track("alpha", "/a2");
        assertEquals(List.of("alpha", "zeta"), new ArrayList<>(health.status().keySet()));
        assertEquals("/a2", health.status().get("alpha").url());
        assertTrue(health.status().get("zeta").reachable());
    }

    @Test
    public void anUnmountedRemoteIsUnreachableAndNotRetriedUntilMounted() {
        health.track("drive", "/media/drive/annex");
        health.unmounted("drive", "/media/drive");
        RemoteStatus drive = health.status().get("drive");
        assertFalse(drive.reachable());
        assertTrue(drive.lastError().orElseThrow().contains("not mounted"));
        assertTrue(health.isUnmounted("drive"));
        assertEquals("not retried while away", List.of(), health.needingRetry());
        assertEquals(List.of(), health.needingRetry("drive"));
        assertEquals(List.of(Topics.REMOTE_REACHABLE + Map.of(Topics.REMOTE, "drive", Topics.REACHABLE, false)), posted);

        health.mounted("drive");
        assertFalse(health.isUnmounted("drive"));
        assertEquals(List.of("drive"), health.needingRetry());
        health.succeeded("drive");
        assertTrue(health.status().get("drive").reachable());
    }
}
