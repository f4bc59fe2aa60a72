package org.annex.assistant.itests;

import static org.annex.assistant.testsupport.Git.await;
import static org.annex.assistant.testsupport.Git.run;

import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.annex.assistant.testsupport.Daemon;
import org.annex.assistant.testsupport.Git;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** A mixed network: our daemon in A, the real git-annex assistant in B. Files flow both ways; fsck passes. */
public class MixedAssistantIT {
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private static boolean hasContent(Path file, String text) {
        try {
            return Files.exists(file) && Files.readString(file, StandardCharsets.UTF_8).equals(text);
        } catch (java.io.IOException e) {
            return false;
        }
    }

    @Test
    public void filesFlowBetweenOurDaemonAndGitAnnexAssistant() throws Exception {
        Path a = Git.annexInit(tmp.getRoot().toPath().resolve("a"), "A");
        // git-annex's assistant does not merge into a clone whose branch is still unborn; a first commit
        // gives B a branch, as any real clone has.
        run(a, "git", "commit", "-q", "--allow-empty", "-m", "start");
        Path b = Git.cloneAnnex(a, tmp.getRoot().toPath().resolve("b"), "B", "a", "b");
        run(b, "git", "annex", "assistant");
        try (Daemon da = Daemon.start(a)) {
            Files.writeString(a.resolve("from-ours.txt"), "written where annex-assistant runs\n");
            long toB = await(90_000, "our file in B (real assistant)",
                    () -> hasContent(b.resolve("from-ours.txt"), "written where annex-assistant runs\n"));
            System.out.println("ours → git-annex assistant: " + toB + " ms");

            Files.writeString(b.resolve("from-assistant.txt"), "written where git annex assistant runs\n");
            long toA = await(90_000, "the assistant's file in A",
                    () -> hasContent(a.resolve("from-assistant.txt"), "written where git annex assistant runs\n"));
            System.out.println("git-annex assistant → ours: " + toA + " ms");
        } finally {
            Git.tryRun(b, "git", "annex", "assistant", "--stop");
        }
        for (Path repo : new Path[] {a, b}) {
            String out = run(repo, "git", "annex", "fsck", "--quiet");
            assertTrue(out, !out.contains("failed"));
        }
        String whereis = run(a, "git", "annex", "whereis", "from-ours.txt");
        assertTrue(whereis, whereis.contains("B"));
    }
}
