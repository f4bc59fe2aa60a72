package org.annex.assistant.gitsync.impl;

import static org.annex.assistant.gitsync.testing.AnnexFixture.addRemote;
import static org.annex.assistant.gitsync.testing.AnnexFixture.commitAnnexed;
import static org.annex.assistant.gitsync.testing.AnnexFixture.write;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Map;

import org.annex.assistant.gitsync.RemoteStatus;
import org.annex.assistant.gitsync.testing.AnnexFixture;
import org.annex.assistant.gitsync.testing.SshClients;
import org.annex.assistant.ssh.SshConnections;
import org.annex.assistant.testsupport.Git;
import org.annex.assistant.testsupport.Sshd;
import org.junit.Test;

/**
 * Sync over ssh with the ssh bundle's real shared connections. That git-annex-shell runs on the same
 * connection as git is the ssh bundle's own test (SharedSessionFactoryTest).
 */
public class SshSyncTest {
    @Test
    public void fetchAndPushOverOneSharedSshConnection() throws Exception {
        try (AnnexFixture fixture = new AnnexFixture();
                Sshd sshd = Sshd.start(fixture.root.resolve("sshd"))) {
            SshConnections.Owned ssh = SshClients.to(sshd, fixture.root.resolve("home"));
            try (SyncHarness harness = new SyncHarness(ssh)) {
                Path a = fixture.newRepo("A");
                Path server = fixture.bareClone(a, "server.git");
                addRemote(a, "server", sshd.url(server));
                addRemote(a, "closed", "ssh://root@127.0.0.1:" + freePort() + server);
                RepositorySync sync = harness.create(a);

                for (int i = 0; i < 3; i++) {
                    write(a, "f" + i + ".txt", "round " + i + "\n");
                    commitAnnexed(a, "round " + i);
                    sync.pushAll().get();
                    assertEquals(AnnexFixture.head(a), Git.run(server, "git", "rev-parse", "synced/master").trim());
                    sync.syncAll().get();
                }
                assertTrue(Git.run(a, "git", "rev-parse", "refs/remotes/server/synced/git-annex").trim().length() == 40);

                // Three rounds of push and fetch on one login: gitsync's transports use the shared connection.
                assertEquals(1, sshd.acceptedLogins());
                assertEquals(1, ssh.connectionsOpened());
                Map<String, RemoteStatus> status = sync.status();
                assertTrue(status.get("server").reachable());
                assertTrue(status.get("server").lastError().isEmpty());
                assertFalse(status.get("closed").reachable());
                assertTrue(status.get("closed").lastError().isPresent());
            } finally {
                ssh.close();
            }
        }
    }

    /** A port nothing listens on: the remote that cannot be reached. */
    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
