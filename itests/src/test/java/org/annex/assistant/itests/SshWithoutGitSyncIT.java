package org.annex.assistant.itests;

import static org.annex.assistant.itests.WebConsole.bundleId;
import static org.annex.assistant.itests.WebConsole.component;
import static org.annex.assistant.testsupport.Git.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;

import org.annex.assistant.testsupport.Daemon;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The SSH connections are their own bundle's, not gitsync's: with the gitsync bundle stopped through the web
 * console, the ssh bundle's component and remote-ssh's factory stay active (not deactivated and activated
 * again), and content still goes to a remote over ssh; gitsync, started again, comes back.
 */
public class SshWithoutGitSyncIT {
    private static final String SSH_CONNECTIONS = "org.annex.assistant.ssh.impl.SshConnectionsComponent";
    private static final String SSH_REMOTES = "org.annex.assistant.remote.ssh.impl.SshRemoteFactory";
    private static final String GIT_SYNC = "org.annex.assistant.gitsync.impl.GitSyncComponent";

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    @Test
    public void stoppingGitSyncLeavesSshAndRemoteSshWorking() throws Exception {
        try (SshClones clones = SshClones.create(tmp.getRoot().toPath())) {
            Path a = clones.a;
            Path b = clones.b;
            try (Daemon d = Daemon.start(a, clones.daemonEnv)) {
                awaitState(d, GIT_SYNC, "active");
                long sshId = activeId(d, SSH_CONNECTIONS);
                long remotesId = activeId(d, SSH_REMOTES);

                long gitsync = bundleId(d, "org.annex.assistant.gitsync");
                assertEquals(200, d.postForm("/system/console/bundles/" + gitsync, "action=stop").statusCode());
                awaitState(d, GIT_SYNC, null);
                // A bundle stop unbinds its services synchronously: a consumer that depended on gitsync
                // would already be unsatisfied here.
                assertEquals(sshId, activeId(d, SSH_CONNECTIONS));
                assertEquals(remotesId, activeId(d, SSH_REMOTES));

                // Content over git-annex-shell p2pstdio, with no git sync running: only remote-ssh can put it in B.
                String text = "sent while gitsync is stopped\n";
                Files.writeString(a.resolve("no-gitsync.txt"), text);
                long ms = await(90_000, "the content in B's object store", () -> annexedIn(b, text));
                System.out.println("A→B over ssh with gitsync stopped: " + ms + " ms");
                assertEquals(sshId, activeId(d, SSH_CONNECTIONS));
                assertEquals(remotesId, activeId(d, SSH_REMOTES));

                assertEquals(200, d.postForm("/system/console/bundles/" + gitsync, "action=start").statusCode());
                awaitState(d, GIT_SYNC, "active");
                assertEquals(sshId, activeId(d, SSH_CONNECTIONS));
                assertEquals(remotesId, activeId(d, SSH_REMOTES));
                assertTrue(d.alive());
            }
        }
    }

    /** Whether a file with this content is in B's annex object store. */
    private static boolean annexedIn(Path repo, String text) {
        Path objects = repo.resolve(".git").resolve("annex").resolve("objects");
        if (!Files.isDirectory(objects)) {
            return false;
        }
        try (Stream<Path> files = Files.walk(objects)) {
            return files.filter(Files::isRegularFile).anyMatch(f -> {
                try {
                    return Files.size(f) == text.length() && Files.readString(f).equals(text);
                } catch (IOException e) {
                    return false;
                }
            });
        } catch (IOException e) {
            return false;
        }
    }

    /** The component's id, asserting that it is active. */
    private static long activeId(Daemon d, String name) throws Exception {
        JsonNode c = component(d, name);
        assertTrue(name + " is not there", c != null);
        assertEquals(name + ": " + c, "active", c.path("state").asText());
        return c.path("id").asLong();
    }

    /** Waits until the component is in this state, or (state null) is gone with its bundle. */
    private static void awaitState(Daemon d, String name, String state) throws Exception {
        long end = System.currentTimeMillis() + 30_000;
        JsonNode c;
        do {
            c = component(d, name);
            if (state == null ? c == null : c != null && state.equals(c.path("state").asText())) {
                return;
            }
            Thread.sleep(100);
        } while (System.currentTimeMillis() < end);
        throw new AssertionError(name + " did not become " + state + ": " + c);
    }
}
