package org.annex.assistant.itests;

import static org.annex.assistant.testsupport.Git.run;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.annex.assistant.testsupport.Git;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The checks {@link ChaosIT} ends with find what they are there to find, in repositories git-annex itself
 * made: a chaos test whose checks could not fail would prove nothing.
 */
public class ChaosChecksTest {
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    @Test
    public void burstNamesTheFilesMissingUnfilledWrongAndUnexpected() throws Exception {
        FileBurst burst = new FileBurst("burst", 10, 7);
        assertEquals(10, burst.size());
        assertEquals(5, burst.annexed());
        Path repo = tmp.newFolder("r").toPath();
        burst.writeInto(repo);
        assertEquals(List.of(), burst.problems(repo));
        assertTrue(burst.isIn(repo));

        Files.delete(repo.resolve("burst/d1/f1.txt"));
        Files.writeString(repo.resolve("burst/d2/f2.bin"), "/annex/objects/SHA256E-s5000--0123.bin\n");
        Files.writeString(repo.resolve("burst/d3/f3.txt"), "changed\n");
        Files.writeString(repo.resolve("burst/d3/f3.variant-1234.txt"), "other side\n");
        assertEquals(List.of("1 file(s) missing: burst/d1/f1.txt",
                "1 file(s) a pointer (or broken link) instead of the content: burst/d2/f2.bin",
                "1 file(s) other bytes than were written: burst/d3/f3.txt",
                "1 file(s) not written by the burst: burst/d3/f3.variant-1234.txt"), burst.problems(repo));
        assertFalse(burst.isIn(repo));
    }

    @Test
    public void burstSplitsByAnnexLargefiles() throws Exception {
        Path repo = Git.annexInit(tmp.getRoot().toPath().resolve("r"), "R");
        Files.writeString(repo.resolve(".gitattributes"), FileBurst.LARGEFILES);
        FileBurst burst = new FileBurst("burst", 4, 3);
        burst.writeInto(repo);
        run(repo, "git", "annex", "add", "-q", ".");
        String annexed = Git.stdout(repo, "git", "annex", "find", "--include=*", "burst");
        assertEquals("burst/d0/f0.bin\nburst/d2/f2.bin\n", annexed);
    }

    @Test
    public void fsckFailuresAreReportedWithGitAnnexsLines() throws Exception {
        Path repo = Git.annexInit(tmp.getRoot().toPath().resolve("r"), "R");
        Files.writeString(repo.resolve("big.bin"), "x".repeat(5000));
        run(repo, "git", "annex", "add", "-q", "big.bin");
        run(repo, "git", "commit", "-q", "-m", "big");
        assertEquals(List.of(), RepositoryChecks.annexFsck(repo));
        assertEquals(List.of(), RepositoryChecks.gitFsck(repo));

        Path object = repo.resolve(Git.stdout(repo, "git", "annex", "contentlocation",
                Git.stdout(repo, "git", "annex", "lookupkey", "big.bin").trim()).trim());
        object.getParent().toFile().setWritable(true);
        object.toFile().setWritable(true);
        Files.writeString(object, "y".repeat(5000));
        List<String> annexFsck = RepositoryChecks.annexFsck(repo);
        assertTrue(annexFsck.toString(), annexFsck.size() > 1 && annexFsck.get(0).startsWith("git annex fsck exited with 1"));
        assertTrue(annexFsck.toString(), String.join("\n", annexFsck).contains("big.bin"));

        Path loose = Files.walk(repo.resolve(".git/objects")).filter(Files::isRegularFile)
                .filter(p -> p.getParent().getFileName().toString().length() == 2).findFirst().orElseThrow();
        loose.toFile().setWritable(true);
        Files.write(loose, "not an object".getBytes(StandardCharsets.UTF_8));
        List<String> gitFsck = RepositoryChecks.gitFsck(repo);
        assertTrue(gitFsck.toString(), gitFsck.size() > 1 && gitFsck.get(0).startsWith("git fsck exited with"));
    }

    @Test
    public void temporaryFilesGitAnnexWouldResumeAreTolerated() throws Exception {
        Path repo = Git.annexInit(tmp.getRoot().toPath().resolve("r"), "R");
        Files.writeString(repo.resolve("big.bin"), "x".repeat(5000));
        run(repo, "git", "annex", "add", "-q", "big.bin");
        String present = Git.stdout(repo, "git", "annex", "lookupkey", "big.bin").trim();
        assertEquals(List.of(), RepositoryChecks.leftoverTemporaryFiles(repo));

        Path tmpDir = Files.createDirectories(repo.resolve(".git/annex/tmp"));
        String absent = "SHA256E-s4--9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08.txt";
        Files.writeString(tmpDir.resolve(absent), "te");
        Files.writeString(tmpDir.resolve(present), "xx");
        assertEquals("partial downloads are git-annex's to resume or prune", List.of(),
                RepositoryChecks.leftoverTemporaryFiles(repo));

        Files.writeString(tmpDir.resolve(present + ".upload"), "xx");
        Files.writeString(tmpDir.resolve("ingest123.tmp"), "xxx");
        assertEquals(List.of(present + ".upload (2 bytes)", "ingest123.tmp (3 bytes)"), RepositoryChecks.leftoverTemporaryFiles(repo));
    }
}
