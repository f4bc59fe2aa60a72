package org.annex.assistant.transfer.impl.scan;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.annex.assistant.api.annex.Key;
import org.annex.assistant.api.annex.KeyFormatException;
import org.eclipse.jgit.lib.ObjectId;

/**
 * Which work-tree files hold which key, as of one commit. Lets a change in a location log be traced to
 * its files without walking the tree; kept on disk so a restart does not need a full walk either.
 * File format: the commit id on the first line, then {@code path NUL key NUL} records.
 */
final class KeyIndex {
    private ObjectId commit;
    private final Map<String, Key> byPath = new HashMap<>();
    private final Map<Key, Set<String>> byKey = new HashMap<>();

    KeyIndex(ObjectId commit) {
        this.commit = commit;
    }

    ObjectId commit() {
        return commit;
    }

    void setCommit(ObjectId c) {
        commit = c;
    }

    void put(String path, Key key) {
        remove(path);
        byPath.put(path, key);
        byKey.computeIfAbsent(key, k -> new LinkedHashSet<>()).add(path);
    }

    void remove(String path) {
        Key old = byPath.remove(path);
        if (old != null) {
            Set<String> paths = byKey.get(old);
            paths.remove(path);
            if (paths.isEmpty()) {
                byKey.remove(old);
            }
        }
    }

    /** One file that holds the key (the first seen), or empty if no file does. */
    Optional<String> fileOf(Key key) {
        Set<String> paths = byKey.get(key);
        return paths == null ? Optional.empty() : Optional.of(paths.iterator().next());
    }

    int size() {
        return byPath.size();
    }

    static Optional<KeyIndex> load(Path file) throws IOException {
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String head = r.readLine();
            if (head == null || !ObjectId.isId(head)) {
                return Optional.empty();
            }
            KeyIndex index = new KeyIndex(ObjectId.fromString(head));
            StringBuilder field = new StringBuilder();
            String path = null;
            for (int c; (c = r.read()) >= 0; ) {
                if (c != 0) {
                    field.append((char) c);
                } else if (path == null) {
                    path = field.toString();
                    field.setLength(0);
                } else {
                    index.put(path, Key.parse(field.toString()));
                    path = null;
                    field.setLength(0);
                }
            }
            return Optional.of(index);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (KeyFormatException e) {
            // A damaged index only costs a full walk.
            return Optional.empty();
        }
    }

    void save(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            w.write(commit.name());
            w.write('\n');
            for (Map.Entry<String, Key> e : byPath.entrySet()) {
                w.write(e.getKey());
                w.write(0);
                w.write(e.getValue().toString());
                w.write(0);
            }
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
