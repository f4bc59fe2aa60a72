package org.annex.assistant.core.impl.branch;

import java.io.IOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.Repository;

/**
 * The journal's files as they were when read, and their blobs, written without the journal lock so that
 * a commit or merge holds the lock only for what changed since. Under the lock, {@link #changedSince}
 * gives the files written or changed after the snapshot.
 */
final class JournalSnapshot {
    private final Journal journal;
    private final Map<String, byte[]> contents = new HashMap<>();
    /** The blob of every journal file read, by branch path. */
    final Map<String, ObjectId> blobs = new TreeMap<>();

    private JournalSnapshot(Journal journal) {
        this.journal = journal;
    }

    /** An empty snapshot: every journal file then counts as written since. */
    static JournalSnapshot empty(Journal journal) {
        return new JournalSnapshot(journal);
    }

    /** Reads every journal file and writes its blob. */
    static JournalSnapshot read(Repository repo, Journal journal) throws IOException {
        JournalSnapshot s = new JournalSnapshot(journal);
        try (ObjectInserter ins = repo.newObjectInserter()) {
            for (String p : journal.list()) {
                byte[] content = journal.read(p);
                if (content != null) {
                    s.contents.put(p, content);
                    s.blobs.put(p, ins.insert(Constants.OBJ_BLOB, content));
                }
            }
            ins.flush();
        }
        return s;
    }

    /** Call under the lock: the journal's files now, those unchanged since the snapshot left out. */
    Map<String, byte[]> changedSince(List<String> paths) throws IOException {
        Map<String, byte[]> out = new TreeMap<>();
        for (String p : paths) {
            byte[] content = journal.read(p);
            if (content != null && !Arrays.equals(content, contents.get(p))) {
                out.put(p, content);
            }
        }
        return out;
    }
}
