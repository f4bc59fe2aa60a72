package org.annex.assistant.watcher.impl.examine;

import java.io.IOException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

import org.annex.assistant.watcher.impl.fs.RawPaths;
import org.annex.assistant.watcher.impl.index.IndexSnapshot;
import org.annex.assistant.watcher.impl.inotify.TreeWatcher;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.lib.FileMode;

/**
 * Compares a directory (and, if recursive, everything below it) with the index: files that are new or
 * whose size, mtime or mode differ are changed, index entries whose file is gone are gone. Unchanged files
 * are checked for missing content on the way. Changes made while nobody watched are found this way: at
 * start, after lost events, in a directory that appeared, and in directories without an inotify watch.
 */
public final class TreeScan {
    /** What a scan found; {@code newDirectories} are neither watched nor known to be unwatchable. */
    public record Found(List<String> changed, List<String> gone, List<String> newDirectories) {
        static final Found NOTHING = new Found(List.of(), List.of(), List.of());
    }

    private final byte[] rootBytes;
    private final IndexSnapshot index;
    private final MissingContent missing;

    public TreeScan(byte[] rootBytes, IndexSnapshot index, MissingContent missing) {
        this.rootBytes = rootBytes;
        this.index = index;
        this.missing = missing;
    }

    /** Scans {@code relDir}; {@code knownDirectory} says which directories need no scan of their own. */
    public Found scan(String relDir, boolean recursive, Predicate<String> knownDirectory) throws IOException {
        Path start = RawPaths.resolve(rootBytes, relDir);
        if (!Files.isDirectory(start, LinkOption.NOFOLLOW_LINKS)) {
            return Found.NOTHING;
        }
        index.refresh();
        Set<String> seen = new HashSet<>();
        List<String> changed = new ArrayList<>();
        List<String> newDirs = new ArrayList<>();
        Files.walkFileTree(start, EnumSet.noneOf(FileVisitOption.class), recursive ? Integer.MAX_VALUE : 1,
                new SimpleFileVisitor<Path>() {
                    @Override
                    public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                        return TreeWatcher.excluded(RawPaths.relative(rootBytes, dir)) ? FileVisitResult.SKIP_SUBTREE
                                : FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                        String rel = RawPaths.relative(rootBytes, file);
                        if (TreeWatcher.excluded(rel)) {
                            return FileVisitResult.CONTINUE;
                        }
                        if (attrs.isDirectory()) {
                            if (!knownDirectory.test(rel)) {
                                newDirs.add(rel);
                            }
                            return FileVisitResult.CONTINUE;
                        }
                        seen.add(rel);
                        DirCacheEntry e = index.entry(rel);
                        PosixFileAttributes a;
                        try {
                            a = Files.readAttributes(file, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                        } catch (NoSuchFileException gone) {
                            return FileVisitResult.CONTINUE;
                        }
                        if (e != null && IndexSnapshot.statMatches(e, a)) {
                            missing.check(rel, file, a, e);
                        } else if (!a.isOther()) {
                            changed.add(rel);
                        }
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFileFailed(Path file, IOException e) {
                        return FileVisitResult.CONTINUE;
                    }
                });
        return new Found(changed, gone(relDir, recursive, seen), newDirs);
    }

    /** Index entries below {@code relDir} (directly, unless recursive) that were not seen and do not exist. */
    private List<String> gone(String relDir, boolean recursive, Set<String> seen) {
        List<String> gone = new ArrayList<>();
        for (int i = 0; i < index.size(); i++) {
            DirCacheEntry e = index.entry(i);
            String rel = RawPaths.rawString(e.getRawPath());
            if (!RawPaths.isUnder(rel, relDir) || rel.equals(relDir) || seen.contains(rel)
                    || e.getFileMode() == FileMode.GITLINK || TreeWatcher.excluded(rel)) {
                continue;
            }
            if (!recursive && rel.indexOf('/', relDir.isEmpty() ? 0 : relDir.length() + 1) >= 0) {
                continue;
            }
            if (!Files.exists(RawPaths.resolve(rootBytes, rel), LinkOption.NOFOLLOW_LINKS)) {
                gone.add(rel);
            }
        }
        return gone;
    }
}
