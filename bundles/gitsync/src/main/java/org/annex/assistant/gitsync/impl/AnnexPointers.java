package org.annex.assistant.gitsync.impl;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

import org.annex.assistant.api.annex.Key;
import org.annex.assistant.api.annex.KeyFormatException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectLoader;
import org.eclipse.jgit.lib.ObjectReader;

/** Recognises annexed files in git trees: unlocked pointer blobs and locked symlinks. */
final class AnnexPointers {
    /** git-annex ignores pointer files larger than this; so do we, and never load a big blob for it. */
    static final int MAX_POINTER_BYTES = 32 * 1024;
    private static final String OBJECTS = "/annex/objects/";

    private AnnexPointers() {
    }

    /** The key of an annexed entry, or empty for plain git files (and for malformed keys, kept as they are). */
    static Optional<Key> keyOf(ObjectReader reader, FileMode mode, ObjectId blob) throws IOException {
        if (!FileMode.REGULAR_FILE.equals(mode) && !FileMode.EXECUTABLE_FILE.equals(mode)
                && !FileMode.SYMLINK.equals(mode)) {
            return Optional.empty();
        }
        ObjectLoader loader = reader.open(blob, Constants.OBJ_BLOB);
        if (loader.getSize() > MAX_POINTER_BYTES) {
            return Optional.empty();
        }
        String text = new String(loader.getCachedBytes(), StandardCharsets.UTF_8);
        return FileMode.SYMLINK.equals(mode) ? fromSymlink(text) : fromPointer(text);
    }

    static Optional<Key> fromPointer(String text) {
        if (!text.startsWith(OBJECTS)) {
            return Optional.empty();
        }
        int end = text.indexOf('\n');
        return parse(text.substring(OBJECTS.length(), end < 0 ? text.length() : end));
    }

    static Optional<Key> fromSymlink(String target) {
        int objects = target.indexOf("/annex/objects/");
        if (objects < 0) {
            return Optional.empty();
        }
        return parse(unescapeFileName(target.substring(target.lastIndexOf('/') + 1)));
    }

    private static Optional<Key> parse(String text) {
        try {
            return Optional.of(Key.parse(text));
        } catch (KeyFormatException e) {
            return Optional.empty();
        }
    }

    /** Reverses {@link Key#fileName()}: {@code % -> /, &c -> :, &s -> %, &a -> &}. */
    static String unescapeFileName(String name) {
        StringBuilder b = new StringBuilder(name.length());
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '%') {
                b.append('/');
            } else if (c == '&' && i + 1 < name.length()) {
                char n = name.charAt(++i);
                b.append(n == 'c' ? ':' : n == 's' ? '%' : n == 'a' ? '&' : n);
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    /** The text of an unlocked file whose content is not present. */
    static byte[] pointerText(Key key) {
        return (OBJECTS + key + "\n").getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The name git-annex gives one side of a conflicting annexed file: {@code dir/c.variant-47da.txt},
     * where 47da is the start of md5(key). Only the last extension stays after the tag, as Haskell's
     * takeExtension finds it (a dot file such as {@code .hidden} is all extension).
     */
    static String variantPath(String path, Key key) {
        int slash = path.lastIndexOf('/');
        String dir = path.substring(0, slash + 1);
        String name = path.substring(slash + 1);
        int dot = name.lastIndexOf('.');
        String base = dot < 0 ? name : name.substring(0, dot);
        String ext = dot < 0 ? "" : name.substring(dot);
        String md5 = Key.hex(md5(key.toString()));
        return dir + base + ".variant-" + md5.substring(0, 4) + ext;
    }

    private static byte[] md5(String s) {
        try {
            return java.security.MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK always has MD5", e);
        }
    }
}
