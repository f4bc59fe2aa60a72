package org.annex.assistant.api.annex;

import java.util.Optional;

/**
 * Where a key's location log lives in the git-annex branch: {@code <hashdirlower><keyfile>.log}, such as
 * {@code d91/b11/SHA256E-s6--5891...be03.txt.log} or {@code 73f/fe6/URL--http&c%%example.com%a&sb&ac&cd.log}
 * (the key escaped as {@link Key#fileName()}, the hash directories of the unescaped key). The other per-key
 * logs git-annex keeps beside it ({@code .log.web} URLs, {@code .log.met} metadata, ...) are not location logs.
 */
public final class LocationLogPath {
    private static final String SUFFIX = ".log";

    private LocationLogPath() {
    }

    /** The branch path of a key's location log. */
    public static String of(Key key) {
        return key.hashDirLower() + key.fileName() + SUFFIX;
    }

    /**
     * Whether a branch path has the shape of a location log, {@code xxx/yyy/NAME.log}: a cheap test to skip
     * the other files of the branch before {@link #keyOf(String)}.
     */
    public static boolean hasShape(String path) {
        return path.length() > 12 && path.charAt(3) == '/' && path.charAt(7) == '/' && path.endsWith(SUFFIX)
                && path.indexOf('/', 8) < 0;
    }

    /**
     * The key whose location log is at {@code path}, or empty if the path is not one: not of that shape, not a
     * valid key, or not in that key's own hash directories (git-annex never reads a log there).
     */
    public static Optional<Key> keyOf(String path) {
        if (!hasShape(path)) {
            return Optional.empty();
        }
        try {
            Key key = Key.fromFileName(path.substring(8, path.length() - SUFFIX.length()));
            return of(key).equals(path) ? Optional.of(key) : Optional.empty();
        } catch (KeyFormatException e) {
            return Optional.empty();
        }
    }
}
