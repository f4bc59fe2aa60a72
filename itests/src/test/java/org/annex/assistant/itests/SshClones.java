package org.annex.assistant.itests;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

import org.annex.assistant.testsupport.Git;
import org.annex.assistant.testsupport.Sshd;

/**
 * Two git-annex clones, A and B, each a remote of the other; A reaches B over ssh through a real sshd on
 * 127.0.0.1. A's daemon is to run with {@link #daemonEnv}: a home folder whose ~/.ssh holds the key and the
 * known host, as a user's would.
 */
final class SshClones implements AutoCloseable {
    final Sshd sshd;
    final Path a;
    final Path b;
    final Map<String, String> daemonEnv;

    private SshClones(Sshd sshd, Path a, Path b, Map<String, String> daemonEnv) {
        this.sshd = sshd;
        this.a = a;
        this.b = b;
        this.daemonEnv = daemonEnv;
    }

    static SshClones create(Path root) throws IOException, InterruptedException {
        Sshd sshd = Sshd.start(root.resolve("sshd"));
        try {
            Path home = root.resolve("home");
            sshd.installClientSetup(home);
            Path a = Git.annexInit(root.resolve("a"), "A");
            Path b = Git.cloneAnnex(a, root.resolve("b"), "B", "a", "b");
            Git.run(a, "git", "remote", "set-url", "b", sshd.url(b));
            return new SshClones(sshd, a, b, Map.of("JAVA_OPTS", "-Duser.home=" + home));
        } catch (IOException | InterruptedException | RuntimeException e) {
            sshd.close();
            throw e;
        }
    }

    @Override
    public void close() throws InterruptedException {
        sshd.close();
    }
}
