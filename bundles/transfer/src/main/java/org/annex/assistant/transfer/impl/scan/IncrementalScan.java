package org.annex.assistant.transfer.impl.scan;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.annex.assistant.api.annex.AnnexRepository;
import org.annex.assistant.api.annex.AnnexedChange;
import org.annex.assistant.api.annex.Key;
import org.annex.assistant.api.remote.Remote;
import org.eclipse.jgit.lib.ObjectId;

/**
 * A scan from the remotes' last scans: the annexed files changed between each last work-tree commit and the
 * current one, and the keys whose location logs changed between each last git-annex branch commit and the
 * current one (traced to a file through the {@link KeyIndex}), each key checked once.
 */
final class IncrementalScan {
    private final AnnexRepository repository;
    private final KeyIndex index;
    private final KeyCheck check;
    private final TransferScanner.Stats stats;

    IncrementalScan(AnnexRepository repository, KeyIndex index, KeyCheck check, TransferScanner.Stats stats) {
        this.repository = repository;
        this.index = index;
        this.check = check;
        this.stats = stats;
    }

    /** Checks what changed since each of {@code since} for {@code targets}; downloads may come from {@code all}. */
    void run(ObjectId head, ObjectId annex, Set<LastScans.Scan> since, List<Remote> targets, List<Remote> all)
            throws IOException {
        updateIndex(head);
        Map<Key, String> candidates = new LinkedHashMap<>();
        for (LastScans.Scan s : since) {
            changedFiles(s.head(), head, candidates);
            if (annex != null) {
                changedLocations(s.annex(), annex, candidates);
            }
        }
        for (Map.Entry<Key, String> e : candidates.entrySet()) {
            check.check(e.getKey(), e.getValue(), targets, all, all, true);
        }
    }

    /** Brings the key index from the commit it reflects to the current one. */
    private void updateIndex(ObjectId head) throws IOException {
        if (index.commit().equals(head)) {
            return;
        }
        repository.changedAnnexedFiles(index.commit().name(), head.name(), c -> {
            stats.entriesVisited++;
            if (c.change() == AnnexedChange.Change.DELETED) {
                index.remove(c.path());
            } else {
                index.put(c.path(), c.key());
            }
        });
    }

    /** Annexed files added or changed between two work-tree commits. */
    private void changedFiles(ObjectId from, ObjectId to, Map<Key, String> out) throws IOException {
        if (from.equals(to)) {
            return;
        }
        repository.changedAnnexedFiles(from.name(), to.name(), c -> {
            stats.entriesVisited++;
            if (c.change() != AnnexedChange.Change.DELETED) {
                out.putIfAbsent(c.key(), c.path());
            }
        });
    }

    /** Keys whose location logs changed between two git-annex branch commits, with a file that holds each. */
    private void changedLocations(ObjectId from, ObjectId to, Map<Key, String> out) throws IOException {
        if (from.equals(to)) {
            return;
        }
        String since = from.equals(ObjectId.zeroId()) ? null : from.name();
        repository.changedLocationLogs(since, to.name(), k -> {
            stats.branchFilesVisited++;
            index.fileOf(k).ifPresent(f -> out.putIfAbsent(k, f));
        });
    }
}
