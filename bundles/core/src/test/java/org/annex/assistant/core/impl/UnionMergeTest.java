package org.annex.assistant.core.impl;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.annex.assistant.testsupport.Git;
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
        Path a = Git.init(root.resolve("a"));
        Git.stdout(a, "git", "annex", "init", "A");
        Files.writeString(a.resolve("f.txt"), "shared\n");
        Git.stdout(a, "git", "annex", "add", "f.txt");
        Git.stdout(a, "git", "commit", "-q", "-m", "f");
        for (String n : List.of("b", "c")) {
            Git.stdout(root, "git", "clone", "-q", a.toString(), n);
            Git.identity(root.resolve(n));
            Git.stdout(root.resolve(n), "git", "annex", "init", n.toUpperCase());
            Git.stdout(root.resolve(n), "git", "annex", "get", "f.txt");
        }
        Path b = root.resolve("b");
        Path c = root.resolve("c");
        Git.stdout(b, "git", "annex", "wanted", "here", "anything");
        Git.stdout(b, "git", "annex", "group", "here", "backup");
        Files.writeString(b.resolve("g.bin"), "only in b\n");
        Git.stdout(b, "git", "annex", "add", "g.bin");
        Git.stdout(c, "git", "annex", "group", "here", "client");
        Git.stdout(c, "git", "annex", "numcopies", "3");
        Git.stdout(c, "git", "annex", "drop", "--force", "f.txt");
        Git.stdout(a, "git", "annex", "describe", "here", "A renamed");
        for (String n : List.of("b", "c")) {
            Git.stdout(a, "git", "remote", "add", n, "../" + n);
            Git.stdout(a, "git", "fetch", "-q", n);
        }
        Git.stdout(root, "cp", "-a", a.toString(), root.resolve("theirs").toString());
        Git.stdout(root, "cp", "-a", a.toString(), root.resolve("ours").toString());
        Path theirs = root.resolve("theirs");
        Path ours = root.resolve("ours");
        Git.stdout(theirs, "git", "annex", "merge");

        try (LocalAnnexRepository repo = LocalAnnexRepository.open(ours, null)) {
            assertTrue(repo.mergeAnnexBranches(List.of("refs/remotes/b/git-annex", "refs/remotes/c/git-annex")));
            assertFalse("merging again changes nothing",
                    repo.mergeAnnexBranches(List.of("refs/remotes/b/git-annex", "refs/remotes/c/git-annex")));
        }
        Map<String, String> expected = tree(theirs, "git-annex");
        Map<String, String> actual = tree(ours, "git-annex");
        assertEquals(expected.keySet(), actual.keySet());
        for (String path : expected.keySet()) {
            assertEquals(path, Git.stdout(theirs, "git", "cat-file", "blob", expected.get(path)),
                    Git.stdout(ours, "git", "cat-file", "blob", actual.get(path)));
        }
        String merged = Files.readString(ours.resolve(".git/annex/mergedrefs"));
        assertTrue(merged, merged.contains("\trefs/remotes/b/git-annex") && merged.contains("\trefs/remotes/c/git-annex"));
        assertEquals("a merge of our branch and both others", 3, Git.stdout(ours, "git", "log", "-1", "--format=%P", "git-annex").trim().split(" ").length);
        String whereis = Git.stdout(ours, "git", "annex", "whereis", "--json", "f.txt");
        String bUuid = Git.stdout(b, "git", "config", "annex.uuid").trim();
        String cUuid = Git.stdout(c, "git", "config", "annex.uuid").trim();
        assertTrue(whereis, whereis.contains(bUuid));
        assertFalse(whereis, whereis.contains(cUuid));
        assertEquals("3\n", Git.stdout(ours, "git", "annex", "numcopies"));
    }

    /** Path -> blob id of every file of a ref's tree. */
    private static Map<String, String> tree(Path dir, String ref) throws IOException, InterruptedException {
        Map<String, String> out = new TreeMap<>();
        for (String line : Git.stdout(dir, "git", "ls-tree", "-r", "-z", ref).split("\0")) {
            if (!line.isEmpty()) {
                int tab = line.indexOf('\t');
                out.put(line.substring(tab + 1), line.substring(0, tab).split(" ")[2]);
            }
        }
        return out;
    }
}
