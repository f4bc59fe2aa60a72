package org.annex.assistant.remote.ssh.impl;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

import org.annex.assistant.api.annex.Key;
import org.annex.assistant.api.remote.RemoteConfig;
import org.annex.assistant.testsupport.Git;
import org.annex.assistant.testsupport.Sshd;
import org.eclipse.jgit.transport.URIish;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** Content over a real sshd to git-annex-shell; the OpenSSH client carries the commands here. */
public class SshRemoteTest {
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    @Test
    public void roundTripOverSshVerifiedByGitAnnex() throws Exception {
        Path server = Git.annexInit(tmp.getRoot().toPath().resolve("it's a repo"), "server");
        try (Sshd sshd = Sshd.start(tmp.getRoot().toPath().resolve("sshd"))) {
            SshRemote.Shell shell = OpenSshShell.to(sshd);
            String uuid = SshRemoteFactory.remoteUuid("srv", shell, server.toString());
            assertEquals(Git.run(server, "git", "config", "annex.uuid").trim(), uuid);
            byte[] data = new byte[2_000_000];
            new Random(7).nextBytes(data);
            Path file = tmp.newFile("data.bin").toPath();
            Files.write(file, data);
            Key key = Key.of("SHA256E", data.length, Key.hex(MessageDigest.getInstance("SHA-256").digest(data)) + ".bin");
            try (SshRemote remote = new SshRemote("srv", uuid, 200, server.toString(), "6c1a6f1e-2b44-4e0c-9d0e-0b0b5e9a0c11", shell)) {
                assertFalse(remote.checkPresent(key));
                remote.store(key, file, "data.bin", b -> { });
                assertTrue(remote.checkPresent(key));
                Path back = tmp.getRoot().toPath().resolve("back");
                remote.retrieve(key, back, "data.bin", b -> { });
                assertArrayEquals(data, Files.readAllBytes(back));
            }
            Git.run(server, "git", "annex", "fsck", "--key=" + key);
            assertEquals("one session carried every request", 2, sshd.acceptedLogins());
        }
    }

    @Test
    public void wrongUuidIsRefused() throws Exception {
        Path server = Git.annexInit(tmp.getRoot().toPath().resolve("srv"), "server");
        try (Sshd sshd = Sshd.start(tmp.getRoot().toPath().resolve("sshd"));
                SshRemote remote = new SshRemote("srv", "00000000-1111-2222-3333-444444444444", 200, server.toString(),
                        "6c1a6f1e-2b44-4e0c-9d0e-0b0b5e9a0c11", OpenSshShell.to(sshd))) {
            remote.checkPresent(Key.parse("SHA256E-s1--2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881"));
            fail();
        } catch (IOException e) {
            assertTrue(e.getMessage(), e.getMessage().startsWith("remote srv: "));
        }
    }

    @Test
    public void notAGitAnnexRepository() throws Exception {
        Path plain = tmp.newFolder("plain").toPath();
        try (Sshd sshd = Sshd.start(tmp.getRoot().toPath().resolve("sshd"))) {
            SshRemoteFactory.remoteUuid("p", OpenSshShell.to(sshd), plain.toString());
            fail();
        } catch (IOException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("is not a git-annex repository"));
        }
    }

    @Test
    public void onlySshGitRemotesAreTaken() throws Exception {
        assertEquals(Optional.of(new URIish("ssh://u@h:2222/srv/r")).map(URIish::toString),
                SshRemoteFactory.sshUrl(new RemoteConfig("r", Map.of("url", "ssh://u@h:2222/srv/r"))).map(URIish::toString));
        assertEquals("/srv/r", SshRemoteFactory.sshUrl(new RemoteConfig("r", Map.of("url", "u@h:/srv/r"))).get().getPath());
        assertTrue(SshRemoteFactory.sshUrl(new RemoteConfig("r", Map.of("url", "/local/path"))).isEmpty());
        assertTrue(SshRemoteFactory.sshUrl(new RemoteConfig("r", Map.of("url", "ssh://h/x", "type", "rsync"))).isEmpty());
        assertTrue(SshRemoteFactory.sshUrl(new RemoteConfig("r", Map.of())).isEmpty());
    }
}
