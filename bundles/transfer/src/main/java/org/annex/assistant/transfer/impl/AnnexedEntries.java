package org.annex.assistant.transfer.impl;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

import org.annex.assistant.api.annex.Key;
import org.annex.assistant.api.annex.KeyFormatException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;

/**
 * Recognises annexed files in git trees: a symlink whose target ends in {@code annex/objects/.../KEYFILE},
 * or a regular file whose blob is the pointer {@code /annex/objects/KEYFILE}.
 */
final class AnnexedEntries {
    private static final String POINTER = "/annex/objects/";
    /** Pointer blobs are short; anything longer is ordinary content and never read. */
    private static final int MAX_POINTER = 32 + 4 * Key.MAX_FILE_NAME_BYTES;

    private AnnexedEntries() {
    }

    static Optional<Key> keyOf(ObjectReader reader, FileMode mode, ObjectId blob) throws IOException {
        if (mode == FileMode.SYMLINK) {
            String target = read(reader, blob);
            int i = target.lastIndexOf("annex/objects/");
            if (target.length() > 4096 || i < 0) {
                return Optional.empty();
            }
            return parse(target.substring(target.lastIndexOf('/') + 1));
        }
        if (mode == FileMode.REGULAR_FILE || mode == FileMode.EXECUTABLE_FILE) {
            if (reader.getObjectSize(blob, Constants.OBJ_BLOB) > MAX_POINTER) {
                return Optional.empty();
            }
            String text = read(reader, blob);
            if (!text.startsWith(POINTER)) {
                return Optional.empty();
            }
            String keyFile = text.substring(POINTER.length());
            int nl = keyFile.indexOf('\n');
            return parse(nl < 0 ? keyFile : keyFile.substring(0, nl));
        }
        return Optional.empty();
    }

    private static String read(ObjectReader reader, ObjectId blob) throws IOException {
        return new String(reader.open(blob, Constants.OBJ_BLOB).getCachedBytes(MAX_POINTER * 4), StandardCharsets.UTF_8);
    }

    /** A key from its file name form; names that are not keys (or are hostile) are not annexed files. */
    static Optional<Key> parse(String keyFile) {
        StringBuilder b = new StringBuilder(keyFile.length());
        for (int i = 0; i < keyFile.length(); i++) {
            char c = keyFile.charAt(i);
            if (c == '%') {
                b.append('/');
            } else if (c == '&' && i + 1 < keyFile.length()) {
                char n = keyFile.charAt(++i);
                switch (n) {
                    case 'a': b.append('&'); break;
                    case 's': b.append('%'); break;
                    case 'c': b.append(':'); break;
                    default: return Optional.empty();
                }
            } else {
                b.append(c);
            }
        }
        try {
            return Optional.of(Key.parse(b.toString()));
        } catch (KeyFormatException e) {
            return Optional.empty();
        }
    }
}
