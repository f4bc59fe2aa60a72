package org.annex.assistant.transfer.impl;

import java.io.IOException;
import java.util.Optional;

import org.annex.assistant.api.annex.AnnexedFile;
import org.annex.assistant.api.annex.Key;
import org.annex.assistant.api.annex.PointerFile;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;

/** Recognises annexed files in git trees: locked symlinks and unlocked pointer blobs ({@link AnnexedFile}). */
final class AnnexedEntries {
    private AnnexedEntries() {
    }

    static Optional<Key> keyOf(ObjectReader reader, FileMode mode, ObjectId blob) throws IOException {
        boolean symlink = mode == FileMode.SYMLINK;
        if (!symlink && mode != FileMode.REGULAR_FILE && mode != FileMode.EXECUTABLE_FILE) {
            return Optional.empty();
        }
        // Pointer blobs are short; anything longer is ordinary content and never read.
        if (reader.getObjectSize(blob, Constants.OBJ_BLOB) > PointerFile.MAX_SIZE) {
            return Optional.empty();
        }
        return AnnexedFile.ofBlob(reader.open(blob, Constants.OBJ_BLOB).getCachedBytes(), symlink).key();
    }
}
