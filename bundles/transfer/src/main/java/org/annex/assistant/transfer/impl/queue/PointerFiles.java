package org.annex.assistant.transfer.impl.queue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.Arrays;

import org.annex.assistant.api.annex.AnnexRepository;
import org.annex.assistant.api.annex.Key;

/** Unlocked work-tree files that still hold the pointer text, filled in once their content is here. */
public final class PointerFiles {
    private PointerFiles() {
    }

    /**
     * Puts the content in place of an unlocked file that still holds the pointer text: a copy beside it,
     * then an atomic rename, so the user's file is never missing. A file that changed meanwhile (no longer
     * the pointer) is the user's and left alone; a locked file (symlink) needs nothing.
     */
    public static void populate(AnnexRepository repository, Key key, String file) throws IOException {
        Path workTree = repository.workTree().toAbsolutePath().normalize();
        Path target = workTree.resolve(file).normalize();
        if (!target.startsWith(workTree) || target.equals(workTree)
                || !Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        byte[] pointer = ("/annex/objects/" + key.fileName() + "\n").getBytes(StandardCharsets.UTF_8);
        FileTime before = Files.getLastModifiedTime(target, LinkOption.NOFOLLOW_LINKS);
        if (!holdsPointer(target, pointer)) {
            return;
        }
        Path tmp = Files.createTempFile(target.getParent(), ".annex-get-", ".tmp");
        try {
            Files.copy(repository.contentPath(key), tmp, StandardCopyOption.REPLACE_EXISTING);
            Files.setPosixFilePermissions(tmp, Files.getPosixFilePermissions(target, LinkOption.NOFOLLOW_LINKS));
            if (holdsPointer(target, pointer) && before.equals(Files.getLastModifiedTime(target, LinkOption.NOFOLLOW_LINKS))) {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static boolean holdsPointer(Path file, byte[] pointer) throws IOException {
        if (Files.size(file) > pointer.length) {
            return false;
        }
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            byte[] text = in.readNBytes(pointer.length + 1);
            return Arrays.equals(text, pointer) || Arrays.equals(text, Arrays.copyOf(pointer, pointer.length - 1));
        }
    }
}
