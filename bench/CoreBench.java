import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.annex.assistant.api.annex.Key;
import org.annex.assistant.core.impl.KeyHasher;
import org.annex.assistant.core.impl.LocalAnnexRepository;

/** Benchmarks of the core bundle; run by bench/core-hash.sh and bench/core-locations.sh. */
public class CoreBench {
    private static long count(Map<Key, Set<String>> all, String uuid) {
        long here = 0;
        for (Set<String> l : all.values()) {
            if (l.contains(uuid)) {
                here++;
            }
        }
        return here;
    }

    private static void report(String what, long start, Map<Key, Set<String>> all, String uuid, String source) {
        long here = count(all, uuid);
        System.out.printf("%-52s %8.4f s  (keys=%d here=%d, %s)%n", what, (System.nanoTime() - start) / 1e9, all.size(), here, source);
    }

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "hash": {
                Path file = Path.of(args[1]);
                long best = Long.MAX_VALUE;
                Key key = null;
                for (int i = 0; i < 3; i++) {
                    long t = System.nanoTime();
                    key = KeyHasher.computeKey("SHA256E", file, file.getFileName().toString());
                    best = Math.min(best, System.nanoTime() - t);
                }
                System.out.printf("java %s %.3f s%n", key, best / 1e9);
                break;
            }
            case "locations": {
                // The daemon's way: one JVM, warmed up, reading all locations again and again.
                Path repoDir = Path.of(args[1]);
                Path index = repoDir.resolve(".git/annex-assistant/locations.idx");
                try (LocalAnnexRepository repo = LocalAnnexRepository.open(repoDir, null)) {
                    for (int i = 0; i < 3; i++) {
                        long t = System.nanoTime();
                        Map<Key, Set<String>> all = repo.allLocationsUncached();
                        report("uncached (plain sequential read, run " + (i + 1) + ")", t, all, repo.uuid(), "-");
                    }
                }
                for (int i = 0; i < 3; i++) {
                    Files.deleteIfExists(index);
                    try (LocalAnnexRepository repo = LocalAnnexRepository.open(repoDir, null)) {
                        long t = System.nanoTime();
                        Map<Key, Set<String>> all = repo.allLocations();
                        report("cold, no index file (run " + (i + 1) + ")", t, all, repo.uuid(), repo.lastLocationsSource());
                    }
                }
                for (int i = 0; i < 3; i++) {
                    try (LocalAnnexRepository repo = LocalAnnexRepository.open(repoDir, null)) {
                        long t = System.nanoTime();
                        Map<Key, Set<String>> all = repo.allLocations();
                        report("warm, index file, new instance (run " + (i + 1) + ")", t, all, repo.uuid(), repo.lastLocationsSource());
                    }
                }
                try (LocalAnnexRepository repo = LocalAnnexRepository.open(repoDir, null)) {
                    repo.allLocations();
                    long[] times = new long[20];
                    Map<Key, Set<String>> all = null;
                    for (int i = 0; i < times.length; i++) {
                        long t = System.nanoTime();
                        all = repo.allLocations();
                        count(all, repo.uuid());
                        times[i] = System.nanoTime() - t;
                    }
                    Arrays.sort(times);
                    System.out.printf("%-52s %8.4f s  (median of %d, %s)%n", "warm, repeated read in the same instance",
                            times[times.length / 2] / 1e9, times.length, repo.lastLocationsSource());
                    // The branch moves as the daemon moves it: 100 keys change location, one journal commit.
                    List<Key> keys = new ArrayList<>(all.keySet());
                    Collections.sort(keys);
                    String elsewhere = "cccccccc-0000-4000-8000-000000000000";
                    for (int round = 0; round < 3; round++) {
                        for (int i = 0; i < 100; i++) {
                            repo.setLocation(keys.get(round * 1000 + i * 7), elsewhere, true);
                        }
                        long t = System.nanoTime();
                        all = repo.allLocations();
                        report("warm, 100 journalled changes (round " + (round + 1) + ")", t, all, repo.uuid(), repo.lastLocationsSource());
                        repo.commitJournal();
                        t = System.nanoTime();
                        all = repo.allLocations();
                        report("warm, branch moved by those 100 (round " + (round + 1) + ")", t, all, repo.uuid(), repo.lastLocationsSource());
                    }
                }
                break;
            }
            case "count": {
                // One whole process as a command-line tool would run: open, read all locations, count those here.
                try (LocalAnnexRepository repo = LocalAnnexRepository.open(Path.of(args[1]), null)) {
                    long t = System.nanoTime();
                    report("process", t, repo.allLocations(), repo.uuid(), repo.lastLocationsSource());
                }
                break;
            }
            default:
                throw new IllegalArgumentException("usage: CoreBench hash FILE | locations WORKTREE | count WORKTREE");
        }
    }
}
