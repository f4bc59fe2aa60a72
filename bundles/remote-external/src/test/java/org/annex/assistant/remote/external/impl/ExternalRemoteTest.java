package org.annex.assistant.remote.external.impl;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.annex.assistant.api.annex.Key;
import org.annex.assistant.api.remote.RemoteConfig;
import org.annex.assistant.testsupport.GitAnnexRepo;
import org.annex.assistant.testsupport.TestData;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/** Against our test program git-annex-remote-xyz (a store in a folder, logging the protocol), and small scripts for the other replies. */
public class ExternalRemoteTest {
    private Path tmp;
    private Path bin;
    private Map<String, String> env;

    @Before
    public void setUp() throws IOException {
        tmp = Files.createTempDirectory("extremote").toRealPath();
        bin = Files.createDirectory(tmp.resolve("bin"));
        install("git-annex-remote-xyz", TestData.read("testdata/git-annex-remote-xyz"));
        env = new HashMap<>(System.getenv());
        env.put("PATH", bin + ":" + env.get("PATH"));
        env.put("XYZ_DIR", tmp.resolve("store").toString());
        env.put("XYZ_LOG", tmp.resolve("xyz.log").toString());
    }

    @After
    public void tearDown() throws IOException {
        GitAnnexRepo.deleteTree(tmp);
    }

    private void install(String name, String script) throws IOException {
        Path p = Files.writeString(bin.resolve(name), script);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private ExternalRemote remote(String type, Map<String, String> extra) throws IOException {
        Map<String, String> config = new HashMap<>(Map.of("type", "external", "externaltype", type,
                "encryption", "none", "annex-uuid", "u-3", "myparam", "hello"));
        config.putAll(extra);
        return ExternalRemoteFactory.create(new RemoteConfig("x", config), tmp, tmp.resolve(".git"), env).orElseThrow();
    }

    private List<String> log() throws IOException {
        return Files.readAllLines(tmp.resolve("xyz.log"));
    }

    @Test
    public void roundTripOverOneLongLivedProcess() throws Exception {
        byte[] data = GitAnnexRepo.randomBytes(123_456, 1);
        Key key = Key.parse(GitAnnexRepo.sha256eKey(data, ".bin"));
        try (ExternalRemote r = remote("xyz", Map.of())) {
            assertEquals(150, r.cost());
            assertFalse(r.checkPresent(key));
            r.store(key, Files.write(tmp.resolve("content with space"), data), "a.bin", total -> { });
            assertTrue(r.checkPresent(key));
            Path dest = Files.write(tmp.resolve("dest"), new byte[] {1, 2, 3});
            r.retrieve(key, dest, "a.bin", total -> { });
            assertArrayEquals(data, Files.readAllBytes(dest));
            r.remove(key);
            assertFalse(r.checkPresent(key));
            List<String> log = log();
            assertEquals("one process served every request", 1, log.stream().filter("R> VERSION 1"::equals).count());
            assertTrue(log.contains("A> VALUE hello"));
            assertTrue(log.contains("A> EXTENSIONS INFO GETGITREMOTENAME"));
        }
    }

    @Test
    public void aDeadProgramIsRestartedOnTheNextRequest() throws Exception {
        Key key = Key.parse(GitAnnexRepo.sha256eKey(new byte[] {7}, ""));
        try (ExternalRemote r = remote("xyz", Map.of())) {
            long first = r.pid();
            new ProcessBuilder("kill", "-9", Long.toString(first)).start().waitFor();
            assertFalse(r.checkPresent(key));
            assertNotEquals(first, r.pid());
            assertEquals(2, log().stream().filter("R> VERSION 1"::equals).count());
        }
    }

    @Test
    public void progressStateUuidAndHashDirectoriesAreServed() throws Exception {
        install("git-annex-remote-chatty", String.join("\n",
                "#!/bin/bash",
                "echo VERSION 1",
                "while read -r cmd a b c; do case $cmd in",
                "EXTENSIONS) echo EXTENSIONS ;;",
                "PREPARE) echo GETUUID; read -r v u; echo SETSTATE k1 $u-state; echo GETSTATE k1; read -r v s;",
                "  echo \"$s\" > \"$OUT/state\"; echo GETGITDIR; read -r v g; echo \"$g\" > \"$OUT/gitdir\"; echo PREPARE-SUCCESS ;;",
                "TRANSFER) echo DEBUG storing; echo PROGRESS 10; echo PROGRESS 20; echo DIRHASH-LOWER $b; read -r v h;",
                "  echo \"$h\" > \"$OUT/hash\"; echo TRANSFER-FAILURE $a $b disk on fire ;;",
                "CHECKPRESENT) echo CHECKPRESENT-UNKNOWN $a cannot reach the cloud ;;",
                "REMOVE) echo ERROR protocol is broken ;;",
                "*) echo UNSUPPORTED-REQUEST ;;",
                "esac; done", ""));
        env.put("OUT", tmp.toString());
        Key key = Key.parse(GitAnnexRepo.sha256eKey(new byte[] {9}, ".x"));
        try (ExternalRemote r = remote("chatty", Map.of())) {
            assertEquals("UNSUPPORTED-REQUEST to GETCOST means the default", 200, r.cost());
            List<Long> progress = new ArrayList<>();
            try {
                r.store(key, Files.write(tmp.resolve("c"), new byte[] {9}), "f", progress::add);
                fail("TRANSFER-FAILURE was taken for success");
            } catch (IOException e) {
                assertEquals("remote x: store of " + key + " failed: disk on fire", e.getMessage());
            }
            assertEquals(List.of(10L, 20L), progress);
            assertEquals("u-3-state", Files.readString(tmp.resolve("state")).trim());
            assertEquals(tmp.resolve(".git").toString(), Files.readString(tmp.resolve("gitdir")).trim());
            assertEquals(key.hashDirLower(), Files.readString(tmp.resolve("hash")).trim());
            expectError(() -> r.checkPresent(key), "cannot reach the cloud");
            expectError(() -> r.remove(key), "reported an error: protocol is broken");
        }
    }

    @Test
    public void configurationAndStartupErrorsAreClear() throws Exception {
        assertTrue(ExternalRemoteFactory.create(new RemoteConfig("x", Map.of("type", "rsync", "rsyncurl", "/x")), tmp, tmp, env).isEmpty());
        expectError(() -> remote("nope", Map.of()), "git-annex-remote-nope is not in PATH");
        expectError(() -> remote("../../bin/sh", Map.of()), "is not a program name");
        expectError(() -> remote("xyz", Map.of("encryption", "pubkey")), "encryption=pubkey is not supported");
        install("git-annex-remote-refuses", "#!/bin/sh\necho VERSION 1\nread l\necho EXTENSIONS\nread l\necho PREPARE-FAILURE no password set\n");
        try (ExternalRemote r = remote("refuses", Map.of())) {
            expectError(() -> r.checkPresent(Key.parse(GitAnnexRepo.sha256eKey(new byte[1], ""))),
                    "PREPARE failed: no password set");
        }
        install("git-annex-remote-dies", "#!/bin/sh\nexit 3\n");
        try (ExternalRemote r = remote("dies", Map.of())) {
            expectError(() -> r.checkPresent(Key.parse(GitAnnexRepo.sha256eKey(new byte[1], ""))), "exited with 3");
        }
    }

    interface Action {
        void run() throws Exception;
    }

    private static void expectError(Action action, String message) throws Exception {
        try {
            action.run();
            fail("no error; expected " + message);
        } catch (IOException e) {
            assertTrue(e.getMessage(), e.getMessage().contains(message) && e.getMessage().startsWith("remote x"));
        }
    }
}
