package org.annex.assistant.core.worktree;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.annex.assistant.testsupport.Git;
import org.annex.assistant.testsupport.GitAnnexRepo;
import org.annex.assistant.testsupport.HostileTrees;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/**
 * {@link TreePaths} against the real git: every name below, as a file, a folder, a file deeper down and
 * a symlink, is put in a tree with {@code git mktree}; git ({@code read-tree} with core.protectHFS and
 * core.protectNTFS, as on macOS and Windows) and we must agree on each. The names are git's own
 * t1014-read-tree-confusing.sh cases, its .gitmodules ones (t7415), and names people use that a stricter
 * check would refuse.
 */
public class TreePathsTest {
    private static final String U200C = "\u200c";
    private static final String[] NAMES = {
        // t1014-read-tree-confusing.sh
        ".", "..", ".git", ".GIT", U200C + ".Git", ".gI" + U200C + "T", ".GiT" + U200C, "git~1", ".git. ",
        ".\\.GIT\\foobar", ".git\\foobar", ".git...:alternate-stream",
        // more NTFS and HFS spellings
        "GIT~1", "Git~1", ".git..", ".git ", ".git . .", ".git:x", "a\\.git", "a\\git~1", ".g" + U200C + "it",
        ".git" + "\u200d", "\ufeff.git", ".git::$INDEX_ALLOCATION",
        // .gitmodules spellings (refused only as symlinks)
        ".gitmodules", ".GITMODULES", "gitmod~1", "GITMOD~2", ".gitmodules.", ".gitmodules ", ".git" + U200C + "modules",
        "gi7eba~1", ".gitmodules:$DATA", ".gitmodulesx",
        // fine for git on Linux (a Windows-only check would refuse some)
        "a:b", "what?", "a\\b", ".\\foo", "CON", "aux.txt", "x.", "x ", "git", ".git~1", ".gitx", "x.git", "gitx",
        ".gitignore", ".gitattributes", "git~2", ".gitmodules~1", "\u00e9t\u00e9", "-", "...", ".a",
    };

    private Path dir;
    private String blob;
    private String subtree;

    @Before
    public void setUp() throws Exception {
        dir = Git.init(Files.createTempDirectory("treepaths-"));
        blob = Git.withInput(dir, "x\n", "git", "hash-object", "-w", "--stdin");
        subtree = Git.withInput(dir, "100644 blob " + blob + "\tfile\n", "git", "mktree");
    }

    @After
    public void tearDown() throws Exception {
        GitAnnexRepo.deleteTree(dir);
    }

    @Test
    public void refusesWhatGitRefusesAndNothingElse() throws Exception {
        List<String> disagreements = new ArrayList<>();
        int refusedByGit = 0;
        for (String name : NAMES) {
            String deep = Git.withInput(dir, "100644 blob " + blob + "\t" + name + "\n", "git", "mktree");
            Object[][] cases = {
                { "100644 blob " + blob, name, FileMode.REGULAR_FILE, name },
                { "120000 blob " + blob, name, FileMode.SYMLINK, name },
                { "040000 tree " + subtree, name, FileMode.REGULAR_FILE, name + "/file" },
                { "040000 tree " + deep, "d", FileMode.REGULAR_FILE, "d/" + name },
            };
            for (Object[] c : cases) {
                String tree = Git.withInput(dir, c[0] + "\t" + c[1] + "\n", "git", "mktree");
                boolean gitRefuses = Git.exec(dir, Map.of("GIT_INDEX_FILE", dir.resolve(".git/scratch-index").toString()),
                        false, "git", "-c", "core.protectHFS=true", "-c", "core.protectNTFS=true", "read-tree", tree)
                        .exitCode != 0;
                Optional<String> ours = TreePaths.problem((String) c[3], (FileMode) c[2]);
                refusedByGit += gitRefuses ? 1 : 0;
                if (gitRefuses != ours.isPresent()) {
                    disagreements.add((gitRefuses ? "git refuses, we allow " : "git allows, we refuse (" + ours.get() + ") ")
                            + c[2] + " " + escape((String) c[3]));
                }
            }
        }
        assertEquals(List.of(), disagreements);
        assertTrue("git refused " + refusedByGit + " of the cases", refusedByGit > 60);
    }

    @Test
    public void everyHostileCaseIsRefused() {
        HostileTrees.CASES.forEach((what, e) -> assertTrue(what + ": " + e.path(),
                TreePaths.problem(e.path(), e.symlink() ? FileMode.SYMLINK : FileMode.REGULAR_FILE).isPresent()));
        assertTrue(TreePaths.problem("", FileMode.REGULAR_FILE).isPresent());
        assertTrue(TreePaths.problem("/etc/passwd", FileMode.REGULAR_FILE).isPresent());
        assertTrue(TreePaths.problem("a//b", FileMode.REGULAR_FILE).isPresent());
    }

    @Test
    public void onlyChangedPathsOfANewTreeAreReported() throws Exception {
        String base = Git.withInput(dir, "100644 blob " + blob + "\tok\n", "git", "mktree");
        String bad = Git.withInput(dir, "100644 blob " + blob + "\tok\n040000 tree " + subtree + "\tsub.git\n"
                + "040000 tree " + Git.withInput(dir, "040000 tree " + subtree + "\t.GIT\n", "git", "mktree") + "\tx\n",
                "git", "mktree");
        try (Repository repo = new FileRepositoryBuilder().setGitDir(dir.resolve(".git").toFile()).build();
                ObjectReader reader = repo.newObjectReader()) {
            assertEquals(List.of(new UnsafePath("x/.GIT/file", TreePaths.problem("x/.GIT/file", FileMode.REGULAR_FILE).get())),
                    TreePaths.unsafeChanges(reader, ObjectId.fromString(base), ObjectId.fromString(bad)));
            assertEquals(List.of(), TreePaths.unsafeChanges(reader, ObjectId.fromString(bad), ObjectId.fromString(base)));
            assertEquals(1, TreePaths.unsafeChanges(reader, null, ObjectId.fromString(bad)).size());
        }
    }

    private static String escape(String s) {
        StringBuilder b = new StringBuilder("[");
        s.codePoints().forEach(c -> b.append(c < 0x20 || c > 0x7e ? String.format("\\u%04x", c) : String.valueOf((char) c)));
        return b.append(']').toString();
    }
}
