package org.annex.assistant.testsupport;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Path;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class SshdTest {
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    @Test
    public void acceptsTheClientKeyAndCountsLogins() throws Exception {
        try (Sshd sshd = Sshd.start(tmp.getRoot().toPath().resolve("sshd"))) {
            Path repo = Git.annexInit(tmp.getRoot().toPath().resolve("repo"), "r");
            String out = Git.run(tmp.getRoot().toPath(), "ssh", "-i", sshd.clientKey().toString(), "-p", Integer.toString(sshd.port()),
                    "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "BatchMode=yes",
                    sshd.user() + "@127.0.0.1", "git-annex-shell configlist '" + repo + "'");
            assertTrue(out, out.contains("annex.uuid="));
            assertEquals(1, sshd.acceptedLogins());
        }
    }
}
