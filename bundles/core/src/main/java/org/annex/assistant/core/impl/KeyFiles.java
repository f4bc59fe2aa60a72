package org.annex.assistant.core.impl;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

import org.annex.assistant.api.annex.Key;

/**
 * What a work-tree file or a git blob is to git-annex: a pointer of an unlocked file
 * ({@code /annex/objects/KEY\n}), a symlink into the object store (a locked file), or plain content.
 */
public final class KeyFiles {
    /** Pointer files are small; anything bigger is content whatever it starts with. */
    static final int MAX_POINTER_SIZE = 32 * 1024;
    private static final String POINTER_PREFIX = "/annex/objects/";
    private static final String LINK_MARK = "annex/objects/";

    public enum Kind { POINTER, ANNEX_LINK, PLAIN }

    /** The classification, with the key for pointers and annex links. */
    public static final class Classified {
        public final Kind kind;
        public final Key key;

        Classified(Kind kind, Key key) {
            this.kind = kind;
            this.key = key;
        }
    }

    private static final Classified PLAIN = new Classified(Kind.PLAIN, null);

    private KeyFiles() {
    }

    /** The inverse of {@link Key#fileName()}: {@code % -> /, &c -> :, &s -> %, &a -> &}. */
    public static Key fromFileName(String fileName) {
        StringBuilder b = new StringBuilder(fileName.length());
        for (int i = 0; i < fileName.length(); i++) {
            char c = fileName.charAt(i);
            if (c == '%') {
                b.append('/');
            } else if (c == '&' && i + 1 < fileName.length()) {
                char n = fileName.charAt(++i);
                switch (n) {
                    case 'c': b.append(':'); break;
                    case 's': b.append('%'); break;
                    case 'a': b.append('&'); break;
                    default: b.append('&').append(n);
                }
            } else {
                b.append(c);
            }
        }
        return Key.parse(b.toString());
    }

    /** The key a pointer file names, or null if the bytes are not exactly a pointer. */
    public static Key parsePointer(byte[] content) {
        if (content.length > MAX_POINTER_SIZE) {
            return null;
        }
        String text = new String(content, StandardCharsets.UTF_8);
        if (text.endsWith("\n")) {
            text = text.substring(0, text.length() - 1);
        }
        if (!text.startsWith(POINTER_PREFIX) || text.indexOf('\n') >= 0) {
            return null;
        }
        try {
            return fromFileName(text.substring(POINTER_PREFIX.length()));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The key a symlink target points to, if it points into an annex object store. */
    public static Key parseLinkTarget(String target) {
        int mark = target.lastIndexOf(LINK_MARK);
        if (mark < 0) {
            return null;
        }
        String rest = target.substring(mark + LINK_MARK.length());
        String[] parts = rest.split("/", -1);
        // hashdirs/KEY/KEY: the last two components are the key file name twice.
        if (parts.length < 2 || !parts[parts.length - 1].equals(parts[parts.length - 2])) {
            return null;
        }
        try {
            return fromFileName(parts[parts.length - 1]);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    public static String pointer(Key key) {
        return POINTER_PREFIX + key.fileName() + "\n";
    }

    /** Classifies a git blob given its file mode bits as stored in a tree (symlinks have 0120000). */
    public static Classified classifyBlob(byte[] content, boolean symlink) {
        Key key = symlink ? parseLinkTarget(new String(content, StandardCharsets.UTF_8)) : parsePointer(content);
        return key == null ? PLAIN : new Classified(symlink ? Kind.ANNEX_LINK : Kind.POINTER, key);
    }

    /** Classifies a work-tree file (not following symlinks). */
    public static Classified classify(Path file) throws IOException {
        if (Files.isSymbolicLink(file)) {
            return classifyBlob(Files.readSymbolicLink(file).toString().getBytes(StandardCharsets.UTF_8), true);
        }
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)
                || Files.size(file) > MAX_POINTER_SIZE) {
            return PLAIN;
        }
        return classifyBlob(Files.readAllBytes(file), false);
    }

    /** The symlink text a locked file at {@code relativePath} (from the work-tree root) has. */
    public static String linkTarget(String relativePath, Key key) {
        int depth = 0;
        for (int i = 0; i < relativePath.length(); i++) {
            if (relativePath.charAt(i) == '/') {
                depth++;
            }
        }
        return "../".repeat(depth) + ".git/annex/objects/" + key.objectPath();
    }
}
