package org.annex.assistant.remote.ftp.impl;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.annex.assistant.api.annex.Key;
import org.annex.assistant.api.remote.Remote;
import org.annex.assistant.api.remote.RemoteConfig;
import org.annex.assistant.testsupport.FtpTestServer;
import org.annex.assistant.testsupport.GitAnnexRepo;
import org.junit.Test;

/**
 * git-annex has no FTP remote, but the layout is its special-remote layout: served over FTP, a git-annex
 * directory remote's folder is read and written by both.
 */
public class FtpRemoteInteropTest {
    @Test
    public void aGitAnnexDirectoryRemoteServedOverFtp() throws Exception {
        Path tmp = Files.createTempDirectory("ftpremote-interop").toRealPath();
        Path home = Files.createDirectory(tmp.resolve("home"));
        try (GitAnnexRepo repo = GitAnnexRepo.create("interop");
                FtpTestServer server = new FtpTestServer(home, tmp.resolve("users.properties"))) {
            repo.git("annex", "initremote", "d", "type=directory", "directory=" + home, "encryption=none");
            Remote ftp = FtpRemoteFactory.create(new RemoteConfig("f", Map.of("annex-ftp-host", "127.0.0.1",
                    "annex-ftp-port", Integer.toString(server.port()), "annex-ftp-user", FtpTestServer.USER,
                    "annex-uuid", repo.remoteConfig("d").get("annex-uuid"))), repo.gitDir(),
                    Map.of(FtpRemoteFactory.passwordVariable("f"), FtpTestServer.PASSWORD)).orElseThrow();

            byte[] theirs = GitAnnexRepo.randomBytes(80_000, 40);
            Key theirKey = Key.parse(repo.addFile("theirs.bin", theirs));
            repo.git("annex", "copy", "--to", "d", "theirs.bin");
            assertTrue(ftp.checkPresent(theirKey));
            Path got = tmp.resolve("got");
            ftp.retrieve(theirKey, got, "theirs.bin", total -> { });
            assertArrayEquals(theirs, Files.readAllBytes(got));

            byte[] ours = GitAnnexRepo.randomBytes(90_000, 41);
            Key ourKey = Key.parse(repo.addFile("ours.bin", ours));
            ftp.store(ourKey, Files.write(tmp.resolve("copy-of-ours"), ours), "ours.bin", total -> { });
            String ok = repo.git("annex", "fsck", "--from", "d", "ours.bin");
            assertTrue(ok, ok.contains("ok"));
            repo.git("annex", "drop", "ours.bin");
            repo.git("annex", "get", "--from", "d", "ours.bin");
            assertArrayEquals(ours, Files.readAllBytes(repo.dir().resolve("ours.bin")));
        } finally {
            GitAnnexRepo.deleteTree(tmp);
        }
    }
}
