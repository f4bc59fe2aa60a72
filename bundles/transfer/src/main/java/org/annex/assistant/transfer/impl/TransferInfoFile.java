package org.annex.assistant.transfer.impl;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Optional;
import java.util.regex.Pattern;

import org.annex.assistant.api.annex.Key;
import org.annex.assistant.api.transfer.Direction;

/**
 * A running transfer as git-annex records it: {@code .git/annex/transfer/<direction>/<uuid>/<key>} with
 * the start time, bytes so far and the work-tree file, guarded by an fcntl write lock on {@code lck.<key>}
 * beside it. Whoever holds the lock runs the transfer; git-annex and other daemons skip the key meanwhile,
 * and {@code git annex info} lists it. Failed transfers are moved to {@code transfer/failed/}.
 *
 * <p>Core has its own class for these files; this one should give way to it once core is merged.
 */
final class TransferInfoFile implements AutoCloseable {
    private static final Pattern UUID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9-]{0,127}");
    private final Path info;
    private final Path lockPath;
    private final Path failed;
    private final FileChannel channel;
    private final FileLock lock;
    private final String started;
    private final String file;

    private TransferInfoFile(Path info, Path lockPath, Path failed, FileChannel channel, FileLock lock, String file) {
        this.info = info;
        this.lockPath = lockPath;
        this.failed = failed;
        this.channel = channel;
        this.lock = lock;
        this.started = timestamp(Instant.now());
        this.file = file == null ? "" : file;
    }

    /** Takes the transfer's lock and writes its info file; empty if someone else is transferring the key. */
    static Optional<TransferInfoFile> tryStart(Path gitDir, Direction direction, String remoteUuid, Key key, String file)
            throws IOException {
        if (!UUID.matcher(remoteUuid).matches()) {
            throw new IOException("remote uuid '" + remoteUuid + "' is not usable as a directory name");
        }
        Path transfer = gitDir.resolve("annex").resolve("transfer");
        Path dir = transfer.resolve(direction.dirName()).resolve(remoteUuid);
        Files.createDirectories(dir);
        Path lockPath = dir.resolve("lck." + key.fileName());
        FileChannel channel = FileChannel.open(lockPath, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException heldInThisProcess) {
            lock = null;
        }
        if (lock == null) {
            channel.close();
            return Optional.empty();
        }
        Path failed = transfer.resolve("failed").resolve(direction.dirName()).resolve(remoteUuid).resolve(key.fileName());
        TransferInfoFile t = new TransferInfoFile(dir.resolve(key.fileName()), lockPath, failed, channel, lock, file);
        t.update(0);
        return Optional.of(t);
    }

    /** Rewrites the info file with the bytes moved so far (temp file and rename: readers never see half). */
    void update(long bytes) throws IOException {
        write(info, bytes);
    }

    private void write(Path target, long bytes) throws IOException {
        Files.createDirectories(target.getParent());
        Path tmp = target.resolveSibling(".tmp." + target.getFileName());
        Files.writeString(tmp, started + " " + bytes + "\n" + file + "\n", StandardCharsets.UTF_8);
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** Records the transfer under {@code transfer/failed/} so it can be noticed and retried. */
    void failed(long bytes) throws IOException {
        write(failed, bytes);
    }

    /** Clears an earlier failure record once the transfer has succeeded. */
    void succeeded() throws IOException {
        Files.deleteIfExists(failed);
    }

    /** Removes the info and lock files, then releases the lock: the transfer is no longer running. */
    @Override
    public void close() throws IOException {
        try {
            Files.deleteIfExists(info);
            Files.deleteIfExists(lockPath);
        } finally {
            try {
                lock.release();
            } finally {
                channel.close();
            }
        }
    }

    /** git-annex's timestamp: POSIX seconds, a fraction without trailing zeros, then {@code s}. */
    static String timestamp(Instant t) {
        String nanos = String.format("%09d", t.getNano()).replaceFirst("0+$", "");
        return t.getEpochSecond() + (nanos.isEmpty() ? "" : "." + nanos) + "s";
    }
}
