package org.annex.assistant.api.annex;

import java.util.Optional;

/**
 * The symlink of a locked file: {@code ../../.git/annex/objects/mK/4w/KEYFILE/KEYFILE}, relative to the
 * link's own directory, so one {@code ../} per directory the file sits in.
 *
 * <p>git-annex reads a link (and the first line of a pointer file, {@link PointerFile}) as annexed when it
 * holds {@code /annex/objects/} anywhere, and takes the key from its last path component; the directories
 * in between are not checked (git-annex 10.20230126: {@code x/annex/objects/KEY} and
 * {@code .git/annex/objects/aa/bb/KEY1/KEY2} are KEY and KEY2, {@code annex/objects/KEY} is no link).
 */
public final class AnnexLink {
    /** What makes a link or pointer line point into an annex: git-annex's isLinkToAnnex. */
    static final String MARK = "/annex/objects/";

    private AnnexLink() {
    }

    /** The link text git-annex gives a locked file at {@code path} (from the work-tree root, '/'-separated). */
    public static String target(String path, Key key) {
        int depth = 0;
        for (int i = 0; i < path.length(); i++) {
            if (path.charAt(i) == '/') {
                depth++;
            }
        }
        return "../".repeat(depth) + ".git/annex/objects/" + key.objectPath();
    }

    /** The key a link points to, or empty if it does not point into an annex or names no valid key. */
    public static Optional<Key> parse(String target) {
        if (!target.contains(MARK)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Key.fromFileName(target.substring(target.lastIndexOf('/') + 1)));
        } catch (KeyFormatException e) {
            return Optional.empty();
        }
    }
}
