package org.annex.assistant.mountsync.impl;

import java.io.File;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

import org.eclipse.jgit.errors.ConfigInvalidException;
import org.eclipse.jgit.storage.file.FileBasedConfig;
import org.eclipse.jgit.util.FS;

/**
 * Finds the git-annex repositories on a volume: at its mount point and in folders below, a few levels deep
 * (a drive holds {@code annex/} or {@code backups/photos/annex} rather than being the repository itself).
 * The walk is bounded in depth and in folders visited, so a large drive costs milliseconds, not a crawl;
 * it follows no symbolic link (nothing outside the volume is read) and enters no hidden folder.
 */
final class VolumeScan {
    /** A repository found: where, and its annex.uuid. */
    record Found(Path location, String uuid) {
    }

    /** Folders below the mount point looked into: {@code mnt/a/b/c} is found, {@code mnt/a/b/c/d} is not. */
    static final int MAX_DEPTH = 3;
    /** At most this many folders are listed per volume. */
    static final int MAX_FOLDERS = 5000;

    private VolumeScan() {
    }

    /** The git-annex repositories at or below {@code mountPoint}, breadth first; an unreadable folder is skipped. */
    static List<Found> scan(Path mountPoint) {
        List<Found> found = new ArrayList<>();
        Deque<Path> folders = new ArrayDeque<>();
        Deque<Integer> depths = new ArrayDeque<>();
        folders.add(mountPoint);
        depths.add(0);
        int listed = 0;
        while (!folders.isEmpty() && listed < MAX_FOLDERS) {
            Path dir = folders.poll();
            int depth = depths.poll();
            Optional<String> uuid = annexUuid(dir);
            if (uuid.isPresent()) {
                found.add(new Found(dir, uuid.get()));
                continue; // a repository's own folders hold no other repository worth syncing with
            }
            if (depth == MAX_DEPTH) {
                continue;
            }
            listed++;
            try (DirectoryStream<Path> children = Files.newDirectoryStream(dir)) {
                for (Path child : children) {
                    String name = child.getFileName().toString();
                    if (!name.startsWith(".") && !name.equals("lost+found")
                            && Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS)) {
                        folders.add(child);
                        depths.add(depth + 1);
                    }
                }
            } catch (IOException | SecurityException e) {
                // Unreadable (permissions, or the volume went away meanwhile): nothing found there.
            }
        }
        return found;
    }

    /**
     * The annex.uuid of the repository at {@code dir} (a work tree with {@code .git/}, or a bare repository),
     * empty when it is none or not a git-annex repository.
     */
    static Optional<String> annexUuid(Path dir) {
        Path config;
        if (Files.isDirectory(dir.resolve(".git"), LinkOption.NOFOLLOW_LINKS)) {
            config = dir.resolve(".git/config");
        } else if (Files.isRegularFile(dir.resolve("HEAD")) && Files.isDirectory(dir.resolve("objects"))) {
            config = dir.resolve("config");
        } else {
            return Optional.empty();
        }
        if (!Files.isRegularFile(config, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        FileBasedConfig c = new FileBasedConfig(null, new File(config.toString()), FS.DETECTED);
        try {
            c.load();
        } catch (IOException | ConfigInvalidException e) {
            return Optional.empty();
        }
        String uuid = c.getString("annex", null, "uuid");
        return uuid == null || uuid.isBlank() ? Optional.empty() : Optional.of(uuid.trim());
    }
}
