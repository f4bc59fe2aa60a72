package org.annex.assistant.gitsync.impl;

import static org.annex.assistant.gitsync.testing.AnnexFixture.addRemote;
import static org.annex.assistant.gitsync.testing.AnnexFixture.commitPlain;
import static org.annex.assistant.gitsync.testing.AnnexFixture.head;
import static org.annex.assistant.gitsync.testing.AnnexFixture.write;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.annex.assistant.gitsync.impl.hook.HookProgram;
import org.annex.assistant.gitsync.testing.AnnexFixture;
import org.annex.assistant.testsupport.Git;
import org.junit.Test;

/** The hook program, a real shell script, run by a real sync pushing to two local remotes. */
public class ChangeHookTest {
    /** Appends one line per run: the changed refs, the remotes, the repository, its working folder. */
    private static final String RECORDING_HOOK = "#!/bin/sh\n"
            + "echo \"$ANNEX_ASSISTANT_CHANGED_REFS|$ANNEX_ASSISTANT_REMOTES|$ANNEX_ASSISTANT_REPOSITORY|$(pwd)\" >> \"$0.runs\"\n";

    @Test
    public void runsOnceForEachChangeThatWentOutWithTheChangedRefsAndRemotes() throws Exception {
        try (AnnexFixture fixture = new AnnexFixture(); SyncHarness harness = new SyncHarness(null)) {
            Path a = fixture.newRepo("A");
            addRemote(a, "one", fixture.bareClone(a, "one.git").toString());
            addRemote(a, "two", fixture.bareClone(a, "two.git").toString());
            // In step before the start (the remotes' git annex init merged here), so the start makes one change.
            Git.run(a, "git", "annex", "sync", "-q", "--no-content", "one", "two");
            Path hook = script(fixture.root.resolve("hook.sh"), RECORDING_HOOK);
            Path runs = fixture.root.resolve("hook.sh.runs");
            RepositorySync.Settings settings = withHook(hook, Duration.ofSeconds(30));

            RepositorySync sync = harness.create(a, settings);
            sync.start();
            // First start: nothing was told yet, so the branches as they went out are the change.
            List<String> first = waitForRuns(runs, 1);
            String annexBranch = Git.run(a, "git", "rev-parse", "git-annex").trim();
            assertEquals("refs/heads/git-annex=" + annexBranch + " refs/heads/master=" + head(a) + "|one two|" + a + "|" + a,
                    first.get(0));

            // Pushes that send nothing new (a retry, a relay of the same refs) do not run it again.
            sync.pushAll().get();
            sync.syncAll().get();
            write(a, "new.txt", "new\n");
            commitPlain(a, "new", "new.txt");
            sync.pushAll().get();
            List<String> second = waitForRuns(runs, 2);
            assertEquals("refs/heads/master=" + head(a) + "|one two|" + a + "|" + a, second.get(1));

            // The same change after a restart: told already.
            sync.close();
            RepositorySync again = harness.create(a, settings);
            again.start();
            again.pushAll().get();
            Thread.sleep(1000);
            assertEquals("the hook ran twice for one change: " + Files.readAllLines(runs), 2, Files.readAllLines(runs).size());
        }
    }

    @Test
    public void aFailingOrHangingOrMissingHookIsLoggedAndNeverHoldsUpSync() throws Exception {
        try (AnnexFixture fixture = new AnnexFixture(); SyncHarness harness = new SyncHarness(null)) {
            Path failing = script(fixture.root.resolve("failing.sh"), "#!/bin/sh\necho boom >&2\nexit 3\n");
            Path hanging = script(fixture.root.resolve("hanging.sh"), "#!/bin/sh\necho started\nexec sleep 600\n");
            Path missing = fixture.root.resolve("no-such-hook");
            int n = 0;
            for (Path hook : List.of(failing, hanging, missing)) {
                Path a = fixture.newRepo("A" + n);
                Path server = fixture.bareClone(a, "server" + n++ + ".git");
                addRemote(a, "server", server.toString());
                RepositorySync sync = harness.create(a, withHook(hook, Duration.ofSeconds(2)));
                sync.start();
                for (int i = 0; i < 3; i++) {
                    write(a, "f" + i + ".txt", "f" + i + "\n");
                    commitPlain(a, "f" + i, "f" + i + ".txt");
                    long t = System.nanoTime();
                    sync.pushAll().get();
                    assertTrue(hook + " held up a push", System.nanoTime() - t < 10_000_000_000L);
                    assertEquals(head(a), Git.run(server, "git", "rev-parse", "synced/master").trim());
                }
                Path log = a.resolve(".git/annex-assistant/hook.log");
                if (hook.equals(failing)) {
                    assertTrue(waitForContent(log, "boom"));
                } else if (hook.equals(hanging)) {
                    assertTrue(waitForContent(log, "started"));
                }
            }
        }
    }

    private static RepositorySync.Settings withHook(Path hook, Duration timeout) {
        RepositorySync.Settings d = SyncHarness.SETTINGS;
        return new RepositorySync.Settings(d.pushTimeout, d.retryInterval, d.pollInterval,
                Optional.of(new HookProgram(hook, timeout)));
    }

    private static Path script(Path file, String text) throws Exception {
        Files.writeString(file, text, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
        return file;
    }

    /** Waits until the hook has run {@code n} times, then a little longer to catch a run too many. */
    private static List<String> waitForRuns(Path runs, int n) throws Exception {
        long deadline = System.currentTimeMillis() + SyncHarness.PATIENCE_MS;
        while (!Files.exists(runs) || Files.readAllLines(runs).size() < n) {
            assertTrue("the hook ran fewer than " + n + " times", System.currentTimeMillis() < deadline);
            Thread.sleep(20);
        }
        Thread.sleep(500);
        List<String> lines = Files.readAllLines(runs);
        assertEquals("runs: " + lines, n, lines.size());
        return lines;
    }

    private static boolean waitForContent(Path file, String text) throws Exception {
        long deadline = System.currentTimeMillis() + SyncHarness.PATIENCE_MS;
        while (System.currentTimeMillis() < deadline) {
            if (Files.exists(file) && Files.readString(file).contains(text)) {
                return true;
            }
            Thread.sleep(20);
        }
        return false;
    }
}
