package org.annex.assistant.gitsync.impl;

import static org.junit.Assert.assertEquals;

import org.annex.assistant.api.annex.Key;
import org.annex.assistant.core.AnnexedBlobs;
import org.annex.assistant.testsupport.GitAnnexRepo;
import org.annex.assistant.testsupport.OddKeysRepo;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.junit.Test;

public class AnnexPointersInteropTest {
    /** Merges and the work-tree updater find in git-annex's tree the keys git-annex finds there, escapes and all. */
    @Test
    public void keysOfATreeGitAnnexMadeAreGitAnnexs() throws Exception {
        try (GitAnnexRepo theirs = OddKeysRepo.create();
                Repository git = new FileRepositoryBuilder().setGitDir(theirs.gitDir().toFile()).build();
                ObjectReader reader = git.newObjectReader()) {
            assertEquals(OddKeysRepo.keys(theirs), OddKeysRepo.keysFoundBy(theirs, (mode, blob) -> AnnexedBlobs.keyOf(reader,
                    FileMode.fromBits(mode), ObjectId.fromString(blob)).map(Key::toString)));
        }
    }
}
