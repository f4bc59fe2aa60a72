package org.annex.assistant.remote.directory.impl;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.annex.assistant.api.annex.Key;
import org.annex.assistant.api.remote.Remote;
import org.annex.assistant.api.remote.RemoteConfig;
import org.annex.assistant.testsupport.GitAnnexRepo;
import org.junit.Test;

/** The same directory, written and read by us and by git-annex 10. */
public class DirectoryRemoteInteropTest {
    @Test
    public void gitAnnexAndWeReadEachOthersContent() throws Exception {
        Path dir = Files.createTempDirectory("dirremote-interop").toRealPath();
        try (GitAnnexRepo repo = GitAnnexRepo.create("interop")) {
            repo.git("annex", "initremote", "d", "type=directory", "directory=" + dir, "encryption=none");
            Remote remote = DirectoryRemoteFactory.create(new RemoteConfig("d", repo.remoteConfig("d")), repo.dir())
                    .orElseThrow();

            byte[] theirs = GitAnnexRepo.randomBytes(100_000, 10);
            Key theirKey = Key.parse(repo.addFile("theirs.bin", theirs));
            repo.git("annex", "copy", "--to", "d", "theirs.bin");
            assertTrue(remote.checkPresent(theirKey));
            Path got = repo.dir().resolve("got");
            remote.retrieve(theirKey, got, "theirs.bin", total -> { });
            assertArrayEquals(theirs, Files.readAllBytes(got));
            remote.remove(theirKey);
            String fsck = repo.tryGit("annex", "fsck", "--from", "d", "theirs.bin").output;
            assertTrue(fsck, fsck.contains("fixing location log"));

            byte[] ours = GitAnnexRepo.randomBytes(150_000, 11);
            Key ourKey = Key.parse(repo.addFile("ours.bin", ours));
            Path copy = Files.write(repo.dir().resolve("copy-of-ours"), ours);
            remote.store(ourKey, copy, "ours.bin", total -> { });
            String ok = repo.git("annex", "fsck", "--from", "d", "ours.bin");
            assertTrue(ok, ok.contains("ok"));
            repo.git("annex", "drop", "ours.bin");
            repo.git("annex", "get", "--from", "d", "ours.bin");
            assertArrayEquals(ours, Files.readAllBytes(repo.dir().resolve("ours.bin")));
        } finally {
            GitAnnexRepo.deleteTree(dir);
        }
    }
}
