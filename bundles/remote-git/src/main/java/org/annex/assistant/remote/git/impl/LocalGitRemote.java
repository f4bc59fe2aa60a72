package org.annex.assistant.remote.git.impl;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

import org.annex.assistant.api.annex.Key;
import org.annex.assistant.api.remote.AbstractRemote;
import org.annex.assistant.api.remote.TransferBusyException;
import org.annex.assistant.api.transfer.Direction;
import org.annex.assistant.core.NeighbourRepositories;
import org.annex.assistant.core.TransferInfoFiles;

/**
 * A git-annex repository on a local path. Content goes straight into its object store (through a temp
 * file and an atomic rename, write-protected as git-annex leaves it) and its location log is updated
 * through its journal, so {@code git annex whereis} there sees the change at once.
 */
final class LocalGitRemote extends AbstractRemote {
    /**
     * Bytes per transferTo call and progress report: the rate limit is paid per report, and at 1 MiB/s an
     * 8 MiB chunk let through whole made seconds of line speed and seconds of nothing.
     */
    private static final long CHUNK = 256L << 10;

    private final Path dir;
    /** The uuid of the repository we send from, as the receiving repository's transfer files name it. */
    private final String localUuid;
    private final NeighbourRepositories neighbours;

    LocalGitRemote(String name, String uuid, int cost, Path dir, String localUuid, NeighbourRepositories neighbours) {
        super(name, uuid, cost);
        this.dir = dir;
        this.localUuid = localUuid;
        this.neighbours = neighbours;
    }

    /** {@code DIR/.git} for a repository with a work tree, {@code DIR} itself for a bare one. */
    static Path gitDirOf(Path dir) {
        Path dotGit = dir.resolve(".git");
        return Files.isDirectory(dotGit) ? dotGit : dir;
    }

    private Path gitDir() throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IOException("remote " + name() + ": " + dir + " is not there (unmounted or moved?)");
        }
        Path g = gitDirOf(dir);
        if (!Files.isDirectory(g.resolve("annex"))) {
            throw new IOException("remote " + name() + ": " + dir + " is not a git-annex repository");
        }
        return g;
    }

    private Path objects() throws IOException {
        return gitDir().resolve("annex").resolve("objects");
    }

    private boolean bare() {
        return !Files.isDirectory(dir.resolve(".git"));
    }

    /** Where a new object goes: git-annex uses the mixed-case hash in non-bare, lower-case in bare repositories. */
    private Path objectTarget(Key key) throws IOException {
        String hash = bare() ? key.hashDirLower() : key.hashDirMixed();
        return objects().resolve(hash).resolve(key.fileName()).resolve(key.fileName());
    }

    /** An existing object in either layout (git-annex looks in both). */
    private Optional<Path> findObject(Key key) throws IOException {
        Path objects = objects();
        for (String hash : new String[] {key.hashDirMixed(), key.hashDirLower()}) {
            Path p = objects.resolve(hash).resolve(key.fileName()).resolve(key.fileName());
            if (Files.isRegularFile(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    @Override
    public boolean checkPresent(Key key) throws IOException {
        return findObject(key).isPresent();
    }

    /**
     * Copies the content into the remote's object store and records it in the remote's location log. While
     * it runs it holds the remote's own transfer lock for "download from us", as git-annex-shell recvkey
     * does there: the remote's daemon (or git-annex) then does not fetch the same key from us meanwhile, and
     * can see when the content has arrived.
     */
    @Override
    public void store(Key key, Path content, String file, Progress progress) throws IOException {
        Path gitDir = gitDir();
        Optional<TransferInfoFiles.Handle> receiving = new TransferInfoFiles(gitDir)
                .tryStart(Direction.DOWNLOAD, localUuid, key, file == null ? "" : file);
        if (receiving.isEmpty()) {
            throw new TransferBusyException("remote " + name() + " is already fetching " + key + " from here");
        }
        try (TransferInfoFiles.Handle h = receiving.get()) {
            if (findObject(key).isEmpty()) {
                copyIn(gitDir, key, content, progress);
            }
            neighbours.setReceived(gitDir, key, uuid(), localUuid);
            h.succeeded();
        }
    }

    private void copyIn(Path gitDir, Key key, Path content, Progress progress) throws IOException {
        Path tmpDir = gitDir.resolve("annex").resolve("tmp");
        Files.createDirectories(tmpDir);
        Path tmp = tmpDir.resolve(key.fileName() + ".upload");
        try {
            try (FileChannel in = FileChannel.open(content, StandardOpenOption.READ);
                    FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                            StandardOpenOption.TRUNCATE_EXISTING)) {
                copy(in, 0, out, progress);
            }
            Path target = objectTarget(key);
            Path keyDir = target.getParent();
            Files.createDirectories(keyDir);
            keyDir.toFile().setWritable(true, true);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
                target.toFile().setWritable(false, false);
            } finally {
                keyDir.toFile().setWritable(false, false);
            }
        } finally {
            // Also when the copy fails or is interrupted (the transfer bundle stopping interrupts its
            // transfers): an upload is never resumed from this file, and nothing else would ever remove it.
            Files.deleteIfExists(tmp);
        }
    }

    @Override
    public void retrieve(Key key, Path destination, String file, Progress progress) throws IOException {
        Path source = findObject(key).orElseThrow(() -> new NoSuchFileException(
                "remote " + name() + " does not have " + key + " (its object store at " + dir + " lacks it)"));
        try (FileChannel in = FileChannel.open(source, StandardOpenOption.READ);
                FileChannel out = FileChannel.open(destination, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            long start = out.size();
            if (start > in.size()) {
                // Longer than the object: not a prefix of it, so start over.
                out.truncate(0);
                start = 0;
            }
            out.position(start);
            progress.bytes(start);
            copy(in, start, out, progress);
        }
    }

    private static void copy(FileChannel in, long from, FileChannel out, Progress progress) throws IOException {
        long size = in.size();
        long pos = from;
        while (pos < size) {
            long n = in.transferTo(pos, Math.min(CHUNK, size - pos), out);
            if (n <= 0) {
                throw new IOException("copy stalled at byte " + pos + " of " + size);
            }
            pos += n;
            progress.bytes(pos);
        }
    }

    @Override
    public void remove(Key key) throws IOException {
        Path gitDir = gitDir();
        Optional<Path> object = findObject(key);
        if (object.isPresent()) {
            Path keyDir = object.get().getParent();
            keyDir.toFile().setWritable(true, true);
            Files.delete(object.get());
            Files.delete(keyDir);
        }
        neighbours.setLocation(gitDir, key, uuid(), false);
    }

    @Override
    public String toString() {
        return "git remote " + name() + " (" + dir + ")";
    }
}
