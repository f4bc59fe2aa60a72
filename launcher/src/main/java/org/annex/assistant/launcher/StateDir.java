package org.annex.assistant.launcher;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * The daemon's own files, under {@code .git/annex-assistant/} (beside git-annex's {@code .git/annex/}, never
 * inside it): the lock that keeps one daemon per repository, its pid, console URL and port, the
 * console credentials and the framework cache.
 */
final class StateDir {
    private final Path dir;

    StateDir(Path gitDir) {
        this.dir = gitDir.resolve("annex-assistant");
    }

    Path path() {
        return dir;
    }

    Path file(String name) {
        return dir.resolve(name);
    }

    void create() throws LaunchException {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new LaunchException(LaunchException.NOT_WRITABLE, "cannot create " + dir + ": " + reason(e));
        }
        if (!Files.isWritable(dir)) {
            throw new LaunchException(LaunchException.NOT_WRITABLE, dir + " is not writable");
        }
    }

    /**
     * Takes the per-repository lock, held for the life of the process (the kernel drops it when the process
     * dies, kill -9 included, so a stale pid file never blocks a restart).
     */
    FileLock lock() throws LaunchException {
        Path lockFile = file("daemon.lock");
        try {
            FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = ch.tryLock();
            if (lock == null) {
                ch.close();
                throw new LaunchException(LaunchException.ALREADY_RUNNING, "annex-assistant is already running on "
                        + dir.getParent().getParent() + read("daemon.pid").map(p -> " (pid " + p + ")").orElse(""));
            }
            return lock;
        } catch (IOException e) {
            throw new LaunchException(LaunchException.NOT_WRITABLE, "cannot lock " + lockFile + ": " + reason(e));
        }
    }

    /** True if some process holds the lock; it is released by the kernel when that process ends. */
    boolean locked() {
        Path lockFile = file("daemon.lock");
        if (!Files.exists(lockFile)) {
            return false;
        }
        try (FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.WRITE)) {
            FileLock probe = ch.tryLock();
            if (probe != null) {
                probe.release();
                return false;
            }
            return true;
        } catch (java.nio.channels.OverlappingFileLockException e) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    Optional<String> read(String name) {
        try {
            return Optional.of(Files.readString(file(name), StandardCharsets.UTF_8).trim());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Writes by temp file and rename, so a reader never sees half a file. */
    void write(String name, String content) throws IOException {
        Path tmp = Files.createTempFile(dir, name, ".tmp");
        Files.writeString(tmp, content, StandardCharsets.UTF_8);
        try {
            Files.move(tmp, file(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file(name), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    void delete(String name) {
        try {
            Files.deleteIfExists(file(name));
        } catch (IOException e) {
            // Left behind it is harmless: liveness is the lock, not the file.
        }
    }

    static String reason(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }
}
