package org.annex.assistant.transfer.impl.scan;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

import org.annex.assistant.api.remote.Remote;
import org.eclipse.jgit.errors.IncorrectObjectTypeException;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.revwalk.RevWalk;

/**
 * Per remote, the work-tree commit and the git-annex branch commit it was last scanned against, one file
 * per remote uuid in {@code .git/annex-assistant/scan/}, and whether a last scan can still be built on.
 */
final class LastScans {
    /** What a scan of a remote covered; {@code annex} is the zero id when there was no git-annex branch. */
    record Scan(ObjectId head, ObjectId annex) {
    }

    private final Path dir;

    LastScans(Path dir) {
        this.dir = dir;
    }

    Path dir() {
        return dir;
    }

    Optional<Scan> read(Remote r) throws IOException {
        try {
            String[] f = Files.readString(file(r), StandardCharsets.UTF_8).trim().split(" ");
            if (f.length == 2 && ObjectId.isId(f[0]) && ObjectId.isId(f[1])) {
                return Optional.of(new Scan(ObjectId.fromString(f[0]), ObjectId.fromString(f[1])));
            }
            return Optional.empty();
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    void write(Remote r, Scan s) throws IOException {
        Files.createDirectories(dir);
        Path tmp = file(r).resolveSibling(file(r).getFileName() + ".tmp");
        Files.writeString(tmp, s.head().name() + " " + s.annex().name() + "\n", StandardCharsets.UTF_8);
        Files.move(tmp, file(r), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    void forget(Remote r) throws IOException {
        Files.deleteIfExists(file(r));
    }

    /** Whether a remote has a last scan that is still valid against the current commits. */
    boolean validFor(Remote r, RevWalk rw, ObjectId head, ObjectId annex) throws IOException {
        Optional<Scan> s = read(r);
        return s.isPresent() && valid(rw, s.get(), head, annex);
    }

    /** A last scan can be built on if both its commits still exist and are ancestors of the current ones. */
    static boolean valid(RevWalk rw, Scan s, ObjectId head, ObjectId annex) throws IOException {
        if (!present(rw, s.head())) {
            return false;
        }
        if (annex != null && !s.annex().equals(ObjectId.zeroId()) && !present(rw, s.annex())) {
            return false;
        }
        try {
            boolean headOk = rw.isMergedInto(rw.parseCommit(s.head()), rw.parseCommit(head));
            boolean annexOk = annex == null || s.annex().equals(ObjectId.zeroId())
                    || rw.isMergedInto(rw.parseCommit(s.annex()), rw.parseCommit(annex));
            return headOk && annexOk;
        } finally {
            rw.reset();
        }
    }

    static boolean present(RevWalk rw, ObjectId id) throws IOException {
        try {
            rw.parseCommit(id);
            return true;
        } catch (MissingObjectException | IncorrectObjectTypeException e) {
            return false;
        }
    }

    private Path file(Remote r) {
        return dir.resolve(r.uuid().replaceAll("[^A-Za-z0-9-]", "_"));
    }
}
