package org.annex.assistant.core;

import static org.junit.Assert.assertEquals;

import java.util.Map;
import java.util.TreeMap;

import org.annex.assistant.testsupport.GitAnnexRepo;
import org.annex.assistant.testsupport.OddKeysRepo;
import org.junit.Test;

public class AnnexedFilesInteropTest {
    /**
     * The annexed files core reports for a tree git-annex made (the transfer scanner's view) are git-annex's
     * own, with keys whose names need every file-name escape, unlocked and locked, at every depth.
     */
    @Test
    public void annexedFilesOfATreeGitAnnexMadeAreGitAnnexs() throws Exception {
        try (GitAnnexRepo theirs = OddKeysRepo.create(); LocalAnnex ours = LocalAnnex.open(theirs.dir(), null)) {
            Map<String, String> found = new TreeMap<>();
            ours.annexedFiles("HEAD", f -> found.put(f.path(), f.key().toString()));
            assertEquals(new TreeMap<>(OddKeysRepo.keys(theirs)), found);
        }
    }
}
