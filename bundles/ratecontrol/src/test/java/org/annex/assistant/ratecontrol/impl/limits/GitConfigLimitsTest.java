package org.annex.assistant.ratecontrol.impl.limits;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.nio.file.Path;

import org.annex.assistant.api.transfer.Direction;
import org.annex.assistant.testsupport.Git;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** The settings written by {@code git config}, as git-annex users write them, read in git-annex's order. */
public class GitConfigLimitsTest {
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    @Test
    public void theMostSpecificSettingWins() throws Exception {
        Path dir = Git.init(tmp.getRoot().toPath().resolve("r"));
        try (Repository git = new FileRepositoryBuilder().setWorkTree(dir.toFile()).build()) {
            assertEquals(Limit.NONE, GitConfigLimits.of(git.getConfig(), "b", Direction.UPLOAD));
            Git.run(dir, "git", "config", "annex.bwlimit", "1MiB");
            assertLimit(git, "b", Direction.UPLOAD, 1 << 20, "annex.bwlimit");
            Git.run(dir, "git", "config", "remote.b.annex-bwlimit", "2MiB/s");
            assertLimit(git, "b", Direction.UPLOAD, 2 << 20, "remote.b.annex-bwlimit");
            assertLimit(git, "c", Direction.UPLOAD, 1 << 20, "annex.bwlimit");
            Git.run(dir, "git", "config", "annex.bwlimit-upload", "3MiB");
            assertLimit(git, "b", Direction.UPLOAD, 3 << 20, "annex.bwlimit-upload");
            assertLimit(git, "b", Direction.DOWNLOAD, 2 << 20, "remote.b.annex-bwlimit");
            Git.run(dir, "git", "config", "remote.b.annex-bwlimit-download", "500kB");
            assertLimit(git, "b", Direction.DOWNLOAD, 500_000, "remote.b.annex-bwlimit-download");
            Git.run(dir, "git", "config", "remote.b.annex-bwlimit-upload", "fast");
            try {
                GitConfigLimits.of(git.getConfig(), "b", Direction.UPLOAD);
                fail();
            } catch (IllegalArgumentException e) {
                assertTrue(e.getMessage(), e.getMessage().startsWith("git config remote.b.annex-bwlimit-upload: 'fast' is not a rate"));
            }
        }
    }

    private static void assertLimit(Repository git, String remote, Direction d, long bytes, String source) {
        assertEquals(new Limit(bytes, source), GitConfigLimits.of(git.getConfig(), remote, d));
    }
}
