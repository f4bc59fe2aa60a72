package org.annex.assistant.watcher.impl.index;

import java.io.IOException;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Instant;

import org.annex.assistant.watcher.impl.fs.RawPaths;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.Repository;

/**
 * The git index as last read, to compare the work tree with: read again only when the index file changed
 * (our commits, or git and git-annex staging something). Read-only; changes go through {@link IndexCommit}.
 */
public final class IndexSnapshot {
    private final Repository git;
    private DirCache snapshot;

    public IndexSnapshot(Repository git) {
        this.git = git;
    }

    /** Reads the index again if it changed since the last read. */
    public void refresh() throws IOException {
        if (snapshot == null || snapshot.isOutdated()) {
            snapshot = DirCache.read(git.getIndexFile(), git.getFS());
        }
    }

    /** The entry at a path (a raw string), or null. */
    public DirCacheEntry entry(String rel) {
        byte[] raw = RawPaths.raw(rel);
        int i = snapshot.findEntry(raw, raw.length);
        return i < 0 ? null : snapshot.getEntry(i);
    }

    public int size() {
        return snapshot.getEntryCount();
    }

    public DirCacheEntry entry(int i) {
        return snapshot.getEntry(i);
    }

    /** Same size, mtime and kind as the index entry; git's index keeps whole seconds when built without nsec. */
    public static boolean statMatches(DirCacheEntry e, PosixFileAttributes a) {
        if (e.getLength() != (int) a.size()) {
            return false;
        }
        Instant indexed = e.getLastModifiedInstant();
        Instant actual = a.lastModifiedTime().toInstant();
        boolean timeMatches = indexed.getNano() == 0 ? indexed.getEpochSecond() == actual.getEpochSecond()
                : indexed.equals(actual);
        if (!timeMatches) {
            return false;
        }
        FileMode m = e.getFileMode();
        if (a.isSymbolicLink()) {
            return m == FileMode.SYMLINK;
        }
        boolean exec = a.permissions().contains(PosixFilePermission.OWNER_EXECUTE);
        return m == (exec ? FileMode.EXECUTABLE_FILE : FileMode.REGULAR_FILE);
    }
}
