package org.annex.assistant.core;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.annex.assistant.api.annex.Key;
import org.annex.assistant.api.transfer.Direction;
import org.annex.assistant.core.impl.Timestamps;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * git-annex transfer info files: {@code .git/annex/transfer/<upload|download>/<uuid>/<keyfile>} holding
 * {@code <start time> <bytes done>\n<file>\n}, and {@code lck.<keyfile>} beside it, fcntl write-locked
 * while the transfer runs. git-annex (info, the webapp) and we read each other's; a transfer is running
 * iff its lock is held.
 */
public final class TransferInfoFiles {
    private static final Logger LOG = LoggerFactory.getLogger(TransferInfoFiles.class);
    /**
     * Lock files this JVM holds. Closing any descriptor of a file drops the process's fcntl locks on it, so
     * our own transfers are recognised here without opening their lock files again. Process-wide by nature
     * (the fcntl locks are the process's), hence static; a path is here exactly while its {@link Handle} is
     * open, that is while its fcntl lock is held, so nothing outlives the transfer that holds it.
     */
    private static final Set<Path> HELD = ConcurrentHashMap.newKeySet();

    private final Path transferDir;

    /** @param gitDir the repository's {@code .git} directory */
    public TransferInfoFiles(Path gitDir) {
        this.transferDir = gitDir.resolve("annex").resolve("transfer");
    }

    /** One transfer as its info file describes it. */
    public static final class Info {
        public final Direction direction;
        public final String remoteUuid;
        public final Key key;
        /** Start time in POSIX seconds (with fraction). */
        public final BigDecimal started;
        public final long bytes;
        /** The work-tree file, or "" if none was recorded. */
        public final String file;
        public final boolean running;
        public final boolean failed;

        Info(Direction direction, String remoteUuid, Key key, BigDecimal started, long bytes, String file,
                boolean running, boolean failed) {
            this.direction = direction;
            this.remoteUuid = remoteUuid;
            this.key = key;
            this.started = started;
            this.bytes = bytes;
            this.file = file;
            this.running = running;
            this.failed = failed;
        }
    }

    /** A transfer in progress; close it when the transfer ends (successfully or not). */
    public final class Handle implements AutoCloseable {
        private final Path info;
        private final Path lck;
        private final FileChannel channel;
        private final FileLock lock;
        private final String startLine;
        private final String file;
        private boolean closed;

        private Handle(Path info, Path lck, FileChannel channel, FileLock lock, String start, String file) {
            this.info = info;
            this.lck = lck;
            this.channel = channel;
            this.lock = lock;
            this.startLine = start;
            this.file = file;
        }

        /** Records how many bytes are done (readers see whole files: temp file and rename). */
        public synchronized void progress(long bytes) throws IOException {
            if (!closed) {
                write(info, startLine + " " + bytes + "\n" + file + "\n");
            }
        }

        /** Clears a failure recorded by an earlier attempt, once this one has succeeded. */
        public synchronized void succeeded() throws IOException {
            Files.deleteIfExists(failedRecord());
        }

        private Path failedRecord() {
            return transferDir.resolve("failed").resolve(transferDir.relativize(info));
        }

        /** Keeps the info under {@code transfer/failed/} (as git-annex does) and ends the transfer. */
        public synchronized void failed() throws IOException {
            if (!closed) {
                Path dest = failedRecord();
                Files.createDirectories(dest.getParent());
                Files.copy(info, dest, StandardCopyOption.REPLACE_EXISTING);
                close();
            }
        }

        @Override
        public synchronized void close() throws IOException {
            if (closed) {
                return;
            }
            closed = true;
            try {
                Files.deleteIfExists(info);
                Files.deleteIfExists(lck);
            } finally {
                HELD.remove(lck.toAbsolutePath());
                lock.release();
                channel.close();
            }
        }
    }

    /**
     * Starts a transfer: takes the lock and writes the info file. Fails if the same transfer is already
     * running here or in git-annex.
     */
    public Handle start(Direction direction, String remoteUuid, Key key, String file) throws IOException {
        return tryStart(direction, remoteUuid, key, file)
                .orElseThrow(() -> new IOException("transfer of " + key + " is already running"));
    }

    /**
     * Starts a transfer unless the same one is already running, here or in another process (git-annex
     * included): then it is empty, and the caller leaves the transfer to whoever runs it.
     */
    public Optional<Handle> tryStart(Direction direction, String remoteUuid, Key key, String file) throws IOException {
        if (!remoteUuid.matches("[A-Za-z0-9][A-Za-z0-9-]{0,99}")) {
            throw new IllegalArgumentException("not a repository uuid: " + remoteUuid);
        }
        if (file.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("file names with newlines cannot be recorded: " + file.replace("\n", "\\n"));
        }
        Path dir = transferDir.resolve(direction.dirName()).resolve(remoteUuid);
        Files.createDirectories(dir);
        Path info = dir.resolve(key.fileName());
        Path lck = dir.resolve("lck." + key.fileName());
        if (!HELD.add(lck.toAbsolutePath())) {
            return Optional.empty();
        }
        FileChannel ch = null;
        try {
            ch = FileChannel.open(lck, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = ch.tryLock();
            if (lock == null) {
                HELD.remove(lck.toAbsolutePath());
                ch.close();
                return Optional.empty();
            }
            String start = Timestamps.now();
            Handle h = new Handle(info, lck, ch, lock, start, file);
            h.progress(0);
            return Optional.of(h);
        } catch (IOException | RuntimeException e) {
            HELD.remove(lck.toAbsolutePath());
            if (ch != null) {
                ch.close();
            }
            throw e;
        }
    }

    /** Whether this transfer is running now, in this process or another (git-annex included). */
    public boolean running(Direction direction, String remoteUuid, Key key) throws IOException {
        Path dir = transferDir.resolve(direction.dirName()).resolve(remoteUuid);
        return lockHeld(dir.resolve("lck." + key.fileName()));
    }

    /** Every transfer info file, running or not (a stale one is left by a crashed process), and failed ones. */
    public List<Info> list() throws IOException {
        List<Info> out = new ArrayList<>();
        for (Direction d : Direction.values()) {
            scan(transferDir.resolve(d.dirName()), d, false, out);
            scan(transferDir.resolve("failed").resolve(d.dirName()), d, true, out);
        }
        return out;
    }

    private void scan(Path dirOfDirection, Direction d, boolean failed, List<Info> out) throws IOException {
        if (!Files.isDirectory(dirOfDirection)) {
            return;
        }
        try (DirectoryStream<Path> remotes = Files.newDirectoryStream(dirOfDirection)) {
            for (Path remote : remotes) {
                if (!Files.isDirectory(remote)) {
                    continue;
                }
                try (DirectoryStream<Path> files = Files.newDirectoryStream(remote)) {
                    for (Path f : files) {
                        String name = f.getFileName().toString();
                        if (!name.startsWith("lck.")) {
                            Info i = read(f, d, remote.getFileName().toString(), failed);
                            if (i != null) {
                                out.add(i);
                            }
                        }
                    }
                }
            }
        }
    }

    private Info read(Path f, Direction d, String uuid, boolean failed) throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(f);
        } catch (NoSuchFileException e) {
            return null;
        }
        try {
            Key key = Key.fromFileName(f.getFileName().toString());
            String text = new String(bytes, StandardCharsets.UTF_8);
            int nl = text.indexOf('\n');
            String first = nl < 0 ? text : text.substring(0, nl);
            String rest = nl < 0 ? "" : text.substring(nl + 1);
            String file = rest.endsWith("\n") ? rest.substring(0, rest.length() - 1) : rest;
            String[] fields = first.trim().split(" ");
            BigDecimal started = Timestamps.parse(fields[0]);
            long done = fields.length > 1 ? Long.parseLong(fields[1]) : 0;
            boolean running = !failed && lockHeld(f.resolveSibling("lck." + f.getFileName()));
            if (!failed && !running && !Files.exists(f)) {
                // It ended between the read and the look at its lock (an end deletes the info file before it
                // lets the lock go): finished, not interrupted. Taken for interrupted, it was "resumed" by the
                // receiving daemon while the sender had already stored it.
                return null;
            }
            return new Info(d, uuid, key, started, done, file, running, failed);
        } catch (IllegalArgumentException e) {
            LOG.warn("skipping malformed transfer info file {}: {}", f, e.getMessage());
            return null;
        }
    }

    private static boolean lockHeld(Path lck) throws IOException {
        if (HELD.contains(lck.toAbsolutePath())) {
            return true;
        }
        try (FileChannel ch = FileChannel.open(lck, StandardOpenOption.READ)) {
            FileLock probe = ch.tryLock(0, Long.MAX_VALUE, true);
            if (probe == null) {
                return true;
            }
            probe.release();
            return false;
        } catch (NoSuchFileException e) {
            return false;
        } catch (OverlappingFileLockException e) {
            return true;
        }
    }

    private void write(Path target, String content) throws IOException {
        Path tmpDir = Files.createDirectories(transferDir.resolveSibling("othertmp"));
        Path tmp = Files.createTempFile(tmpDir, "transfer", ".tmp");
        try {
            Files.writeString(tmp, content, StandardCharsets.UTF_8);
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
