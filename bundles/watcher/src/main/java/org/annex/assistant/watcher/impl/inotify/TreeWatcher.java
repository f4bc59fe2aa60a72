package org.annex.assistant.watcher.impl.inotify;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListSet;

import org.annex.assistant.watcher.impl.fs.RawPaths;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches a whole work tree with one inotify instance: a watch per directory, added as directories appear,
 * with moves paired by cookie. Paths given to the {@link Listener} are raw strings (see {@link RawPaths})
 * relative to the root. {@code .git} directories are never watched (git-annex's temporary files live there).
 *
 * <p>When the kernel refuses a watch because the per-user limit is reached, the directory is remembered as
 * unwatched (see {@link #unwatchedDirectories()}) for periodic scanning, and the limit and the sysctl to raise
 * it are logged.
 */
public final class TreeWatcher implements Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(TreeWatcher.class);
    private static final int MASK = Inotify.IN_CLOSE_WRITE | Inotify.IN_MOVED_FROM | Inotify.IN_MOVED_TO
            | Inotify.IN_CREATE | Inotify.IN_DELETE | Inotify.IN_DELETE_SELF | Inotify.IN_ATTRIB | Inotify.IN_ONLYDIR
            | Inotify.IN_DONT_FOLLOW | Inotify.IN_EXCL_UNLINK;

    /** What happened in the tree, on the reader thread; implementations only record and return. */
    public interface Listener {
        /** A file (or symlink) appeared or changed; {@code closed} if a writer closed it or it was moved in. */
        void fileChanged(String rel, boolean closed);

        /** A file or directory is gone (deleted, or moved out of the tree). */
        void deleted(String rel, boolean directory);

        /** A file or directory was renamed within the tree. */
        void moved(String from, String to, boolean directory);

        /** A directory appeared (created or moved in); it is watched now and its content must be scanned. */
        void directoryAppeared(String rel);

        /** Events were lost (queue overflow): everything must be rescanned. */
        void overflow();
    }

    private static final class PendingMove {
        final String rel;
        final boolean directory;
        final long nanos;

        PendingMove(String rel, boolean directory, long nanos) {
            this.rel = rel;
            this.directory = directory;
            this.nanos = nanos;
        }
    }

    private final byte[] root;
    private final Listener listener;
    private final long moveWaitNanos;
    private final Map<Integer, String> dirByWd = new HashMap<>();
    private final Map<String, Integer> wdByDir = new HashMap<>();
    private final Set<String> unwatched = new ConcurrentSkipListSet<>();
    private final Map<Integer, PendingMove> pendingMoves = new LinkedHashMap<>();
    private final Inotify inotify;
    private boolean limitLogged;

    /** Starts watching; the reader runs at once, the watches are added by {@link #watchTree(String)}. */
    public TreeWatcher(Path root, Listener listener, long moveWaitMillis) throws IOException {
        this.root = RawPaths.bytes(root.toAbsolutePath());
        this.listener = listener;
        this.moveWaitNanos = moveWaitMillis * 1_000_000L;
        this.inotify = Inotify.open(new Inotify.Handler() {
            @Override
            public void events(List<Inotify.Event> events) {
                handle(events);
            }

            @Override
            public void idle() {
                expireMoves();
            }
        }, "inotify " + root);
    }

    public static boolean excluded(String rel) {
        return rel.equals(".git") || rel.startsWith(".git/") || rel.endsWith("/.git") || rel.contains("/.git/");
    }

    public synchronized int watchedDirectories() {
        return dirByWd.size();
    }

    public synchronized boolean isWatched(String rel) {
        return wdByDir.containsKey(rel);
    }

    /** Directories that could not be watched because of the inotify limits, sorted. */
    public List<String> unwatchedDirectories() {
        return new ArrayList<>(new TreeSet<>(unwatched));
    }

    /**
     * Adds watches to a directory and every directory below it (except .git). A directory the kernel refuses
     * for lack of watches is recorded as unwatched; one that vanished meanwhile is skipped.
     */
    public void watchTree(String relDir) {
        Path start = RawPaths.resolve(root, relDir);
        try {
            Files.walkFileTree(start, new SimpleFileVisitor<Path>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    String rel = RawPaths.relative(root, dir);
                    if (excluded(rel)) {
                        return FileVisitResult.SKIP_SUBTREE;
                    }
                    tryWatch(rel);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    if (!(e instanceof NoSuchFileException)) {
                        LOG.warn("cannot read {}: {}", file, e.toString());
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            LOG.warn("cannot walk {}: {}", start, e.toString());
        }
    }

    /** Tries to watch one directory; true if it is watched now. */
    public synchronized boolean tryWatch(String rel) {
        byte[] r = RawPaths.raw(rel);
        byte[] abs = new byte[root.length + (rel.isEmpty() ? 0 : 1 + r.length)];
        System.arraycopy(root, 0, abs, 0, root.length);
        if (!rel.isEmpty()) {
            abs[root.length] = '/';
            System.arraycopy(r, 0, abs, root.length + 1, r.length);
        }
        try {
            int wd = inotify.addWatch(abs, MASK);
            String old = dirByWd.put(wd, rel);
            if (old != null && !old.equals(rel)) {
                wdByDir.remove(old);
            }
            wdByDir.put(rel, wd);
            unwatched.remove(rel);
            return true;
        } catch (Inotify.LimitException e) {
            if (unwatched.add(rel) && !limitLogged) {
                limitLogged = true;
                LOG.error("{}. Watching {} directories of {}; the others are scanned periodically"
                        + " instead (changes there are seen later and cost more).", e.getMessage(), dirByWd.size(),
                        RawPaths.display(root));
            }
            return false;
        } catch (IOException e) {
            unwatched.remove(rel);
            return false;
        }
    }

    private synchronized void handle(List<Inotify.Event> events) {
        for (Inotify.Event e : events) {
            if (e.is(Inotify.IN_Q_OVERFLOW)) {
                LOG.warn("inotify queue overflow in {}: rescanning", RawPaths.display(root));
                pendingMoves.clear();
                listener.overflow();
                continue;
            }
            String dir = dirByWd.get(e.wd);
            if (e.is(Inotify.IN_IGNORED)) {
                if (dir != null) {
                    dirByWd.remove(e.wd);
                    wdByDir.remove(dir, e.wd);
                }
                continue;
            }
            if (dir == null || e.name.length == 0) {
                continue;
            }
            String rel = RawPaths.child(dir, RawPaths.rawString(e.name));
            if (excluded(rel)) {
                continue;
            }
            boolean isDir = e.is(Inotify.IN_ISDIR);
            if (e.is(Inotify.IN_MOVED_FROM)) {
                pendingMoves.put(e.cookie, new PendingMove(rel, isDir, System.nanoTime()));
            } else if (e.is(Inotify.IN_MOVED_TO)) {
                PendingMove from = pendingMoves.remove(e.cookie);
                if (from != null) {
                    if (isDir) {
                        renameWatches(from.rel, rel);
                    }
                    listener.moved(from.rel, rel, isDir);
                } else if (isDir) {
                    watchTree(rel);
                    listener.directoryAppeared(rel);
                } else {
                    listener.fileChanged(rel, true);
                }
            } else if (e.is(Inotify.IN_CREATE)) {
                if (isDir) {
                    watchTree(rel);
                    listener.directoryAppeared(rel);
                } else {
                    listener.fileChanged(rel, false);
                }
            } else if (e.is(Inotify.IN_CLOSE_WRITE)) {
                listener.fileChanged(rel, true);
            } else if (e.is(Inotify.IN_ATTRIB)) {
                if (!isDir) {
                    listener.fileChanged(rel, false);
                }
            } else if (e.is(Inotify.IN_DELETE)) {
                if (isDir) {
                    unwatched.removeIf(u -> RawPaths.isUnder(u, rel));
                }
                listener.deleted(rel, isDir);
            }
        }
        expireMoves();
    }

    /** A MOVED_FROM without its MOVED_TO after the wait went out of the tree: a delete. */
    private synchronized void expireMoves() {
        long now = System.nanoTime();
        for (Iterator<PendingMove> it = pendingMoves.values().iterator(); it.hasNext();) {
            PendingMove m = it.next();
            if (now - m.nanos < moveWaitNanos) {
                break;
            }
            it.remove();
            if (m.directory) {
                unwatchTree(m.rel);
            }
            listener.deleted(m.rel, m.directory);
        }
    }

    /** The kernel keeps watching a directory moved out of the tree; those watches must go. */
    private void unwatchTree(String relDir) {
        List<Integer> gone = new ArrayList<>();
        for (Map.Entry<Integer, String> d : dirByWd.entrySet()) {
            if (RawPaths.isUnder(d.getValue(), relDir)) {
                gone.add(d.getKey());
            }
        }
        for (int wd : gone) {
            inotify.removeWatch(wd);
            wdByDir.remove(dirByWd.remove(wd));
        }
        unwatched.removeIf(u -> RawPaths.isUnder(u, relDir));
    }

    /** A directory moved within the tree keeps its watches (wd follows the inode); only the names change. */
    private void renameWatches(String from, String to) {
        Map<Integer, String> renamed = new HashMap<>();
        for (Map.Entry<Integer, String> d : dirByWd.entrySet()) {
            if (RawPaths.isUnder(d.getValue(), from)) {
                renamed.put(d.getKey(), to + d.getValue().substring(from.length()));
            }
        }
        for (Map.Entry<Integer, String> r : renamed.entrySet()) {
            wdByDir.remove(dirByWd.get(r.getKey()));
            dirByWd.put(r.getKey(), r.getValue());
            wdByDir.put(r.getValue(), r.getKey());
        }
        List<String> moved = new ArrayList<>();
        for (String u : unwatched) {
            if (RawPaths.isUnder(u, from)) {
                moved.add(u);
            }
        }
        for (String u : moved) {
            unwatched.remove(u);
            unwatched.add(to + u.substring(from.length()));
        }
    }

    @Override
    public void close() {
        inotify.close();
    }
}
