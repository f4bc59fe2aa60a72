package org.annex.assistant.watcher.impl.examine;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Optional;
import java.util.function.Consumer;

import org.annex.assistant.api.annex.AnnexRepository;
import org.annex.assistant.api.annex.AnnexLink;
import org.annex.assistant.api.annex.Key;
import org.annex.assistant.api.annex.PointerFile;
import org.annex.assistant.watcher.impl.fs.RawPaths;
import org.annex.assistant.watcher.impl.index.IndexOp;
import org.annex.assistant.watcher.impl.index.IndexSnapshot;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.Repository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Looks at one settled path and decides what it is and what the index needs, as the git-annex assistant
 * does in a v10 repository: gone (remove it), a directory (watch and scan it), unchanged since it was
 * staged, ignored and untracked (leave it), a symlink (staged as it is), a pointer file whose content is
 * absent (staged as the pointer), large per annex.largefiles (ingested into the annex and staged unlocked:
 * a pointer blob {@code /annex/objects/KEY\n}, mode 100644) or small (a plain blob). A file that changes
 * while it is read is looked at again later. The index change goes to the given sink.
 */
public final class PathExaminer {
    private static final Logger LOG = LoggerFactory.getLogger(PathExaminer.class);

    /** What the caller does next with the path. */
    public enum Verdict {
        /** Nothing more (its index change, if any, was staged). */
        DONE,
        /** Look again after the settle time: it changed while read, or could not be ingested. */
        RETRY,
        /** It is a directory: watch it and scan it. */
        DIRECTORY
    }

    private final AnnexRepository annex;
    private final byte[] rootBytes;
    private final IndexSnapshot index;
    private final MissingContent missing;
    private final Consumer<IndexOp> staged;
    private final LargeFilesRule largeFiles;
    private final GitIgnores ignores;
    private final boolean addSmallFiles;

    public PathExaminer(AnnexRepository annex, Repository git, byte[] rootBytes, IndexSnapshot index,
            MissingContent missing, Consumer<IndexOp> staged) {
        this.annex = annex;
        this.rootBytes = rootBytes;
        this.index = index;
        this.missing = missing;
        this.staged = staged;
        this.largeFiles = new LargeFiles(git);
        this.ignores = new GitIgnores(git);
        this.addSmallFiles = git.getConfig().getBoolean("annex", "addsmallfiles", true);
    }

    /** Looks at one path and stages the index change it needs; blobs go through {@code inserter}. */
    public Verdict examine(String rel, ObjectInserter inserter) throws IOException {
        Path file = RawPaths.resolve(rootBytes, rel);
        PosixFileAttributes a;
        try {
            a = Files.readAttributes(file, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            staged.accept(new IndexOp.Remove(rel));
            return Verdict.DONE;
        }
        if (a.isDirectory()) {
            return Verdict.DIRECTORY;
        }
        if (a.isOther()) {
            return Verdict.DONE;
        }
        DirCacheEntry current = index.entry(rel);
        if (current != null && IndexSnapshot.statMatches(current, a)) {
            missing.check(rel, file, a, current);
            return Verdict.DONE;
        }
        String name = new String(RawPaths.raw(rel), StandardCharsets.UTF_8);
        if (current == null && ignores.isIgnored(name)) {
            // As in git: ignore rules keep untracked files out; a tracked file stays tracked.
            return Verdict.DONE;
        }
        if (a.isSymbolicLink()) {
            byte[] target = RawPaths.bytes(Files.readSymbolicLink(file));
            put(rel, FileMode.SYMLINK, inserter.insert(Constants.OBJ_BLOB, target), a);
            AnnexLink.parse(new String(target, StandardCharsets.UTF_8)).ifPresent(k -> missing.reportIfMissing(rel, k));
            return Verdict.DONE;
        }
        FileMode mode = a.permissions().contains(PosixFilePermission.OWNER_EXECUTE) ? FileMode.EXECUTABLE_FILE
                : FileMode.REGULAR_FILE;
        // A file small enough to be a pointer is read once: for the pointer check and, kept in git, for its blob.
        byte[] small = a.size() <= PointerFile.MAX_SIZE ? Files.readAllBytes(file) : null;
        Optional<Key> pointer = small != null ? PointerFile.parse(small) : Optional.empty();
        if (pointer.isPresent()) {
            // An unlocked file whose content is not here: staged as the pointer it is.
            put(rel, mode, inserter.insert(Constants.OBJ_BLOB, PointerFile.bytes(pointer.get())), a);
            missing.reportIfMissing(rel, pointer.get());
            return Verdict.DONE;
        }
        if (largeFiles.isLarge(name, a.size())) {
            Optional<Key> key = annex.ingest(file);
            if (key.isEmpty() || !unchanged(file, a)) {
                return Verdict.RETRY;
            }
            put(rel, mode, inserter.insert(Constants.OBJ_BLOB, PointerFile.bytes(key.get())), a);
            return Verdict.DONE;
        }
        if (!addSmallFiles && current == null) {
            return Verdict.DONE;
        }
        ObjectId blob;
        if (small != null) {
            if (small.length != a.size()) {
                return Verdict.RETRY; // it changed between the look and the read
            }
            blob = inserter.insert(Constants.OBJ_BLOB, small);
        } else {
            try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
                blob = inserter.insert(Constants.OBJ_BLOB, a.size(), in);
            } catch (EOFException e) {
                return Verdict.RETRY;
            }
        }
        if (!unchanged(file, a)) {
            return Verdict.RETRY;
        }
        put(rel, mode, blob, a);
        return Verdict.DONE;
    }

    private static boolean unchanged(Path file, BasicFileAttributes before) throws IOException {
        try {
            BasicFileAttributes after = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            return after.size() == before.size() && after.lastModifiedTime().equals(before.lastModifiedTime());
        } catch (NoSuchFileException e) {
            return false;
        }
    }

    private void put(String rel, FileMode mode, ObjectId blob, BasicFileAttributes a) {
        DirCacheEntry e;
        try {
            e = new DirCacheEntry(RawPaths.raw(rel));
        } catch (IllegalArgumentException bad) {
            LOG.warn("not adding {}: git does not accept this path ({})", RawPaths.display(rel), bad.getMessage());
            return;
        }
        e.setFileMode(mode);
        e.setObjectId(blob);
        e.setLength(a.size());
        e.setLastModified(a.lastModifiedTime().toInstant());
        staged.accept(new IndexOp.Put(rel, e));
    }
}
