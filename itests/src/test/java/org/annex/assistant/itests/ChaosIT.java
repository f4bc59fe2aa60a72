package org.annex.assistant.itests;

import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;

import org.annex.assistant.testsupport.Daemon;
import org.annex.assistant.testsupport.Git;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * Hot swapping is safe, not only possible (as Sling event's ChaosIT shows for its jobs): two clones A and B,
 * each with its daemon; a burst of small files (half annexed, half in git) dropped into A; while it syncs,
 * A's gitsync and transfer bundles are restarted several times at random moments, and B's once. At the end
 * every file is in B with its bytes, git-annex's and git's fsck pass in both, no temporary file is left
 * over, both daemons run with every component active, and no other bundle or component was restarted.
 *
 * <p>The moments and orders come from a seed, printed first ({@code -Dchaos.seed} runs that seed again;
 * the timing of the daemons under it is not repeatable). {@code -Dchaos.rounds} (restarts of A, 4) and
 * {@code -Dchaos.files} (1000) make it longer: {@code bench/chaos.sh}.
 */
public class ChaosIT {
    private static final List<String> RESTARTED = List.of("org.annex.assistant.gitsync", "org.annex.assistant.transfer");
    /** After the last restart: the burst alone takes 10-20 s between two daemons on a loaded 2-core machine. */
    private static final long SYNC_TIMEOUT_MS = 240_000;

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    @Test
    public void burstArrivesWhileGitSyncAndTransferRestart() throws Exception {
        long seed = Long.getLong("chaos.seed", new Random().nextLong());
        int rounds = Integer.getInteger("chaos.rounds", 4);
        FileBurst burst = new FileBurst("burst", Integer.getInteger("chaos.files", 1000), seed);
        System.out.println("ChaosIT seed " + seed + " (-Dchaos.seed=" + seed + " to use it again): " + burst.size()
                + " files (" + burst.annexed() + " annexed), " + rounds + " restarts of A's " + RESTARTED + ", 1 of B's");

        Path a = Git.annexInit(tmp.getRoot().toPath().resolve("a"), "A");
        Path b = Git.cloneAnnex(a, tmp.getRoot().toPath().resolve("b"), "B", "a", "b");
        Files.writeString(a.resolve(".gitattributes"), FileBurst.LARGEFILES);
        List<String> problems = new ArrayList<>();
        String logs;
        BundleRestarts chaos = new BundleRestarts(new Random(seed), RESTARTED);
        try (Daemon da = Daemon.start(a); Daemon db = Daemon.start(b)) {
            ConsoleSnapshot beforeA = ConsoleSnapshot.allActive(da, 30_000);
            ConsoleSnapshot beforeB = ConsoleSnapshot.allActive(db, 30_000);
            assertTrue("A before the burst: " + beforeA.inactive(), beforeA.inactive().isEmpty());
            assertTrue("B before the burst: " + beforeB.inactive(), beforeB.inactive().isEmpty());

            chaos.start(chaos.plan(new BundleRestarts.Target("A", da), rounds, new BundleRestarts.Target("B", db)));
            long t0 = System.nanoTime();
            burst.writeInto(a);
            chaos.await();
            long chaosMs = (System.nanoTime() - t0) / 1_000_000;
            long end = System.currentTimeMillis() + SYNC_TIMEOUT_MS;
            long nextReport = 0;
            while (!burst.isIn(b) && System.currentTimeMillis() < end) {
                if (System.currentTimeMillis() >= nextReport) {
                    // A plateau here is a wait for a timer (a retry, a periodic scan) rather than for work.
                    System.out.println("chaos: +" + (System.nanoTime() - t0) / 1_000_000_000 + " s after the burst, B has "
                            + burst.arrivedIn(b) + " of its files");
                    nextReport = System.currentTimeMillis() + 10_000;
                }
                Thread.sleep(200);
            }
            logs = warnings("A", da) + warnings("B", db);
            List<String> missing = burst.problems(b);
            if (!missing.isEmpty()) {
                problems.add("B, " + SYNC_TIMEOUT_MS / 1000 + " s after the last restart:");
                problems.addAll(missing);
                problems.add("A's queue: " + da.get("/system/console/annex-transfers/transfers.json").body());
                problems.add("B's queue: " + db.get("/system/console/annex-transfers/transfers.json").body());
            } else {
                System.out.println("burst in B " + (System.nanoTime() - t0) / 1_000_000 + " ms after it was written; the "
                        + "restarts took " + chaosMs + " ms");
            }
            check(problems, "A's daemon", da.alive() ? List.of() : List.of("exited"));
            check(problems, "B's daemon", db.alive() ? List.of() : List.of("exited"));
            check(problems, "A's console", ConsoleSnapshot.allActive(da, 30_000).changesSince(beforeA, Set.copyOf(RESTARTED)));
            check(problems, "B's console", ConsoleSnapshot.allActive(db, 30_000).changesSince(beforeB, Set.copyOf(RESTARTED)));
        }
        // The daemons are stopped first: git-annex's fsck then judges what they left, not a moving target.
        check(problems, "A's burst", burst.problems(a));
        for (Path repo : List.of(a, b)) {
            String name = repo.getFileName().toString().toUpperCase();
            check(problems, name, RepositoryChecks.annexFsck(repo));
            check(problems, name, RepositoryChecks.gitFsck(repo));
            check(problems, name + "'s .git/annex/tmp", RepositoryChecks.leftoverTemporaryFiles(repo));
        }
        assertTrue(String.join("\n", problems) + "\nrestarts (seed " + seed + "):\n" + String.join("\n", chaos.log())
                + "\n" + logs, problems.isEmpty());
    }

    private static void check(List<String> problems, String what, List<String> found) {
        found.forEach(f -> problems.add(what + ": " + f));
    }

    /** The daemon's warnings and errors (the last 40), which say what went wrong inside it. */
    private static String warnings(String name, Daemon d) throws IOException {
        List<String> lines = d.log().lines().filter(l -> l.contains("WARN") || l.contains("ERROR")).toList();
        return name + "'s log, warnings and errors (" + lines.size() + "):\n"
                + String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size())) + "\n";
    }
}
