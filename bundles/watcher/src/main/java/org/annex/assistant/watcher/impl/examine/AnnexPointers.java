package org.annex.assistant.watcher.impl.examine;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

import org.annex.assistant.api.annex.Key;
import org.annex.assistant.api.annex.KeyFormatException;

/** git-annex's pointer files and annex symlinks, as the watcher reads and writes them. */
final class AnnexPointers {
    private static final byte[] POINTER_PREFIX = "/annex/objects/".getBytes(StandardCharsets.US_ASCII);
    private static final String LINK_MARK = ".git/annex/objects/";
    /** Longest pointer file read when checking for content-less unlocked files. */
    static final int MAX_POINTER = 1024;

    private AnnexPointers() {
    }

    static byte[] pointerBytes(Key key) {
        return ("/annex/objects/" + key + "\n").getBytes(StandardCharsets.UTF_8);
    }

    /** The key of a pointer file's content ({@code /annex/objects/KEY} and an optional newline). */
    static Optional<Key> pointerKey(byte[] content) {
        if (content.length <= POINTER_PREFIX.length) {
            return Optional.empty();
        }
        for (int i = 0; i < POINTER_PREFIX.length; i++) {
            if (content[i] != POINTER_PREFIX[i]) {
                return Optional.empty();
            }
        }
        int end = content.length;
        if (content[end - 1] == '\n') {
            end--;
        }
        return parseKey(new String(content, POINTER_PREFIX.length, end - POINTER_PREFIX.length,
                StandardCharsets.UTF_8));
    }

    /** The key a symlink points at, if it points into an annex object store. */
    static Optional<Key> annexKeyOfLink(byte[] target) {
        String t = new String(target, StandardCharsets.UTF_8);
        int mark = t.lastIndexOf(LINK_MARK);
        if (mark < 0) {
            return Optional.empty();
        }
        String fileName = t.substring(t.lastIndexOf('/') + 1);
        StringBuilder k = new StringBuilder();
        for (int i = 0; i < fileName.length(); i++) {
            char c = fileName.charAt(i);
            if (c == '%') {
                k.append('/');
            } else if (c == '&' && i + 1 < fileName.length()) {
                char n = fileName.charAt(++i);
                k.append(n == 'a' ? '&' : n == 's' ? '%' : n == 'c' ? ':' : '?');
            } else {
                k.append(c);
            }
        }
        return parseKey(k.toString());
    }

    private static Optional<Key> parseKey(String text) {
        try {
            return Optional.of(Key.parse(text));
        } catch (KeyFormatException e) {
            return Optional.empty();
        }
    }
}
