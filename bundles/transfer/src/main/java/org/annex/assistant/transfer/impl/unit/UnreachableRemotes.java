package org.annex.assistant.transfer.impl.unit;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Remotes of one repository that became unreachable, and since when: a long absence is worth a scan. */
final class UnreachableRemotes {
    private final Map<String, Long> since = new HashMap<>();

    synchronized void unreachable(String remote, long now) {
        since.putIfAbsent(remote, now);
    }

    synchronized void reachable(String remote) {
        since.remove(remote);
    }

    /** The remotes unreachable for at least {@code limitMillis}, forgotten here (until they go away again). */
    synchronized List<String> takeAbsentFor(long limitMillis, long now) {
        List<String> due = new ArrayList<>();
        since.entrySet().removeIf(e -> {
            if (now - e.getValue() >= limitMillis) {
                due.add(e.getKey());
                return true;
            }
            return false;
        });
        return due;
    }
}
