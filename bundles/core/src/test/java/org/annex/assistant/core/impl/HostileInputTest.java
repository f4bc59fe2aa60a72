package org.annex.assistant.core.impl;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

import org.annex.assistant.api.annex.Key;
import org.annex.assistant.core.AnnexInit;
import org.annex.assistant.testsupport.Git;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** Bad keys, contents and log lines get clear errors or are skipped; readers never crash. */
public class HostileInputTest {
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private static final Key HELLO = Key.parse("SHA256E-s6--5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03.txt");

    @Test
    public void contentNotMatchingItsKeyIsDeletedAndNeverStored() throws Exception {
        try (LocalAnnexRepository repo = LocalAnnexRepository.open(tmp.getRoot().toPath().resolve("r"), "r")) {
            Path wrong = repo.tmpDir().resolve("dl");
            Files.writeString(wrong, "hellO\n");
            try {
                repo.storeVerified(HELLO, wrong);
                fail("wrong content stored");
            } catch (IOException e) {
                assertTrue(e.getMessage(), e.getMessage().contains("checksum"));
            }
            assertFalse(Files.exists(wrong));
            assertFalse(repo.hasContent(HELLO));
            assertTrue(repo.locations(HELLO).isEmpty());

            Path badKey = repo.tmpDir().resolve("dl2");
            Files.writeString(badKey, "x");
            try {
                repo.storeVerified(Key.parse("SHA256E-s1--nothex.txt"), badKey);
                fail("content stored against a key with no digest");
            } catch (IOException e) {
                assertTrue(e.getMessage(), e.getMessage().contains("no well-formed digest"));
            }

            Path outside = tmp.newFile("outside.txt").toPath();
            Files.writeString(outside, "hello\n");
            repo.storeVerified(HELLO, outside);
            assertTrue(repo.hasContent(HELLO));
            assertEquals(Set.of(repo.uuid()), repo.locations(HELLO));
            try {
                repo.setLocation(HELLO, "../../x", true);
                fail("a uuid with separators was written");
            } catch (IllegalArgumentException e) {
                assertTrue(e.getMessage().contains("not a repository uuid"));
            }
        }
    }

    @Test
    public void malformedBranchLinesAreSkippedByGitAnnexAndUs() throws Exception {
        Path wt = Git.init(tmp.getRoot().toPath().resolve("r"));
        Git.stdout(wt, "git", "annex", "init", "r");
        String uuid = Git.stdout(wt, "git", "config", "annex.uuid").trim();
        String log = HELLO.hashDirLower() + HELLO + ".log";
        // Written with plain git plumbing, as a hostile or buggy peer could.
        Path idx = tmp.getRoot().toPath().resolve("idx");
        String content = "garbage line\n1795594686.5s 1 " + uuid + "\n17955x.5s 1 other\n1795594686.6s 1 ../../etc\n"
                + "1795594686.7s 7 abc\n";
        Path blobFile = tmp.newFile("blob").toPath();
        Files.writeString(blobFile, content);
        String blob = Git.stdout(wt, "git", "hash-object", "-w", blobFile.toString()).trim();
        Files.writeString(blobFile, "1795594686.5s 2\nthree\n");
        String numBlob = Git.stdout(wt, "git", "hash-object", "-w", blobFile.toString()).trim();
        Files.writeString(blobFile, "nouuid\n" + uuid + " client timestamp=oops\n");
        String groupBlob = Git.stdout(wt, "git", "hash-object", "-w", blobFile.toString()).trim();
        ProcessBuilder pb = new ProcessBuilder("sh", "-c",
                "git read-tree refs/heads/git-annex && git update-index --add --cacheinfo 100644," + blob + "," + log
                        + " --cacheinfo 100644," + numBlob + ",numcopies.log --cacheinfo 100644," + groupBlob + ",group.log"
                        + " && c=$(git commit-tree $(git write-tree) -p refs/heads/git-annex -m update) && git update-ref refs/heads/git-annex $c")
                .directory(wt.toFile());
        pb.environment().put("GIT_INDEX_FILE", idx.toString());
        pb.environment().put("GIT_AUTHOR_NAME", "T");
        pb.environment().put("GIT_AUTHOR_EMAIL", "t@e");
        pb.environment().put("GIT_COMMITTER_NAME", "T");
        pb.environment().put("GIT_COMMITTER_EMAIL", "t@e");
        assertEquals(0, pb.inheritIO().start().waitFor());

        try (LocalAnnexRepository repo = LocalAnnexRepository.open(wt, null)) {
            assertEquals(Set.of(uuid), repo.locations(HELLO));
            assertEquals(2, repo.numCopies());
            assertTrue(repo.state().groups(uuid).isEmpty());
            repo.setLocation(HELLO, uuid, false);
            repo.commitJournal();
            assertTrue(repo.locations(HELLO).isEmpty());
        }
        String whereis = Git.tryRun(wt, "git", "annex", "whereis", "--key=" + HELLO).output;
        assertFalse(whereis, whereis.contains(uuid));
    }

    @Test
    public void initIsIdempotentAndSaysWhyWhenItCannot() throws Exception {
        Path wt = tmp.getRoot().toPath().resolve("new/sub");
        String uuid = AnnexInit.initialise(wt, "mine");
        assertEquals(uuid, AnnexInit.initialise(wt, "other"));
        assertEquals("* filter=annex\n", Files.readString(wt.resolve(".git/info/attributes")));
        assertTrue(Files.isExecutable(wt.resolve(".git/hooks/pre-commit")));
        Git.identity(wt);
        assertEquals("10\n", Git.stdout(wt, "git", "config", "annex.version"));
        assertEquals("git-annex smudge --clean -- %f\n", Git.stdout(wt, "git", "config", "filter.annex.clean"));
        assertEquals("branch created\n", Git.stdout(wt, "git", "log", "--format=%s", "--reverse", "git-annex").split("(?<=\n)")[0]);
        String info = Git.stdout(wt, "git", "annex", "info", "--fast", "--json");
        assertTrue(info, info.contains("\"description\":\"mine\",\"here\":true,\"uuid\":\"" + uuid + "\""));
        assertEquals(1, Git.stdout(wt, "git", "log", "--format=%H", "git-annex").trim().split("\n").length - 1);

        Path file = tmp.newFile("plainfile").toPath();
        try {
            AnnexInit.initialise(file.resolve("below"), null);
            fail("initialised below a regular file");
        } catch (IOException e) {
            assertTrue(e.getMessage(), e.getMessage().startsWith("cannot make " + file.resolve("below") + " a git repository"));
        }
    }
}
