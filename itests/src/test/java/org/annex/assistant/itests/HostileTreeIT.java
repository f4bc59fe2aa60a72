package org.annex.assistant.itests;

import static org.annex.assistant.testsupport.Git.await;
import static org.annex.assistant.testsupport.Git.run;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.annex.assistant.testsupport.Daemon;
import org.annex.assistant.testsupport.Git;
import org.annex.assistant.testsupport.HostileTrees;
import org.annex.assistant.testsupport.HostileTrees.Entry;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * A hostile peer pushes commits built with git plumbing ({@link HostileTrees}: {@code sub/.git/config},
 * {@code .GIT/hooks/post-checkout}, {@code GIT~1}, {@code .g\u200cit}, a {@code .gitmodules} symlink,
 * {@code ../x}, ...) into a running daemon's repository, as {@code git annex sync} pushes: each is refused
 * whole (nothing written, the branch unmoved), shown on the console and logged once with the path, and
 * the daemon goes on syncing with its other remote and merges the peer's next good commit.
 */
public class HostileTreeIT {
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    @Test
    public void hostileCommitsAreRefusedAndSyncGoesOn() throws Exception {
        Path root = tmp.getRoot().toPath();
        Path a = Git.annexInit(root.resolve("a"), "A");
        Files.writeString(a.resolve("start.txt"), "start\n");
        run(a, "git", "-c", "annex.largefiles=nothing", "add", "start.txt");
        run(a, "git", "commit", "-q", "-m", "start");
        Path b = Git.cloneAnnex(a, root.resolve("b"), "B", "a", "b");
        Path peer = Git.cloneAnnex(a, root.resolve("peer"), "peer", "a", "peer");
        try (Daemon da = Daemon.start(a); Daemon db = Daemon.start(b)) {
            Map<String, String> refused = new LinkedHashMap<>();
            for (Map.Entry<String, Entry> c : HostileTrees.CASES.entrySet()) {
                Map<String, String> before = Git.tree(a);
                String head = run(a, "git", "rev-parse", "HEAD").trim();
                String commit = HostileTrees.commit(peer, "a/master", c.getKey(), c.getValue(),
                        Entry.file("harmless.txt", "would come with it\n"));
                run(peer, "git", "push", "-q", "--force", "a", commit + ":refs/heads/synced/master");
                await(30_000, c.getKey() + " refused on the console", () -> status(da).contains(commit));
                assertEquals(c.getKey() + ": nothing written", before, Git.tree(a));
                assertEquals(c.getKey() + ": branch unmoved", head, run(a, "git", "rev-parse", "HEAD").trim());
                refused.put(commit, c.getValue().path());
            }
            assertFalse(Files.exists(root.resolve("x")));
            assertFalse(Files.readString(a.resolve(".git/hooks/post-checkout")).contains("pwned"));

            // Sync goes on: with the other remote, and with the peer's next good commit.
            Files.writeString(a.resolve("after.txt"), "made in A after the attack\n");
            await(60_000, "A's new file in B", () -> Files.exists(b.resolve("after.txt")));
            run(peer, "git", "fetch", "-q", "a");
            String good = HostileTrees.commit(peer, "a/master", "good", Entry.file("good.txt", "from the peer\n"));
            run(peer, "git", "push", "-q", "--force", "a", good + ":refs/heads/synced/master");
            await(60_000, "the peer's good commit merged in A and relayed to B",
                    () -> Files.exists(a.resolve("good.txt")) && Files.exists(b.resolve("good.txt")));

            Thread.sleep(3000); // ref polls every second: a refused commit must not be tried (and logged) again
            String log = da.log();
            for (Map.Entry<String, String> r : refused.entrySet()) {
                assertEquals("logged once: " + r.getKey(), 1, log.split("refusing commit " + r.getKey(), -1).length - 1);
                String line = log.substring(log.indexOf("refusing commit " + r.getKey()));
                line = line.substring(0, line.indexOf('\n'));
                assertTrue(line, line.contains("from a peer that pushed synced/master"));
                assertTrue(line, line.contains("'" + r.getValue() + "'"));
            }
            assertTrue(status(da), status(da).contains("\"refusedCommits\":[{\"remote\":\"a peer that pushed synced/master\""));
        }
        assertEquals("", run(a, "git", "status", "--porcelain").trim());
    }

    private static String status(Daemon d) {
        try {
            return d.get("/system/console/annex/status.json").body();
        } catch (Exception e) {
            return "";
        }
    }
}
