package org.annex.assistant.api.annex;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The content of an unlocked file: in git always, and in the work tree while the content is absent, the
 * pointer {@code /annex/objects/KEYFILE\n}.
 *
 * <p>What git-annex 10.20230126 reads as a pointer (tried with {@code git annex lookupkey} on blobs, and
 * {@code git add} of work-tree files): at most {@link #MAX_SIZE} bytes (32768 was a pointer, 32769 was not,
 * for blobs and work-tree files alike); its first line, without a trailing {@code \r}, is an annex link
 * ({@link AnnexLink#parse}); after that line at most its one {@code \n} (a second newline or a second line
 * makes it content).
 */
public final class PointerFile {
    /** git-annex's maxPointerSz: anything bigger is content, whatever it starts with, and is never read. */
    public static final int MAX_SIZE = 32768;

    private PointerFile() {
    }

    /** The pointer text git-annex writes for a key. */
    public static String text(Key key) {
        return "/annex/objects/" + key.fileName() + "\n";
    }

    /** {@link #text(Key)} in UTF-8, as it is stored. */
    public static byte[] bytes(Key key) {
        return text(key).getBytes(StandardCharsets.UTF_8);
    }

    /** The key a pointer names, or empty if the bytes are not a pointer to a valid key. */
    public static Optional<Key> parse(byte[] content) {
        if (content.length > MAX_SIZE) {
            return Optional.empty();
        }
        int end = 0;
        while (end < content.length && content[end] != '\n') {
            end++;
        }
        if (end < content.length - 1) {
            return Optional.empty();
        }
        if (end > 0 && content[end - 1] == '\r') {
            end--;
        }
        return AnnexLink.parse(new String(content, 0, end, StandardCharsets.UTF_8));
    }
}
