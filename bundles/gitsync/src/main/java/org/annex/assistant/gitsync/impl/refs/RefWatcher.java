package org.annex.assistant.gitsync.impl.refs;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.annex.assistant.api.annex.AnnexRefs;
import org.annex.assistant.api.concurrent.Coalescer;
import org.annex.assistant.api.concurrent.NamedThreads;
import org.annex.assistant.api.event.EventSink;
import org.annex.assistant.api.event.Topics;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Notices refs that other clones push to us ({@code refs/heads/synced/}) and that fetches bring
 * ({@code refs/remotes/}), posts {@link Topics#REF_RECEIVED} for each, and tells its listener.
 *
 * <p>inotify (through the JDK's WatchService) on the ref folders wakes a look the moment a push lands, so
 * the poll on the bundle's scheduler is only a safety net and an idle daemon does not wake 50 times a
 * second. A folder that appears is registered at the next look; whatever arrives in it before that is
 * caught by the look its creation triggers (every look compares all incoming refs) or by the poll.
 */
public final class RefWatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RefWatcher.class);
    private static final long REF_DIRS_RELIST_NANOS = 1_000_000_000L;

    /** Told after each look that found the ref folders changed (or was asked to look anyway). */
    @FunctionalInterface
    public interface Listener {
        /** @param changed the incoming refs whose value changed since the last look (may be empty) */
        void looked(List<String> changed);
    }

    private final Repository repo;
    private final Path gitDir;
    private final String repositoryPath;
    private final String name;
    private final List<String> prefixes;
    private final EventSink events;
    private final Listener listener;
    private final BooleanSupplier lookAnyway;
    private final ScheduledExecutorService scheduler;
    private final Duration pollInterval;
    /** Looks run one at a time on the scheduler; a wake-up during a look is served by one more look. */
    private final Coalescer looks;
    private final Set<Path> watchedRefDirs = ConcurrentHashMap.newKeySet();
    private volatile WatchService refWatch;
    private volatile ScheduledFuture<?> poll;
    // Touched only by looks, which the coalescer runs one at a time (and by start, before the first).
    private Map<String, ObjectId> seenRefs = Map.of();
    private String refFingerprint = "";
    private List<File> refDirs;
    private long refDirsListedNanos;

    /**
     * Watches the refs other clones push to us ({@code refs/heads/synced/}) and that fetches bring
     * ({@code refs/remotes/}) in our own repository.
     *
     * @param events posts with the repository's {@link Topics#REPOSITORY} already added
     * @param lookAnyway whether a look that finds the folders unchanged should still tell the listener
     *     (a merge that was postponed wants another try)
     */
    public RefWatcher(Repository repo, String repositoryPath, ScheduledExecutorService scheduler, Duration pollInterval,
            EventSink events, BooleanSupplier lookAnyway, Listener listener) {
        this(repo, repositoryPath, repo.getWorkTree().getName(), List.of(AnnexRefs.SYNCED_HEADS, AnnexRefs.REMOTES),
                scheduler, pollInterval, events, lookAnyway, listener);
    }

    /**
     * Watches the refs under {@code prefixes} of any repository (bare too), e.g. the branches of a remote on
     * a local path, which other clones push to.
     *
     * @param name names the watch thread
     * @param prefixes ref name prefixes, each a folder under the git directory ({@code refs/heads/})
     */
    public RefWatcher(Repository repo, String repositoryPath, String name, List<String> prefixes,
            ScheduledExecutorService scheduler, Duration pollInterval, EventSink events, BooleanSupplier lookAnyway,
            Listener listener) {
        this.repo = repo;
        this.gitDir = repo.getDirectory().toPath();
        this.repositoryPath = repositoryPath;
        this.name = name;
        this.prefixes = List.copyOf(prefixes);
        this.scheduler = scheduler;
        this.pollInterval = pollInterval;
        this.events = events;
        this.lookAnyway = lookAnyway;
        this.listener = listener;
        this.looks = new Coalescer(scheduler, 0, this::look);
    }

    /** Takes the refs there are now as seen, then watches and polls. */
    public void start() {
        refFingerprint = fingerprint();
        seenRefs = incomingRefs();
        startRefWatch();
        long millis = pollInterval.toMillis();
        poll = scheduler.scheduleWithFixedDelay(looks::request, millis, millis, TimeUnit.MILLISECONDS);
    }

    /** Asks for a look at the refs (what inotify and the poll do). */
    public void requestLook() {
        looks.request();
    }

    /**
     * A look at the incoming refs. A ref update is a rename into a folder of refs/, which changes that
     * folder's modification time, so comparing the folders' times and sizes (and packed-refs') first costs
     * a few system calls; what changed is then decided by comparing ref values.
     */
    void look() {
        try {
            String now = fingerprint();
            if (now.equals(refFingerprint) && !lookAnyway.getAsBoolean()) {
                return;
            }
            // Something moved: a new folder may have come with it. The folders are listed again (and the new
            // ones watched) before the refs are read, so what changes after this look moves a time we stat.
            refDirsListedNanos = System.nanoTime();
            refDirs = listRefDirs();
            registerRefDirs(refDirs);
            refFingerprint = fingerprint();
            Map<String, ObjectId> refs = incomingRefs();
            List<String> changed = new ArrayList<>();
            refs.forEach((ref, id) -> {
                if (!id.equals(seenRefs.get(ref))) {
                    changed.add(ref);
                }
            });
            seenRefs = refs;
            for (String ref : changed) {
                events.post(Topics.REF_RECEIVED, Map.of(Topics.REMOTE, remoteOf(ref), Topics.REF, ref));
            }
            listener.looked(changed);
        } catch (RuntimeException e) {
            LOG.warn("{}: watching refs failed", repositoryPath, e);
        }
    }

    /**
     * The modification times and sizes of packed-refs and of every folder under the watched prefixes
     * (refs/heads/synced and refs/remotes for our own). The folders are listed again at most once a second (a new remote or branch folder);
     * in between only the known ones are stat-ed, so an idle daemon's polling costs a few system calls.
     */
    private String fingerprint() {
        long now = System.nanoTime();
        if (refDirs == null || now - refDirsListedNanos > REF_DIRS_RELIST_NANOS) {
            refDirsListedNanos = now;
            refDirs = listRefDirs();
        }
        StringBuilder b = new StringBuilder(refDirs.size() * 24);
        for (File f : refDirs) {
            b.append(f.lastModified()).append(':').append(f.length()).append(';');
        }
        return b.toString();
    }

    private void startRefWatch() {
        try {
            refWatch = gitDir.getFileSystem().newWatchService();
        } catch (IOException | UnsupportedOperationException e) {
            LOG.info("{}: no file system notifications for refs ({}); polling only", repositoryPath, e.toString());
            return;
        }
        registerRefDirs(listRefDirs());
        // A thread of its own: WatchService.take() blocks until the kernel reports a change.
        NamedThreads.factory("gitsync-refwatch-" + name).newThread(this::followRefWatch).start();
    }

    private void followRefWatch() {
        while (true) {
            WatchKey key;
            try {
                key = refWatch.take();
            } catch (InterruptedException | ClosedWatchServiceException e) {
                return;
            }
            boolean relevant = false;
            for (WatchEvent<?> ev : key.pollEvents()) {
                // In .git itself only packed-refs matters; the index and the rest change at every commit.
                relevant |= !gitDir.equals(key.watchable()) || String.valueOf(ev.context()).equals(Constants.PACKED_REFS)
                        || ev.kind() == StandardWatchEventKinds.OVERFLOW;
            }
            key.reset();
            if (relevant) {
                looks.request();
            }
        }
    }

    /** Registers the ref folders not watched yet (at start, and after each look that saw a change). */
    private void registerRefDirs(List<File> listed) {
        if (refWatch == null) {
            return;
        }
        List<Path> dirs = new ArrayList<>();
        dirs.add(gitDir);
        for (File f : listed) {
            if (f.isDirectory()) {
                dirs.add(f.toPath());
            }
        }
        for (Path d : dirs) {
            if (watchedRefDirs.add(d)) {
                try {
                    d.register(refWatch, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
                            StandardWatchEventKinds.ENTRY_DELETE);
                } catch (IOException | ClosedWatchServiceException e) {
                    watchedRefDirs.remove(d);
                }
            }
        }
    }

    private List<File> listRefDirs() {
        List<File> out = new ArrayList<>();
        out.add(gitDir.resolve(Constants.PACKED_REFS).toFile());
        for (String prefix : prefixes) {
            Path root = gitDir.resolve(prefix);
            out.add(root.toFile());
            if (Files.isDirectory(root)) {
                try (var dirs = Files.walk(root)) {
                    dirs.filter(p -> !p.equals(root) && Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)).forEach(p -> out.add(p.toFile()));
                } catch (IOException | UncheckedIOException e) {
                    // A directory vanished while walking (ref deleted or packed): listed again next time.
                    refDirsListedNanos = 0;
                }
            }
        }
        return out;
    }

    private Map<String, ObjectId> incomingRefs() {
        Map<String, ObjectId> refs = new TreeMap<>();
        try {
            for (Ref r : repo.getRefDatabase().getRefsByPrefix(prefixes.toArray(String[]::new))) {
                if (r.getObjectId() != null && !r.isSymbolic()) {
                    refs.put(r.getName(), r.getObjectId());
                }
            }
        } catch (IOException e) {
            LOG.warn("{}: cannot read refs", repositoryPath, e);
        }
        return refs;
    }

    /** The remote a remote-tracking ref belongs to; "" for a ref pushed to us (refs/heads/synced/). */
    static String remoteOf(String ref) {
        if (ref.startsWith(AnnexRefs.REMOTES)) {
            String rest = ref.substring(AnnexRefs.REMOTES.length());
            return rest.substring(0, Math.max(rest.indexOf('/'), 0));
        }
        return "";
    }

    @Override
    public void close() {
        looks.close();
        ScheduledFuture<?> p = poll;
        if (p != null) {
            p.cancel(false);
        }
        WatchService w = refWatch;
        if (w != null) {
            try {
                w.close();
            } catch (IOException e) {
                LOG.debug("closing the ref watch: {}", e.toString());
            }
        }
    }
}
