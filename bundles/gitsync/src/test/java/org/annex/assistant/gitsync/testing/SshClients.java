package org.annex.assistant.gitsync.testing;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import org.annex.assistant.ssh.SshConnections;
import org.annex.assistant.testsupport.Sshd;

/** The ssh bundle's real shared connections, set up to log in to a test sshd and nowhere else. */
public final class SshClients {
    private SshClients() {
    }

    /** Connections with the sshd's client key and its host key pinned; {@code home} holds nothing of the user's. */
    public static SshConnections.Owned to(Sshd sshd, Path home) throws IOException, InterruptedException {
        File h = home.toFile();
        return SshConnections.standalone(h, new File(h, ".ssh"), List.of(sshd.clientKey()), List.of(),
                Set.of(sshd.hostKeyFingerprint()), false);
    }
}
