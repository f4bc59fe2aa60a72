package org.annex.assistant.gitsync.impl;

import static org.junit.Assert.assertEquals;

import java.util.Map;
import java.util.TreeMap;

import org.annex.assistant.api.annex.Key;
import org.annex.assistant.testsupport.GitAnnexRepo;
import org.annex.assistant.testsupport.OddKeysRepo;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.junit.Test;

public class AnnexPointersInteropTest {
    /** Merges and the work-tree updater find in git-annex's tree the keys git-annex finds there, escapes and all. */
    @Test
    public void keysOfATreeGitAnnexMadeAreGitAnnexs() throws Exception {
        try (GitAnnexRepo theirs = OddKeysRepo.create();
                Repository git = new FileRepositoryBuilder().setGitDir(theirs.gitDir().toFile()).build();
                RevWalk rw = new RevWalk(git);
                TreeWalk tw = new TreeWalk(git)) {
            Map<String, String> expected = OddKeysRepo.keys(theirs);
            Map<String, String> found = new TreeMap<>();
            tw.addTree(rw.parseCommit(git.resolve("HEAD")).getTree());
            tw.setRecursive(true);
            while (tw.next()) {
                AnnexPointers.keyOf(tw.getObjectReader(), tw.getFileMode(0), tw.getObjectId(0))
                        .map(Key::toString).ifPresent(k -> found.put(tw.getPathString(), k));
            }
            assertEquals(expected, found);
        }
    }
}
