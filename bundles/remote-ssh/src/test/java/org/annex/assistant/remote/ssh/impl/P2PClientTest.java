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
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.annex.assistant.api.annex.Key;
import org.annex.assistant.testsupport.Git;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** Against the real {@code git-annex-shell p2pstdio}, run as a local process (ssh only carries it). */
public class P2PClientTest {
    private static final String CLIENT_UUID = "6c1a6f1e-2b44-4e0c-9d0e-0b0b5e9a0c11";

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private Path server;
    private final List<Process> processes = new ArrayList<>();

    @Before
    public void setUp() throws Exception {
        server = Git.annexInit(tmp.getRoot().toPath().resolve("server"), "server");
    }

    @After
    public void tearDown() {
        processes.forEach(Process::destroyForcibly);
    }

    private P2PClient connect(String... command) throws IOException {
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        processes.add(p);
        return new P2PClient(p.getInputStream(), p.getOutputStream(), p::destroy);
    }

    private P2PClient connect() throws IOException {
        return connect("git-annex-shell", "p2pstdio", server.toString(), CLIENT_UUID);
    }

    private static Key keyOf(Path file) throws Exception {
        byte[] d = MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file));
        return Key.of("SHA256E", Files.size(file), Key.hex(d) + ".bin");
    }

    private Path content(int size) throws IOException {
        byte[] b = new byte[size];
        new Random(size).nextBytes(b);
        Path f = tmp.newFile().toPath();
        Files.write(f, b);
        return f;
    }

    @Test
    public void putCheckGetResumeRemove() throws Exception {
        Path file = content(1_000_000);
        Key key = keyOf(file);
        List<Long> progress = new ArrayList<>();
        try (P2PClient c = connect()) {
            assertEquals(Git.run(server, "git", "config", "annex.uuid").trim(), c.serverUuid());
            assertFalse(c.checkPresent(key));
            c.put(key, "my file.bin", file, progress::add);
            assertTrue(c.checkPresent(key));
            assertEquals(1_000_000L, (long) progress.get(progress.size() - 1));

            Path got = tmp.getRoot().toPath().resolve("got");
            c.get(key, "my file.bin", got, b -> { });
            assertArrayEquals(Files.readAllBytes(file), Files.readAllBytes(got));

            Path partial = tmp.getRoot().toPath().resolve("partial");
            Files.write(partial, java.util.Arrays.copyOf(Files.readAllBytes(file), 123_456));
            c.get(key, "my file.bin", partial, b -> { });
            assertArrayEquals("resumed download", Files.readAllBytes(file), Files.readAllBytes(partial));

            c.put(key, "again", file, b -> { });
            assertTrue(c.remove(key));
            assertFalse(c.checkPresent(key));
        }
        String whereis = Git.tryRun(server, "git", "annex", "whereis", "--key=" + key).output;
        assertFalse("the server recorded the removal: " + whereis, whereis.contains("[here]"));
    }

    @Test
    public void serverRecordsWhatItReceived() throws Exception {
        Path file = content(4096);
        Key key = keyOf(file);
        try (P2PClient c = connect()) {
            c.put(key, "x.bin", file, b -> { });
        }
        assertTrue(Git.run(server, "git", "annex", "whereis", "--key=" + key).contains("[here]"));
        Git.run(server, "git", "annex", "fsck", "--key=" + key);
    }

    @Test
    public void absentKeyIsAClearFailure() throws Exception {
        Key key = keyOf(content(10));
        try (P2PClient c = connect()) {
            c.get(key, "absent", tmp.getRoot().toPath().resolve("absent"), b -> { });
            fail();
        } catch (IOException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("does not have"));
        }
    }

    @Test
    public void oversizedDataFromAHostileServerIsRefused() throws Exception {
        Key key = keyOf(content(10));
        String script = "printf 'AUTH-SUCCESS 11111111-2222-3333-4444-555555555555\\n'; read v; printf 'VERSION 1\\n';"
                + " read g; printf 'DATA 1000000\\n'; head -c 1000000 /dev/zero; printf 'VALID\\n'; sleep 5";
        Path dest = tmp.getRoot().toPath().resolve("hostile");
        try (P2PClient c = connect("sh", "-c", script)) {
            c.get(key, "f", dest, b -> { });
            fail();
        } catch (IOException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("more than its size"));
        }
        assertTrue(!Files.exists(dest) || Files.size(dest) == 0);
    }

    @Test
    public void wrongGreetingIsAClearError() throws Exception {
        try (P2PClient c = connect("sh", "-c", "echo 'Permission denied'; sleep 5")) {
            fail();
        } catch (IOException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("did not greet with AUTH-SUCCESS: Permission denied"));
        }
    }

    @Test
    public void serverErrorsAreReported() throws Exception {
        String script = "printf 'AUTH-SUCCESS u\\n'; read v; printf 'VERSION 1\\n'; read c; printf 'ERROR unknown command\\n'; sleep 5";
        try (P2PClient c = connect("sh", "-c", script)) {
            c.checkPresent(keyOf(content(3)));
            fail();
        } catch (IOException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("answered CHECKPRESENT with: ERROR unknown command"));
        }
    }
}
