package org.annex.assistant.transfer.impl.queue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;

import org.annex.assistant.api.annex.AnnexRepository;
import org.annex.assistant.api.annex.Key;
import org.annex.assistant.api.annex.PointerFile;
import org.annex.assistant.core.worktree.WorkTreeFiles;

/** Unlocked work-tree files that still hold the pointer text, filled in once their content is here. */
public final class PointerFiles {
    private PointerFiles() {
    }

    /**
     * Puts the content in place of an unlocked file that still holds the pointer text: a copy beside it,
     * then an atomic rename, so the user's file is never missing. A file that changed meanwhile (no longer
     * the pointer) is the user's and left alone; a locked file (symlink) needs nothing. The file's path came
     * from a tree, maybe another repository's: one git would not check out, or one under a folder that is a
     * symlink, is an {@link IOException} and nothing is written.
     */
    public static void populate(AnnexRepository repository, Key key, String file) throws IOException {
        Path target = new WorkTreeFiles(repository.workTree()).existing(file).orElse(null);
        if (target == null || !Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        FileTime before = Files.getLastModifiedTime(target, LinkOption.NOFOLLOW_LINKS);
        if (!holdsPointer(target, key)) {
            return;
        }
        Path tmp = Files.createTempFile(target.getParent(), ".annex-get-", ".tmp");
        try {
            Files.copy(repository.contentPath(key), tmp, StandardCopyOption.REPLACE_EXISTING);
            Files.setPosixFilePermissions(tmp, Files.getPosixFilePermissions(target, LinkOption.NOFOLLOW_LINKS));
            if (holdsPointer(target, key) && before.equals(Files.getLastModifiedTime(target, LinkOption.NOFOLLOW_LINKS))) {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Whether the file still is a pointer to {@code key}, as git-annex reads pointers. */
    private static boolean holdsPointer(Path file, Key key) throws IOException {
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            return PointerFile.parse(in.readNBytes(PointerFile.MAX_SIZE + 1)).filter(key::equals).isPresent();
        }
    }
}
