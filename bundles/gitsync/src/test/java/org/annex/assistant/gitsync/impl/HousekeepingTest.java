package org.annex.assistant.gitsync.impl;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.annex.assistant.testsupport.Git;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.TreeFormatter;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** Past git's gc.auto threshold the loose objects are packed; below it nothing happens. */
public class HousekeepingTest {
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    @Test
    public void packsLooseObjectsPastGitsThreshold() throws Exception {
        Path dir = Git.init(tmp.getRoot().toPath().resolve("r"));
        Git.stdout(dir, "git", "config", "gc.auto", "1000");
        try (Repository repo = new FileRepositoryBuilder().setGitDir(dir.resolve(".git").toFile()).build()) {
            commitBlobs(repo, 100);
            assertFalse("100 loose objects are under 1000", Housekeeping.needed(repo));
            assertFalse(Housekeeping.runIfNeeded(repo));
            commitBlobs(repo, 3000);
            assertTrue(Housekeeping.needed(repo));
            long looseBefore = loose(dir);
            assertTrue(Housekeeping.runIfNeeded(repo));
            assertTrue("loose before " + looseBefore + ", after " + loose(dir), loose(dir) < looseBefore / 10);
            assertFalse(Housekeeping.needed(repo));
            Git.stdout(dir, "git", "fsck", "--strict", "--no-dangling");
            assertEquals("3000", Git.stdout(dir, "git", "ls-tree", "--name-only", "master").lines().count() + "");
        }
    }

    /** A commit on master whose tree holds {@code n} new blobs, all written as loose objects. */
    private static void commitBlobs(Repository repo, int n) throws Exception {
        try (ObjectInserter ins = repo.newObjectInserter()) {
            TreeFormatter tree = new TreeFormatter();
            java.util.TreeMap<String, ObjectId> files = new java.util.TreeMap<>();
            for (int i = 0; i < n; i++) {
                files.put(String.format("f%05d-%d", i, n), ins.insert(Constants.OBJ_BLOB, ("blob " + i + " of " + n).getBytes(StandardCharsets.UTF_8)));
            }
            files.forEach((name, id) -> tree.append(name, FileMode.REGULAR_FILE, id));
            CommitBuilder c = new CommitBuilder();
            c.setTreeId(ins.insert(tree));
            PersonIdent me = new PersonIdent("t", "t@invalid");
            c.setAuthor(me);
            c.setCommitter(me);
            c.setMessage("blobs");
            ObjectId head = repo.resolve("refs/heads/master");
            if (head != null) {
                c.setParentId(head);
            }
            ObjectId id = ins.insert(c);
            ins.flush();
            RefUpdate u = repo.updateRef("refs/heads/master");
            u.setNewObjectId(id);
            u.setForceUpdate(true);
            u.update();
        }
    }

    private static long loose(Path dir) throws Exception {
        try (Stream<Path> s = Files.walk(dir.resolve(".git/objects"))) {
            return s.filter(p -> p.getParent().getFileName().toString().matches("[0-9a-f]{2}")).count();
        }
    }
}
