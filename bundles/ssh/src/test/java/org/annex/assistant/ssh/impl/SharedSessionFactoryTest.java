package org.annex.assistant.ssh.impl;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Set;

import org.annex.assistant.testsupport.Git;
import org.annex.assistant.testsupport.Sshd;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.transport.URIish;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** The shared connections against a real sshd, with git-annex-shell and git on the far side. */
public class SharedSessionFactoryTest {
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    @Test
    public void gitAndGitAnnexShellShareOneConnection() throws Exception {
        Path server = Git.annexInit(tmp.getRoot().toPath().resolve("server"), "server");
        try (Sshd sshd = Sshd.start(tmp.getRoot().toPath().resolve("sshd"));
                SharedSessionFactory ssh = factory(sshd, sshd.hostKeyFingerprint())) {
            URIish url = new URIish(sshd.url(server));
            for (int i = 0; i < 2; i++) {
                Collection<Ref> refs = org.eclipse.jgit.api.Git.lsRemoteRepository().setRemote(url.toString())
                        .setTransportConfigCallback(ssh::configure).call();
                assertTrue(refs.toString(), refs.stream().anyMatch(r -> r.getName().equals("refs/heads/git-annex")));

                Process p = ssh.exec(url, "git-annex-shell 'configlist' '" + server + "'", 30);
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertEquals(0, p.waitFor());
                assertTrue(out, out.contains("annex.uuid=" + Git.run(server, "git", "config", "annex.uuid").trim()));
            }
            assertEquals(1, sshd.acceptedLogins());
            assertEquals(1, ssh.connectionsOpened());
        }
    }

    @Test
    public void aHostKeyNotPinnedIsRefused() throws Exception {
        Path server = Git.annexInit(tmp.getRoot().toPath().resolve("server"), "server");
        try (Sshd sshd = Sshd.start(tmp.getRoot().toPath().resolve("sshd"));
                SharedSessionFactory ssh = factory(sshd, "SHA256:" + "A".repeat(43))) {
            try {
                ssh.exec(new URIish(sshd.url(server)), "true", 30);
                fail("connected to a server whose key is not pinned");
            } catch (IOException expected) {
                // The server key check refuses before the client authenticates.
            }
            assertEquals(0, sshd.acceptedLogins());
            assertEquals(0, ssh.connectionsOpened());
        }
    }

    private SharedSessionFactory factory(Sshd sshd, String pinnedFingerprint) throws IOException {
        File home = tmp.newFolder("home");
        return new SshSettings(home, new File(home, ".ssh"), List.of(sshd.clientKey()), List.of(),
                Set.of(pinnedFingerprint), false).newFactory();
    }
}
