package org.annex.assistant.core.impl;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** Two clones change the git-annex branch concurrently; our union merge must equal git-annex's. */
public class UnionMergeTest {
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    @Test
    public void ourMergeEqualsGitAnnexMergeFileByFile() throws Exception {
        Path root = tmp.getRoot().toPath();
        Path a = Cli.gitInit(root.resolve("a"));
        Cli.annex(a, "init", "A");
        Files.writeString(a.resolve("f.txt"), "shared\n");
        Cli.annex(a, "add", "f.txt");
        Cli.run(a, "git", "commit", "-q", "-m", "f");
        for (String n : List.of("b", "c")) {
            Cli.run(root, "git", "clone", "-q", a.toString(), n);
            Cli.identity(root.resolve(n));
            Cli.annex(root.resolve(n), "init", n.toUpperCase());
            Cli.annex(root.resolve(n), "get", "f.txt");
        }
        Path b = root.resolve("b");
        Path c = root.resolve("c");
        Cli.annex(b, "wanted", "here", "anything");
        Cli.annex(b, "group", "here", "backup");
        Files.writeString(b.resolve("g.bin"), "only in b\n");
        Cli.annex(b, "add", "g.bin");
        Cli.annex(c, "group", "here", "client");
        Cli.annex(c, "numcopies", "3");
        Cli.annex(c, "drop", "--force", "f.txt");
        Cli.annex(a, "describe", "here", "A renamed");
        for (String n : List.of("b", "c")) {
            Cli.run(a, "git", "remote", "add", n, "../" + n);
            Cli.run(a, "git", "fetch", "-q", n);
        }
        Cli.run(root, "cp", "-a", a.toString(), root.resolve("theirs").toString());
        Cli.run(root, "cp", "-a", a.toString(), root.resolve("ours").toString());
        Path theirs = root.resolve("theirs");
        Path ours = root.resolve("ours");
        Cli.annex(theirs, "merge");

        try (LocalAnnexRepository repo = LocalAnnexRepository.open(ours, null)) {
            assertTrue(repo.mergeAnnexBranches(List.of("refs/remotes/b/git-annex", "refs/remotes/c/git-annex")));
            assertFalse("merging again changes nothing",
                    repo.mergeAnnexBranches(List.of("refs/remotes/b/git-annex", "refs/remotes/c/git-annex")));
        }
        Map<String, String> expected = Cli.tree(theirs, "git-annex");
        Map<String, String> actual = Cli.tree(ours, "git-annex");
        assertEquals(expected.keySet(), actual.keySet());
        for (String path : expected.keySet()) {
            assertEquals(path, Cli.run(theirs, "git", "cat-file", "blob", expected.get(path)),
                    Cli.run(ours, "git", "cat-file", "blob", actual.get(path)));
        }
        String merged = Files.readString(ours.resolve(".git/annex/mergedrefs"));
        assertTrue(merged, merged.contains("\trefs/remotes/b/git-annex") && merged.contains("\trefs/remotes/c/git-annex"));
        assertEquals("a merge of our branch and both others", 3, Cli.run(ours, "git", "log", "-1", "--format=%P", "git-annex").trim().split(" ").length);
        String whereis = Cli.annex(ours, "whereis", "--json", "f.txt");
        String bUuid = Cli.run(b, "git", "config", "annex.uuid").trim();
        String cUuid = Cli.run(c, "git", "config", "annex.uuid").trim();
        assertTrue(whereis, whereis.contains(bUuid));
        assertFalse(whereis, whereis.contains(cUuid));
        assertEquals("3\n", Cli.annex(ours, "numcopies"));
    }
}
