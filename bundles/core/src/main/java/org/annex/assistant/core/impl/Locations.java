package org.annex.assistant.core.impl;

import java.io.IOException;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.annex.assistant.api.annex.Key;
import org.annex.assistant.api.annex.LocationLogPath;
import org.annex.assistant.core.impl.branch.AnnexBranch;
import org.annex.assistant.core.impl.branch.Journal;

/** Per-key location logs ({@link LocationLogPath}): which repositories hold a key's content. */
final class Locations {
    private Locations() {
    }

    static Set<String> present(AnnexBranch branch, Key key) throws IOException {
        String path = LocationLogPath.of(key);
        byte[] content = branch.read(path);
        return content == null ? Collections.emptySet() : present(content, path);
    }

    /**
     * The locations of every key that has a location log, reading the whole branch in one pass. Paths
     * that do not name a valid key, or do not sit in that key's own hash directory, are skipped.
     */
    static Map<Key, Set<String>> all(AnnexBranch branch) throws IOException {
        Map<Key, Set<String>> out = new HashMap<>();
        branch.forEach(LocationLogPath::hasShape,
                (path, content) -> LocationLogPath.keyOf(path).ifPresent(key -> out.put(key, present(content, path))));
        return out;
    }

    private static Set<String> present(byte[] content, String path) {
        Set<String> out = new TreeSet<>();
        for (LogLines.Entry e : LogLines.locationLog(content, path).values()) {
            if (e.value.equals("1")) {
                out.add(e.subject);
            }
        }
        return out;
    }

    /**
     * Journals a new line for {@code uuid}, keeping the newest line of every other repository. A clock
     * behind the log's newest time for that uuid still wins: the new line gets a later timestamp.
     */
    static void set(AnnexBranch branch, Key key, String uuid, boolean isPresent) throws IOException {
        set(branch, key, uuid, isPresent, Set.of());
    }

    /**
     * {@link #set(AnnexBranch, Key, String, boolean)}, and in the same journal write a line saying each of
     * {@code alsoPresent} holds the key, for those the log does not already say so.
     */
    static void set(AnnexBranch branch, Key key, String uuid, boolean isPresent, Set<String> alsoPresent) throws IOException {
        for (String u : alsoPresent) {
            if (!LogLines.UUID.matcher(u).matches()) {
                throw new IllegalArgumentException("not a repository uuid: " + u);
            }
        }
        if (!LogLines.UUID.matcher(uuid).matches()) {
            throw new IllegalArgumentException("not a repository uuid: " + uuid);
        }
        String path = LocationLogPath.of(key);
        Journal journal = branch.journal();
        journal.locked(() -> {
            byte[] old = branch.read(path);
            Map<String, LogLines.Entry> entries = LogLines.locationLog(old == null ? new byte[0] : old, path);
            entries.put(uuid, new LogLines.Entry(uuid, isPresent ? "1" : "0", LogWriter.after(entries.get(uuid))));
            for (String u : alsoPresent) {
                LogLines.Entry e = entries.get(u);
                if (e == null || !e.value.equals("1")) {
                    entries.put(u, new LogLines.Entry(u, "1", LogWriter.after(e)));
                }
            }
            journal.write(path, LogLines.formatLocationLog(entries.values()));
            return null;
        });
    }
}
