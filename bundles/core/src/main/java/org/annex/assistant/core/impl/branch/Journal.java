package org.annex.assistant.core.impl.branch;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.annex.assistant.core.FileLocks;

/**
 * {@code .git/annex/journal/}: full new contents of git-annex branch files not yet committed. Writes go
 * to a temporary file renamed into place while {@code journal.lck} is fcntl-locked, as git-annex does,
 * so a crash leaves either the old or the new content and no reader sees half a file.
 */
public final class Journal {
    private final Path dir;
    private final Path lockFile;
    private final Path tmpDir;

    Journal(Path annexDir) {
        this.dir = annexDir.resolve("journal");
        this.lockFile = annexDir.resolve("journal.lck");
        this.tmpDir = annexDir.resolve("othertmp");
    }

    /** Journal file name of a branch path: {@code _ -> __}, then {@code / -> _}. */
    static String fileName(String branchPath) {
        return branchPath.replace("_", "__").replace('/', '_');
    }

    static String branchPath(String fileName) {
        StringBuilder b = new StringBuilder(fileName.length());
        for (int i = 0; i < fileName.length(); i++) {
            char c = fileName.charAt(i);
            if (c == '_' && i + 1 < fileName.length() && fileName.charAt(i + 1) == '_') {
                b.append('_');
                i++;
            } else {
                b.append(c == '_' ? '/' : c);
            }
        }
        return b.toString();
    }

    /** Runs {@code action} holding the journal lock (in this JVM and against git-annex). */
    public <T> T locked(IOAction<T> action) throws IOException {
        // fcntl locks belong to the process: threads of this JVM take the in-process lock first.
        InProcessLocks.Held local = InProcessLocks.lock(lockFile);
        try {
            if (local.reentered()) {
                return action.run();
            }
            Files.createDirectories(dir);
            try (FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                    FileLock lock = FileLocks.exclusive(ch)) {
                return action.run();
            }
        } finally {
            local.unlock();
        }
    }

    public interface IOAction<T> {
        T run() throws IOException;
    }

    /**
     * Changes whenever a journal file is written or removed (each is a rename or unlink in the journal
     * folder, which moves the folder's modification time); 0 when there is no journal.
     */
    public long lastModified() {
        try {
            return Files.getLastModifiedTime(dir).to(java.util.concurrent.TimeUnit.NANOSECONDS);
        } catch (IOException e) {
            return 0;
        }
    }

    /** The journalled content of a branch path, or null if it has none. */
    public byte[] read(String branchPath) throws IOException {
        Path file = dir.resolve(fileName(branchPath));
        // java.io.File answers "no such file" without an exception: most reads find no journal file.
        if (!file.toFile().isFile()) {
            return null;
        }
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    /** Replaces the journalled content; call inside {@link #locked}. */
    public void write(String branchPath, String content) throws IOException {
        Files.createDirectories(tmpDir);
        Path tmp = Files.createTempFile(tmpDir, "journal", ".tmp");
        try {
            Files.write(tmp, content.getBytes(StandardCharsets.UTF_8));
            Files.move(tmp, dir.resolve(fileName(branchPath)), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** The journal's files as branch paths. */
    public List<String> list() throws IOException {
        List<String> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (Stream<Path> s = Files.list(dir)) {
            s.filter(Files::isRegularFile).forEach(p -> out.add(branchPath(p.getFileName().toString())));
        }
        return out;
    }

    public void remove(String branchPath) throws IOException {
        Files.deleteIfExists(dir.resolve(fileName(branchPath)));
    }
}
