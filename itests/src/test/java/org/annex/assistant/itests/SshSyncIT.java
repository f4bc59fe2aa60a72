package org.annex.assistant.itests;

import static org.annex.assistant.testsupport.Git.await;
import static org.annex.assistant.testsupport.Git.run;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.annex.assistant.testsupport.Daemon;
import org.annex.assistant.testsupport.Sshd;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * A remote over ssh, through a real sshd on 127.0.0.1: git goes over JGit's MINA client and content over
 * git-annex-shell p2pstdio, on one cached connection. The daemon finds its key and known host in the
 * home folder it is given, as a user's daemon would.
 */
public class SshSyncIT {
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private static boolean has(Path file, String text) {
        try {
            return Files.exists(file) && Files.readString(file, StandardCharsets.UTF_8).equals(text);
        } catch (java.io.IOException e) {
            return false;
        }
    }

    @Test
    public void changesAndContentGoOverSsh() throws Exception {
        try (SshClones clones = SshClones.create(tmp.getRoot().toPath())) {
            Sshd sshd = clones.sshd;
            Path a = clones.a;
            Path b = clones.b;
            try (Daemon da = Daemon.start(a, clones.daemonEnv); Daemon db = Daemon.start(b)) {
                Files.writeString(a.resolve("over-ssh.txt"), "sent over ssh\n");
                long ms = await(90_000, "A's file, with content, in B", () -> has(b.resolve("over-ssh.txt"), "sent over ssh\n"));
                System.out.println("A→B over ssh: " + ms + " ms");
                Files.writeString(b.resolve("back.txt"), "fetched over ssh\n");
                await(90_000, "B's file in A", () -> has(a.resolve("back.txt"), "fetched over ssh\n"));
                System.out.println("sshd logins: " + sshd.acceptedLogins());
                assertTrue("one cached connection, not one per operation: " + sshd.acceptedLogins(), sshd.acceptedLogins() <= 3);
            }
            String out = run(b, "git", "annex", "fsck", "--quiet");
            assertTrue(out, !out.contains("failed"));
            assertTrue(run(a, "git", "annex", "whereis", "over-ssh.txt").contains("B"));
        }
    }
}
