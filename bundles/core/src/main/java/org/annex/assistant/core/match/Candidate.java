package org.annex.assistant.core.match;

import java.util.Objects;

import org.annex.assistant.api.annex.Key;

/** What an expression is evaluated for: a file (and/or its key) in the eyes of one repository. */
public final class Candidate {
    /** Size when neither given nor in the key. */
    public static final long UNKNOWN_SIZE = -1;

    private final String path;
    private final Key key;
    private final long size;
    private final String uuid;

    /**
     * @param path relative path in the work tree, '/'-separated, or null when only the key is known
     * @param key the file's key, or null when not known (terms needing it then fail)
     * @param size content size in bytes, or {@link #UNKNOWN_SIZE} to take it from the key's -s field
     * @param uuid the repository whose preferred content is evaluated
     */
    public Candidate(String path, Key key, long size, String uuid) {
        this.path = path;
        this.key = key;
        this.size = size >= 0 || key == null ? size : key.size().orElse(UNKNOWN_SIZE);
        this.uuid = Objects.requireNonNull(uuid, "uuid");
    }

    /** A file with its key; the size comes from the key. */
    public static Candidate of(String path, Key key, String uuid) {
        return new Candidate(path, key, UNKNOWN_SIZE, uuid);
    }

    public String path() { return path; }
    public Key key() { return key; }
    /** Size in bytes, or {@link #UNKNOWN_SIZE}. */
    public long size() { return size; }
    public String uuid() { return uuid; }

    @Override
    public String toString() {
        return "Candidate[" + path + ", " + key + ", " + size + ", " + uuid + "]";
    }
}
