package org.annex.assistant.remote.external.impl;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;

import org.annex.assistant.api.annex.Key;
import org.annex.assistant.api.remote.RemoteConfig;
import org.annex.assistant.testsupport.GitAnnexRepo;
import org.annex.assistant.testsupport.TestData;
import org.junit.Test;

/** git-annex and we drive the same external program over the same store. */
public class ExternalRemoteInteropTest {
    @Test
    public void gitAnnexAndWeReadEachOthersContent() throws Exception {
        Path tmp = Files.createTempDirectory("extremote-interop").toRealPath();
        try (GitAnnexRepo repo = GitAnnexRepo.create("interop")) {
            Path bin = Files.createDirectory(tmp.resolve("bin"));
            Path program = TestData.copy("testdata/git-annex-remote-xyz", bin.resolve("git-annex-remote-xyz"));
            Files.setPosixFilePermissions(program, PosixFilePermissions.fromString("rwxr-xr-x"));
            Map<String, String> env = new HashMap<>(System.getenv());
            env.put("PATH", bin + ":" + env.get("PATH"));
            env.put("XYZ_DIR", tmp.resolve("store").toString());
            env.put("XYZ_LOG", tmp.resolve("xyz.log").toString());
            env.forEach((k, v) -> {
                if (k.equals("PATH") || k.startsWith("XYZ_")) {
                    repo.env(k, v);
                }
            });
            repo.git("annex", "initremote", "x", "type=external", "externaltype=xyz", "encryption=none", "myparam=hello");
            Map<String, String> config = repo.remoteConfig("x");
            try (ExternalRemote remote = ExternalRemoteFactory.create(new RemoteConfig("x", config), repo.dir(),
                    repo.gitDir(), env).orElseThrow()) {
                byte[] theirs = GitAnnexRepo.randomBytes(50_000, 30);
                Key theirKey = Key.parse(repo.addFile("theirs.bin", theirs));
                repo.git("annex", "copy", "--to", "x", "theirs.bin");
                assertTrue(remote.checkPresent(theirKey));
                Path got = repo.dir().resolve("got");
                remote.retrieve(theirKey, got, "theirs.bin", total -> { });
                assertArrayEquals(theirs, Files.readAllBytes(got));

                byte[] ours = GitAnnexRepo.randomBytes(60_000, 31);
                Key ourKey = Key.parse(repo.addFile("ours.bin", ours));
                remote.store(ourKey, Files.write(tmp.resolve("copy-of-ours"), ours), "ours.bin", total -> { });
                String ok = repo.git("annex", "fsck", "--from", "x", "ours.bin");
                assertTrue(ok, ok.contains("ok"));
                repo.git("annex", "drop", "ours.bin");
                repo.git("annex", "get", "--from", "x", "ours.bin");
                assertArrayEquals(ours, Files.readAllBytes(repo.dir().resolve("ours.bin")));
            }
        } finally {
            GitAnnexRepo.deleteTree(tmp);
        }
    }
}
