package org.annex.assistant.transfer.impl.scan;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

import org.annex.assistant.api.annex.AnnexRefs;
import org.annex.assistant.api.annex.AnnexRepository;
import org.annex.assistant.api.netmap.NetworkMap;
import org.annex.assistant.api.remote.Remote;
import org.annex.assistant.api.transfer.TransferQueue;
import org.annex.assistant.transfer.impl.remotes.RemoteRegistry;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevWalk;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds what to upload to and download from remotes. Per remote it remembers the work-tree commit and the
 * git-annex branch commit it last scanned against ({@link LastScans}); the next scan looks only at what
 * changed since ({@link IncrementalScan}). Without a valid last scan (first run, history rewritten) it walks
 * every annexed file ({@link FullWalk}), once for all remotes that need it; a remote that needs a walk too
 * and asks while one is under way gets on where it is ({@link #join}) rather than waiting for it to end and
 * walking everything again. What is annexed where, and which location logs changed, core answers.
 */
public final class TransferScanner {
    private static final Logger LOG = LoggerFactory.getLogger(TransferScanner.class);

    private final AnnexRepository repository;
    private final Repository git;
    private final RemoteRegistry remotes;
    private final TransferQueue queue;
    private final LastScans lastScans;
    /** The network map to plan uploads by, or null (flood fill); asked at each scan's start. */
    private final Supplier<NetworkMap> networkMap;
    private KeyIndex index;
    /** The full walk that remotes can still join (during its first pass), or null. */
    private volatile FullWalk openWalk;
    private volatile WalkProbe walkProbe;

    /** @param git the repository's shared JGit repository ({@code repository.adaptTo}), for its refs and ancestry */
    public TransferScanner(AnnexRepository repository, Repository git, RemoteRegistry remotes, TransferQueue queue) {
        this(repository, git, remotes, queue, () -> null);
    }

    /** @param networkMap the network map to plan uploads by now, or null to flood ({@link UploadChoice}) */
    public TransferScanner(AnnexRepository repository, Repository git, RemoteRegistry remotes, TransferQueue queue,
            Supplier<NetworkMap> networkMap) {
        this.networkMap = networkMap;
        this.repository = repository;
        this.git = git;
        this.remotes = remotes;
        this.queue = queue;
        this.lastScans = new LastScans(repository.gitDir().resolve("annex-assistant").resolve("scan"));
    }

    /** What one scan did. */
    public static final class Stats {
        public boolean fullWalk;
        /** Annexed files looked at: every one on a full walk, only changed ones otherwise. */
        public long entriesVisited;
        /** Keys whose location logs changed, looked at (incremental scans only). */
        public long branchFilesVisited;
        public long keysChecked;
        public int uploadsQueued;
        public int downloadsQueued;
        /** Keys with fewer known copies than numcopies. */
        public int lackingCopies;
        public final List<String> remotes = new ArrayList<>();
        /** Remotes that joined the full walk under way, with the number of entries it had passed then. */
        public final Map<String, Long> joinedAt = new LinkedHashMap<>();

        @Override
        public String toString() {
            return (fullWalk ? "full" : "incremental") + " scan of " + remotes + (joinedAt.isEmpty() ? "" : " (joined: " + joinedAt + ")")
                    + ": " + entriesVisited + " tree entries, " + branchFilesVisited + " branch files, "
                    + keysChecked + " keys, " + uploadsQueued + " uploads, " + downloadsQueued + " downloads queued, "
                    + lackingCopies + " keys lacking copies";
        }
    }

    /** Told where a full walk is, for tests that act at a known point of it. */
    public interface WalkProbe {
        /**
         * Called before each entry and after the last: {@code pass} is 1, or 2 for the entries that joiners
         * missed; {@code position} the number of entries the pass has gone past.
         */
        void at(int pass, long position);
    }

    /** Sets the probe that every later full walk tells where it is. */
    public void setWalkProbe(WalkProbe probe) {
        walkProbe = probe;
    }

    /** Scans the named remotes (all remotes if empty); the others keep their state. */
    public synchronized Stats scan(Collection<String> names) throws IOException {
        Stats stats = new Stats();
        List<Remote> all = remotes.all();
        List<Remote> targets = new ArrayList<>();
        for (Remote r : all) {
            if (names.isEmpty() || names.contains(r.name())) {
                targets.add(r);
                stats.remotes.add(r.name());
            }
        }
        ObjectId head = git.resolve("HEAD^{commit}");
        ObjectId annex = git.resolve(AnnexRefs.ANNEX_BRANCH);
        if (targets.isEmpty() || head == null) {
            return stats;
        }
        KeyCheck check = new KeyCheck(repository, queue, stats, repository.numCopies(),
                new UploadChoice(repository, networkMap.get()), all);
        LastScans.Scan scanned = new LastScans.Scan(head, annex == null ? ObjectId.zeroId() : annex);
        boolean full = false;
        Set<LastScans.Scan> since = new LinkedHashSet<>();
        try (RevWalk rw = new RevWalk(git)) {
            for (Remote r : targets) {
                Optional<LastScans.Scan> s = lastScans.read(r);
                if (s.isEmpty() || !LastScans.valid(rw, s.get(), head, annex)) {
                    full = true;
                } else {
                    since.add(s.get());
                }
            }
            if (index == null) {
                index = KeyIndex.load(indexFile()).orElse(null);
            }
            if (index != null && !LastScans.present(rw, index.commit())) {
                index = null;
            }
        }
        if (full || index == null) {
            stats.fullWalk = true;
            index = new KeyIndex(head);
            FullWalk walk = new FullWalk(repository, lastScans, scanned, index, check, stats, walkProbe, targets, all);
            openWalk = walk;
            try {
                walk.firstPass();
            } finally {
                openWalk = null;
            }
            saveIndex(head);
            walk.finish();
        } else {
            new IncrementalScan(repository, index, check, stats).run(head, annex, since, targets, all);
            saveIndex(head);
            for (Remote r : targets) {
                lastScans.write(r, scanned);
            }
        }
        LOG.info("{} in {}", stats, repository.workTree());
        return stats;
    }

    /**
     * Takes the named remotes (all if none are named) into the full walk under way, if it is still in its
     * first pass, and if they need a walk themselves (no valid last scan): each is checked from the entry the
     * walk has reached, and the entries it missed are walked again for it alone right after the first pass,
     * within the same {@link #scan}. Returns the names taken; the caller scans the others after the walk: a
     * remote with a valid last scan needs only what changed since, which costs less than the entries it
     * missed, and one already in the walk needs only what changed during it. Callable from any thread.
     */
    public Set<String> join(Collection<String> names) throws IOException {
        FullWalk walk = openWalk;
        if (walk == null) {
            return Set.of();
        }
        ObjectId annex = walk.scanned().annex().equals(ObjectId.zeroId()) ? null : walk.scanned().annex();
        List<Remote> needWalk = new ArrayList<>();
        try (RevWalk rw = new RevWalk(git)) {
            for (Remote r : remotes.all()) {
                if ((names.isEmpty() || names.contains(r.name())) && !walk.isMember(r.name())
                        && !lastScans.validFor(r, rw, walk.scanned().head(), annex)) {
                    needWalk.add(r);
                }
            }
        }
        return walk.offer(needWalk);
    }

    /** Forgets every remote's last scan: the next scan walks the whole tree. Waits for a scan under way. */
    public synchronized void forget() throws IOException {
        index = null;
        Files.deleteIfExists(indexFile());
        for (Remote r : remotes.all()) {
            lastScans.forget(r);
        }
    }

    private void saveIndex(ObjectId head) throws IOException {
        index.setCommit(head);
        index.save(indexFile());
    }

    private Path indexFile() {
        return lastScans.dir().resolve("key-index");
    }
}
