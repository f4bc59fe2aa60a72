package org.annex.assistant.core.impl;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.annex.assistant.testsupport.Git;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** annex-assistant's own logs travel with the git-annex branch, and the real git-annex minds them not. */
public class AssistantLogsTest {
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    /** Runs a git-annex command that must succeed and say nothing about problems. */
    private static void clean(Path dir, String... cmd) throws Exception {
        Git.Result r = Git.exec(dir, Map.of(), true, cmd);
        assertEquals(String.join(" ", cmd) + ": " + r, 0, r.exitCode);
        String said = (r.error + r.output).toLowerCase();
        assertFalse(String.join(" ", cmd) + ": " + r, said.contains("warning") || said.contains("error")
                || said.contains("fail") || said.contains("unknown"));
    }

    @Test
    public void eachRepositorysLineReachesTheOtherCloneAndGitAnnexStaysClean() throws Exception {
        Path a = Git.annexInit(tmp.getRoot().toPath().resolve("a"), "a");
        Files.writeString(a.resolve("big.bin"), "content that git-annex keeps");
        Git.run(a, "git", "annex", "add", "-q", "big.bin");
        Git.run(a, "git", "commit", "-q", "-m", "add");
        Path b = Git.cloneAnnex(a, tmp.getRoot().toPath().resolve("b"), "b", "a", "b");
        String uuidB;
        try (LocalAnnexRepository ra = LocalAnnexRepository.open(a, "a");
                LocalAnnexRepository rb = LocalAnnexRepository.open(b, "b")) {
            uuidB = rb.uuid();
            ra.setAssistantLog("netmap", uuidB + "=cost:100,metered:0,up:1,bps:0");
            ra.setAssistantLog("netmap", uuidB + "=cost:100,metered:0,up:0,bps:0"); // replaces a's line
            rb.setAssistantLog("netmap", ra.uuid() + "=cost:200,metered:1,up:1,bps:125000");
            assertEquals("journalled lines are read before a commit",
                    Map.of(ra.uuid(), uuidB + "=cost:100,metered:0,up:0,bps:0"), ra.assistantLog("netmap"));
            ra.commitJournal();
            rb.commitJournal();
        }
        clean(b, "git", "annex", "sync", "-q");   // b fetches a's branch and union-merges
        clean(a, "git", "annex", "sync", "-q");
        clean(a, "git", "annex", "fsck", "-q");
        clean(b, "git", "annex", "fsck", "-q", "--from", "a");
        clean(a, "git", "annex", "map", "--fast");
        try (LocalAnnexRepository ra = LocalAnnexRepository.open(a, "a");
                LocalAnnexRepository rb = LocalAnnexRepository.open(b, "b")) {
            Map<String, String> fromA = ra.assistantLog("netmap");
            assertEquals(fromA, rb.assistantLog("netmap"));
            assertEquals(2, fromA.size());
            assertEquals(uuidB + "=cost:100,metered:0,up:0,bps:0", fromA.get(ra.uuid()));
            assertEquals(ra.uuid() + "=cost:200,metered:1,up:1,bps:125000", fromA.get(uuidB));
        }
        String raw = Git.stdout(a, "git", "show", "git-annex:annex-assistant/netmap.log");
        assertEquals("one line per repository, as git-annex's uuid logs: " + raw, 2, Git.lines(raw).size());
        assertTrue(raw, raw.contains(" timestamp="));
    }

    @Test
    public void aLogNameThatIsNotAWordTouchesNothing() throws Exception {
        Path a = Git.annexInit(tmp.getRoot().toPath().resolve("a"), "a");
        try (LocalAnnexRepository ra = LocalAnnexRepository.open(a, "a")) {
            for (String bad : new String[] {"../uuid", "Net", "a/b", "", "x.log"}) {
                assertThrows(bad, IllegalArgumentException.class, () -> ra.setAssistantLog(bad, "v"));
            }
            assertThrows(IllegalArgumentException.class, () -> ra.setAssistantLog("netmap", "two\nlines"));
            assertTrue(ra.assistantLog("netmap").isEmpty());
        }
        assertFalse(Files.exists(a.resolve(".git/annex/journal/uuid.log")));
    }
}
