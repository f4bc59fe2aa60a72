package org.annex.assistant.core.impl.branch;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import org.annex.assistant.testsupport.Git;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The branch's parts working together on repositories the real git-annex writes: the tip's index follows
 * git-annex's commits, our journal commit is what git-annex reads, and a neighbour's view holds what was
 * pushed to it and not merged yet.
 */
public class AnnexBranchTest {
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private static Repository open(Path workTree) throws Exception {
        return new FileRepositoryBuilder().setGitDir(workTree.resolve(".git").toFile()).setMustExist(true).build();
    }

    private static String text(byte[] content) {
        return content == null ? null : new String(content, StandardCharsets.UTF_8);
    }

    @Test
    public void indexFollowsGitAnnexCommitsAndGitAnnexReadsOurs() throws Exception {
        Path a = Git.init(tmp.getRoot().toPath().resolve("a"));
        Git.stdout(a, "git", "annex", "init", "first");
        String uuid = Git.stdout(a, "git", "config", "annex.uuid").trim();
        try (Repository repo = open(a)) {
            AnnexBranch branch = AnnexBranch.of(repo, a.resolve(".git/annex"));
            assertFalse("git-annex made the branch already", branch.create());
            assertTrue(text(branch.read("uuid.log")).contains(uuid + " first "));
            Git.stdout(a, "git", "annex", "describe", "here", "second");
            assertTrue("read at the new tip", text(branch.read("uuid.log")).contains(uuid + " second "));
            assertTrue(branch.committedPaths().contains("uuid.log"));

            branch.journal().locked(() -> {
                branch.journal().write("trust.log", uuid + " 1 timestamp=1795594686s\n");
                return null;
            });
            assertEquals("the journal wins before the commit", uuid + " 1 timestamp=1795594686s\n",
                    text(branch.read("trust.log")));
            assertTrue(branch.commitJournal());
            assertEquals(List.of(), branch.journal().list());
            assertFalse("nothing left to commit", branch.commitJournal());
            assertEquals(uuid + " 1 timestamp=1795594686s\n", Git.stdout(a, "git", "show", "git-annex:trust.log"));
            assertEquals(branch.head().name(), Git.stdout(a, "git", "rev-parse", "git-annex").trim());
            assertTrue(Git.stdout(a, "git", "annex", "info", "--fast", "here").contains("trusted"));
        }
    }

    @Test
    public void aNeighboursViewHoldsWhatWasPushedToItAndNotMerged() throws Exception {
        Path root = tmp.getRoot().toPath();
        Path a = Git.init(root.resolve("a"));
        Git.stdout(a, "git", "annex", "init", "A");
        String uuidA = Git.stdout(a, "git", "config", "annex.uuid").trim();
        Git.stdout(root, "git", "clone", "-q", a.toString(), root.resolve("b").toString());
        Path b = root.resolve("b");
        Git.stdout(b, "git", "annex", "init", "B");
        String uuidB = Git.stdout(b, "git", "config", "annex.uuid").trim();
        Git.stdout(b, "git", "push", "-q", "origin", "git-annex:synced/git-annex");
        try (Repository repo = open(a)) {
            String own = text(AnnexBranch.of(repo, a.resolve(".git/annex")).read("uuid.log"));
            assertTrue(own.contains(uuidA) && !own.contains(uuidB));
            String seen = text(AnnexBranch.ofNeighbour(repo, a.resolve(".git/annex")).read("uuid.log"));
            assertTrue(seen, seen.contains(uuidA + " A ") && seen.contains(uuidB + " B "));
            assertEquals("sorted, unique lines: the union merge's", seen,
                    String.join("\n", new java.util.TreeSet<>(List.of(seen.split("\n")))) + "\n");
        }
        // git-annex's own merge of that push agrees with the view.
        Git.stdout(a, "git", "annex", "merge");
        assertEquals(Git.stdout(a, "git", "show", "git-annex:uuid.log"),
                text(AnnexBranch.ofNeighbour(open(a), a.resolve(".git/annex")).read("uuid.log")));
    }
}
