package org.annex.assistant.api.annex;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What a git blob or a work-tree file is to git-annex: a {@link PointerFile pointer} (an unlocked file),
 * an {@link AnnexLink annex symlink} (a locked file), or plain content. Nothing bigger than
 * {@link PointerFile#MAX_SIZE} is read.
 */
public final class AnnexedFile {
    public enum Kind { POINTER, ANNEX_LINK, PLAIN }

    private static final AnnexedFile PLAIN = new AnnexedFile(Kind.PLAIN, null);

    private final Kind kind;
    private final Key key;

    private AnnexedFile(Kind kind, Key key) {
        this.kind = kind;
        this.key = key;
    }

    /** Classifies a git blob; {@code symlink} when its tree entry has mode 120000 (the blob is the link text). */
    public static AnnexedFile ofBlob(byte[] content, boolean symlink) {
        if (content.length > PointerFile.MAX_SIZE) {
            return PLAIN;
        }
        Optional<Key> key = symlink ? AnnexLink.parse(new String(content, StandardCharsets.UTF_8))
                : PointerFile.parse(content);
        return key.map(k -> new AnnexedFile(symlink ? Kind.ANNEX_LINK : Kind.POINTER, k)).orElse(PLAIN);
    }

    /** Classifies a work-tree file, not following symlinks; directories and other non-files are plain. */
    public static AnnexedFile of(Path file) throws IOException {
        if (Files.isSymbolicLink(file)) {
            return ofBlob(Files.readSymbolicLink(file).toString().getBytes(StandardCharsets.UTF_8), true);
        }
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) || Files.size(file) > PointerFile.MAX_SIZE) {
            return PLAIN;
        }
        return ofBlob(Files.readAllBytes(file), false);
    }

    public Kind kind() {
        return kind;
    }

    /** The key of a pointer or annex link; empty for plain content. */
    public Optional<Key> key() {
        return Optional.ofNullable(key);
    }
}
