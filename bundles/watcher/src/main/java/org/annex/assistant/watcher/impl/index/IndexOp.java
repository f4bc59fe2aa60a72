package org.annex.assistant.watcher.impl.index;

import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.function.Consumer;

import org.annex.assistant.watcher.impl.fs.RawPaths;
import org.eclipse.jgit.dircache.DirCacheEntry;

/**
 * One change to the git index, recorded when it is seen and applied in order at commit time to the index
 * as it then is (so changes staged meanwhile by git or git-annex are kept). Entries are keyed by raw string.
 */
public abstract class IndexOp {
    /** The path the change is about, for counting. */
    public abstract String path();

    /**
     * Applies the change; {@code recheck} receives paths that must be looked at again and {@code rescan}
     * directories to scan (a move whose source was never staged).
     */
    abstract void apply(NavigableMap<String, DirCacheEntry> index, Consumer<String> recheck, Consumer<String> rescan);

    static NavigableMap<String, DirCacheEntry> subtree(NavigableMap<String, DirCacheEntry> index, String dir) {
        // '0' is the character after '/', so this range is exactly the paths below dir/.
        return index.subMap(dir + '/', true, dir + '0', false);
    }

    /** Stages an entry, replacing a file or a whole directory at that path, or a file where a parent should be. */
    public static final class Put extends IndexOp {
        final String path;
        public final DirCacheEntry entry;

        public Put(String path, DirCacheEntry entry) {
            this.path = path;
            this.entry = entry;
        }

        @Override
        public String path() {
            return path;
        }

        @Override
        void apply(NavigableMap<String, DirCacheEntry> index, Consumer<String> recheck, Consumer<String> rescan) {
            subtree(index, path).clear();
            for (String p = RawPaths.parent(path); !p.isEmpty(); p = RawPaths.parent(p)) {
                index.remove(p);
            }
            index.put(path, entry);
        }
    }

    public static final class Remove extends IndexOp {
        final String path;

        public Remove(String path) {
            this.path = path;
        }

        @Override
        public String path() {
            return path;
        }

        @Override
        void apply(NavigableMap<String, DirCacheEntry> index, Consumer<String> recheck, Consumer<String> rescan) {
            index.remove(path);
            subtree(index, path).clear();
        }
    }

    /**
     * A rename within the work tree: the entries move with their blobs, so nothing is hashed again (a rename
     * keeps size and mtime, so the stat data stays valid too).
     */
    public static final class Move extends IndexOp {
        final String from;
        final String to;
        final boolean directory;

        public Move(String from, String to, boolean directory) {
            this.from = from;
            this.to = to;
            this.directory = directory;
        }

        @Override
        public String path() {
            return to;
        }

        @Override
        void apply(NavigableMap<String, DirCacheEntry> index, Consumer<String> recheck, Consumer<String> rescan) {
            if (!directory) {
                DirCacheEntry e = index.remove(from);
                if (e == null) {
                    recheck.accept(to);
                    return;
                }
                new Put(to, copy(e, to)).apply(index, recheck, rescan);
                return;
            }
            NavigableMap<String, DirCacheEntry> moving = subtree(index, from);
            if (moving.isEmpty()) {
                rescan.accept(to);
                return;
            }
            List<DirCacheEntry> moved = new ArrayList<>();
            List<String> paths = new ArrayList<>();
            for (var e : moving.entrySet()) {
                String p = to + e.getKey().substring(from.length());
                paths.add(p);
                moved.add(copy(e.getValue(), p));
            }
            moving.clear();
            index.remove(to);
            subtree(index, to).clear();
            for (int i = 0; i < paths.size(); i++) {
                index.put(paths.get(i), moved.get(i));
            }
        }

        private static DirCacheEntry copy(DirCacheEntry e, String path) {
            DirCacheEntry n = new DirCacheEntry(RawPaths.raw(path));
            n.copyMetaData(e);
            return n;
        }
    }
}
