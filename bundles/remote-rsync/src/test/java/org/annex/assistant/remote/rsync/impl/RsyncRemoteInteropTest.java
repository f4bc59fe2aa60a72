package org.annex.assistant.remote.rsync.impl;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.annex.assistant.api.annex.Key;
import org.annex.assistant.api.remote.Remote;
import org.annex.assistant.api.remote.RemoteConfig;
import org.annex.assistant.testsupport.GitAnnexRepo;
import org.junit.Test;

/** The same rsync remote, written and read by us and by git-annex 10. */
public class RsyncRemoteInteropTest {
    @Test
    public void gitAnnexAndWeReadEachOthersContent() throws Exception {
        Path dir = Files.createTempDirectory("rsyncremote-interop").toRealPath();
        try (GitAnnexRepo repo = GitAnnexRepo.create("interop")) {
            repo.git("annex", "initremote", "r", "type=rsync", "rsyncurl=" + dir, "encryption=none");
            Remote remote = RsyncRemoteFactory.create(new RemoteConfig("r", repo.remoteConfig("r")), repo.dir())
                    .orElseThrow();

            byte[] theirs = GitAnnexRepo.randomBytes(100_000, 20);
            Key theirKey = Key.parse(repo.addFile("theirs.bin", theirs));
            repo.git("annex", "copy", "--to", "r", "theirs.bin");
            assertTrue(remote.checkPresent(theirKey));
            Path got = repo.dir().resolve("got");
            remote.retrieve(theirKey, got, "theirs.bin", total -> { });
            assertArrayEquals(theirs, Files.readAllBytes(got));
            remote.remove(theirKey);
            String fsck = repo.tryGit("annex", "fsck", "--from", "r", "theirs.bin").output;
            assertTrue(fsck, fsck.contains("fixing location log"));

            byte[] ours = GitAnnexRepo.randomBytes(150_000, 21);
            Key ourKey = Key.parse(repo.addFile("ours.bin", ours));
            remote.store(ourKey, Files.write(repo.dir().resolve("copy-of-ours"), ours), "ours.bin", total -> { });
            String ok = repo.git("annex", "fsck", "--from", "r", "ours.bin");
            assertTrue(ok, ok.contains("ok"));
            repo.git("annex", "drop", "ours.bin");
            repo.git("annex", "get", "--from", "r", "ours.bin");
            assertArrayEquals(ours, Files.readAllBytes(repo.dir().resolve("ours.bin")));
        } finally {
            GitAnnexRepo.deleteTree(dir);
        }
    }
}
