package org.annex.assistant.core;

import java.io.IOException;
import java.util.Optional;

import org.annex.assistant.api.annex.AnnexedFile;
import org.annex.assistant.api.annex.Key;
import org.annex.assistant.api.annex.PointerFile;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;

/** git-annex's file formats ({@link AnnexedFile}) read from git tree entries with JGit. */
public final class AnnexedBlobs {
    private AnnexedBlobs() {
    }

    /**
     * The key of a tree entry that is an unlocked pointer file or a locked annex symlink; empty for anything
     * else (plain git files, trees, gitlinks, malformed keys, which stay as they are). A blob larger than a
     * pointer can be is never loaded.
     */
    public static Optional<Key> keyOf(ObjectReader reader, FileMode mode, ObjectId blob) throws IOException {
        boolean link = FileMode.SYMLINK.equals(mode);
        if (!link && !FileMode.REGULAR_FILE.equals(mode) && !FileMode.EXECUTABLE_FILE.equals(mode)) {
            return Optional.empty();
        }
        if (reader.getObjectSize(blob, Constants.OBJ_BLOB) > PointerFile.MAX_SIZE) {
            return Optional.empty();
        }
        byte[] content = reader.open(blob, Constants.OBJ_BLOB).getCachedBytes(PointerFile.MAX_SIZE);
        return AnnexedFile.ofBlob(content, link).key();
    }
}
