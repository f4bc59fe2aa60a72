package org.annex.assistant.transfer.impl.queue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Transfers with remotes whose volume is unmounted: kept, not run (each would fail, and be retried for
 * hours), until the volume is mounted again. Kept rather than refused: the scan that asked for them has
 * recorded its last scan and would not ask again. Not thread-safe: the queue's lock guards it.
 */
final class ParkedTransfers {
    private final Set<String> unmounted = new HashSet<>();
    private final Map<String, List<TransferJob>> parked = new HashMap<>();

    void unmounted(String remote) {
        unmounted.add(remote);
    }

    /** The remote's volume is back: its parked transfers, to be queued. */
    List<TransferJob> mounted(String remote) {
        unmounted.remove(remote);
        List<TransferJob> jobs = parked.remove(remote);
        return jobs == null ? List.of() : jobs;
    }

    /** Keeps the job if its remote is unmounted; whether it did. */
    boolean park(TransferJob job) {
        if (!unmounted.contains(job.id.remote())) {
            return false;
        }
        parked.computeIfAbsent(job.id.remote(), r -> new ArrayList<>()).add(job);
        return true;
    }

    List<TransferJob> all() {
        List<TransferJob> out = new ArrayList<>();
        parked.values().forEach(out::addAll);
        return out;
    }

    void clear() {
        parked.clear();
    }
}
