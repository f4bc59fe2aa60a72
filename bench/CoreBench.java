import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

import org.annex.assistant.api.annex.Key;
import org.annex.assistant.core.impl.KeyHasher;
import org.annex.assistant.core.impl.LocalAnnexRepository;

/** Benchmarks of the core bundle; run by bench/core-hash.sh and bench/core-locations.sh. */
public class CoreBench {
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
                long t0 = System.nanoTime();
                try (LocalAnnexRepository repo = LocalAnnexRepository.open(Path.of(args[1]), null)) {
                    long t1 = System.nanoTime();
                    Map<Key, Set<String>> all = repo.allLocations();
                    long here = all.values().stream().filter(l -> l.contains(repo.uuid())).count();
                    long t2 = System.nanoTime();
                    System.out.printf("java bulk: keys=%d here=%d in %.3f s (open %.3f s)%n", all.size(), here,
                            (t2 - t1) / 1e9, (t1 - t0) / 1e9);
                    Set<Key> keys = repo.keysWithLocationLogs();
                    here = 0;
                    for (Key k : keys) {
                        if (repo.locations(k).contains(repo.uuid())) {
                            here++;
                        }
                    }
                    System.out.printf("java per key: keys=%d here=%d in %.3f s%n", keys.size(), here, (System.nanoTime() - t2) / 1e9);
                }
                break;
            }
            default:
                throw new IllegalArgumentException("usage: CoreBench hash FILE | locations WORKTREE");
        }
    }
}
