package org.annex.assistant.gitsync.impl;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;

import org.annex.assistant.api.annex.AnnexRepository;
import org.annex.assistant.api.event.EventSink;
import org.annex.assistant.api.event.Topics;
import org.annex.assistant.core.NeighbourRepositories;
import org.annex.assistant.gitsync.RemoteStatus;
import org.annex.assistant.ssh.SshConnections;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.api.errors.InvalidRemoteException;
import org.eclipse.jgit.api.errors.JGitInternalException;
import org.eclipse.jgit.api.errors.TransportException;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.RepositoryCache;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.PushResult;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.RemoteRefUpdate;
import org.eclipse.jgit.transport.URIish;
import org.eclipse.jgit.util.FS;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Git-level sync of one repository: push after commits, merge what other clones push to us or what
 * our fetches bring, relay merged changes, retry what failed. Merges run one at a time on their own
 * thread; pushes run on a shared pool, one task per remote, so a slow or dead remote delays nobody.
 */
final class RepositorySync implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RepositorySync.class);
    static final String ANNEX_BRANCH = "refs/heads/git-annex";
    private static final String SYNCED = "refs/heads/synced/";
    private static final String REMOTES = Constants.R_REMOTES;

    /** How the sync behaves; see {@code GitSyncComponent.Config}. */
    static final class Settings {
        final Duration pushTimeout;
        final Duration retryInterval;
        final Duration pollInterval;

        Settings(Duration pushTimeout, Duration retryInterval, Duration pollInterval) {
            this.pushTimeout = pushTimeout;
            this.retryInterval = retryInterval;
            this.pollInterval = pollInterval;
        }
    }

    private static final class RemoteState {
        final String name;
        volatile String url;
        volatile Instant lastPush;
        volatile String lastError;
        volatile boolean reachable = true;
        volatile boolean needsRetry;
        /** Guards {@link #pushRunning} and {@link #nextPush}. */
        final Object pushes = new Object();
        boolean pushRunning;
        /** Completes when the push that will start next has ended; every request until then shares it. */
        CompletableFuture<Void> nextPush;

        RemoteState(String name) {
            this.name = name;
        }
    }

    private final AnnexRepository annex;
    private final Repository repo;
    private final Git git;
    private final Settings settings;
    private final ExecutorService pushPool;
    private final Supplier<SshConnections> ssh;
    private final EventSink events;
    private final LocalPush localPush;
    private final String repositoryPath;
    private final WorkTreeUpdater updater;
    private final ExecutorService merges;
    private final ScheduledExecutorService timer;
    private final Map<String, RemoteState> remotes = new ConcurrentHashMap<>();
    private Map<String, ObjectId> seenRefs = Map.of();
    private String refFingerprint = "";
    private volatile boolean mergePostponed;
    /** How often the repository is looked at for git gc --auto's thresholds. */
    private static final long HOUSEKEEPING_MINUTES = 10;
    private final ExecutorService housekeeper;
    private final java.util.concurrent.atomic.AtomicBoolean housekeepingRunning = new java.util.concurrent.atomic.AtomicBoolean();

    RepositorySync(AnnexRepository annex, Settings settings, ExecutorService pushPool, Supplier<SshConnections> ssh,
            NeighbourRepositories neighbours, EventSink events) throws IOException {
        this.annex = annex;
        this.localPush = new LocalPush(neighbours);
        // The repository belongs to core's AnnexRepository service: shared, never closed here.
        this.repo = annex.adaptTo(Repository.class).orElseThrow(
                () -> new IOException("not a JGit-backed repository: " + annex.workTree()));
        this.git = new Git(repo);
        this.settings = settings;
        this.pushPool = pushPool;
        this.ssh = ssh;
        this.events = events;
        this.repositoryPath = annex.workTree().toAbsolutePath().toString();
        this.updater = new WorkTreeUpdater(repo, annex);
        String name = annex.workTree().getFileName().toString();
        this.merges = Executors.newSingleThreadExecutor(r -> new Thread(r, "gitsync-merge-" + name));
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "gitsync-timer-" + name));
        this.housekeeper = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "gitsync-gc-" + name);
            t.setDaemon(true);
            t.setPriority(Thread.MIN_PRIORITY);
            return t;
        });
    }

    void start() {
        refFingerprint = fingerprint();
        seenRefs = incomingRefs();
        startRefWatch();
        long poll = settings.pollInterval.toMillis();
        timer.scheduleWithFixedDelay(this::pollRefs, poll, poll, TimeUnit.MILLISECONDS);
        long retry = settings.retryInterval.toMillis();
        timer.scheduleWithFixedDelay(this::retryFailed, retry, retry, TimeUnit.MILLISECONDS);
        // git gc --auto's job, on a thread of its own: packing can take seconds on a big repository.
        timer.scheduleWithFixedDelay(() -> {
            if (housekeepingRunning.compareAndSet(false, true)) {
                housekeeper.execute(() -> {
                    try {
                        Housekeeping.runIfNeeded(repo);
                    } finally {
                        housekeepingRunning.set(false);
                    }
                });
            }
        }, HOUSEKEEPING_MINUTES, HOUSEKEEPING_MINUTES, TimeUnit.MINUTES);
        merges.submit(() -> {
            mergeIncomingLogged();
            pushAll();
        });
    }

    Path workTree() {
        return annex.workTree();
    }

    // ------------------------------------------------------------------------------------ receiving

    /**
     * A look at the incoming refs, made when inotify reports a change in a ref folder and by a slow timer.
     * A ref update is a rename into a folder of refs/, which changes that folder's modification time, so
     * comparing the folders' times and sizes (and packed-refs') first costs a few system calls; what
     * changed is then decided by comparing ref values.
     */
    private void pollRefs() {
        try {
            String now = fingerprint();
            if (now.equals(refFingerprint) && !mergePostponed) {
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
            refs.forEach((name, id) -> {
                if (!id.equals(seenRefs.get(name))) {
                    changed.add(name);
                }
            });
            seenRefs = refs;
            for (String ref : changed) {
                events.post(Topics.REF_RECEIVED, props(Topics.REMOTE, remoteOf(ref), Topics.REF, ref));
            }
            if (!changed.isEmpty() || mergePostponed) {
                merges.submit(() -> {
                    if (mergeIncomingLogged()) {
                        pushAll();
                    }
                });
            }
        } catch (RuntimeException e) {
            LOG.warn("{}: watching refs failed", repositoryPath, e);
        }
    }

    /**
     * The modification times and sizes of packed-refs and of every folder under refs/heads/synced and
     * refs/remotes. The folders are listed again at most once a second (a new remote or branch folder);
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

    /**
     * inotify (through the JDK's WatchService) on the ref folders wakes {@link #pollRefs} the moment a
     * push lands, so the timer's poll is only a safety net and an idle daemon does not wake 50 times a
     * second. A folder that appears is registered at the next look; whatever arrives in it before that
     * is caught by the look its creation triggers (every look compares all incoming refs) or by the poll.
     */
    private void startRefWatch() {
        try {
            refWatch = repo.getDirectory().toPath().getFileSystem().newWatchService();
        } catch (IOException | UnsupportedOperationException e) {
            LOG.info("{}: no file system notifications for refs ({}); polling only", repositoryPath, e.toString());
            return;
        }
        registerRefDirs(listRefDirs());
        Thread t = new Thread(this::followRefWatch, "gitsync-refwatch-" + annex.workTree().getFileName());
        t.setDaemon(true);
        t.start();
    }

    private void followRefWatch() {
        Path gitDir = repo.getDirectory().toPath();
        while (true) {
            java.nio.file.WatchKey key;
            try {
                key = refWatch.take();
            } catch (InterruptedException | java.nio.file.ClosedWatchServiceException e) {
                return;
            }
            boolean relevant = false;
            for (java.nio.file.WatchEvent<?> ev : key.pollEvents()) {
                // In .git itself only packed-refs matters; the index and the rest change at every commit.
                relevant |= !gitDir.equals(key.watchable()) || String.valueOf(ev.context()).equals(Constants.PACKED_REFS)
                        || ev.kind() == java.nio.file.StandardWatchEventKinds.OVERFLOW;
            }
            key.reset();
            if (relevant) {
                try {
                    timer.execute(this::pollRefs);
                } catch (java.util.concurrent.RejectedExecutionException e) {
                    return;
                }
            }
        }
    }

    /** Registers the ref folders not watched yet (at start, and after each look that saw a change). */
    private void registerRefDirs(List<File> listed) {
        if (refWatch == null) {
            return;
        }
        List<Path> dirs = new ArrayList<>();
        dirs.add(repo.getDirectory().toPath());
        for (File f : listed) {
            if (f.isDirectory()) {
                dirs.add(f.toPath());
            }
        }
        for (Path d : dirs) {
            if (watchedRefDirs.add(d)) {
                try {
                    d.register(refWatch, java.nio.file.StandardWatchEventKinds.ENTRY_CREATE,
                            java.nio.file.StandardWatchEventKinds.ENTRY_MODIFY, java.nio.file.StandardWatchEventKinds.ENTRY_DELETE);
                } catch (IOException e) {
                    watchedRefDirs.remove(d);
                }
            }
        }
    }

    private volatile java.nio.file.WatchService refWatch;
    private final java.util.Set<Path> watchedRefDirs = ConcurrentHashMap.newKeySet();

    private static final long REF_DIRS_RELIST_NANOS = 1_000_000_000L;
    private List<File> refDirs;
    private long refDirsListedNanos;

    private List<File> listRefDirs() {
        List<File> out = new ArrayList<>();
        Path gitDir = repo.getDirectory().toPath();
        out.add(gitDir.resolve(Constants.PACKED_REFS).toFile());
        for (Path root : List.of(gitDir.resolve("refs/heads/synced"), gitDir.resolve("refs/remotes"))) {
            out.add(root.toFile());
            if (Files.isDirectory(root)) {
                try (Stream<Path> dirs = Files.walk(root)) {
                    dirs.filter(p -> !p.equals(root) && Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)).forEach(p -> out.add(p.toFile()));
                } catch (IOException | java.io.UncheckedIOException e) {
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
            for (Ref r : repo.getRefDatabase().getRefsByPrefix(SYNCED, REMOTES)) {
                if (r.getObjectId() != null && !r.isSymbolic()) {
                    refs.put(r.getName(), r.getObjectId());
                }
            }
        } catch (IOException e) {
            LOG.warn("{}: cannot read refs", repositoryPath, e);
        }
        return refs;
    }

    private static String remoteOf(String ref) {
        if (ref.startsWith(REMOTES)) {
            String rest = ref.substring(REMOTES.length());
            return rest.substring(0, Math.max(rest.indexOf('/'), 0));
        }
        return "";
    }

    private boolean mergeIncomingLogged() {
        try {
            boolean moved = mergeIncoming();
            if (moved) {
                // What the merge brought is in the branches (and the work tree) only now: the transfer
                // scanner looks again, since the look a received ref triggered may have come too early.
                events.post(Topics.MERGED, props());
            }
            return moved;
        } catch (IOException | RuntimeException e) {
            LOG.warn("{}: merging incoming changes failed", repositoryPath, e);
            return false;
        }
    }

    /**
     * Merges the git-annex branches first (so the location logs of the new files are known when the
     * tree arrives), then the work-tree branch from every place other clones put it. Returns whether
     * anything moved, i.e. whether there is something to relay.
     */
    boolean mergeIncoming() throws IOException {
        mergePostponed = false;
        List<String> names = remoteNames();
        List<String> annexRefs = new ArrayList<>();
        for (String r : names) {
            annexRefs.add(REMOTES + r + "/git-annex");
            annexRefs.add(REMOTES + r + "/synced/git-annex");
        }
        annexRefs.add(SYNCED + "git-annex");
        annexRefs.removeIf(ref -> resolve(ref) == null);
        boolean changed = !annexRefs.isEmpty() && annex.mergeAnnexBranches(annexRefs);

        Ref head = repo.exactRef(Constants.HEAD);
        if (head == null || !head.isSymbolic() || !head.getTarget().getName().startsWith(Constants.R_HEADS)) {
            return changed;
        }
        String branchRef = head.getTarget().getName();
        String branch = Repository.shortenRefName(branchRef);
        List<String> candidates = new ArrayList<>();
        candidates.add(SYNCED + branch);
        for (String r : names) {
            candidates.add(REMOTES + r + "/synced/" + branch);
            candidates.add(REMOTES + r + "/" + branch);
        }
        for (String ref : candidates) {
            ObjectId id = resolve(ref);
            if (id != null) {
                changed |= mergeInto(branchRef, ref, id);
            }
        }
        advanceSyncedBranch(branchRef, SYNCED + branch);
        return changed;
    }

    private boolean mergeInto(String branchRef, String refName, ObjectId theirsId) throws IOException {
        try (RevWalk walk = new RevWalk(repo)) {
            ObjectId headId = resolve(branchRef);
            RevCommit theirs = walk.parseCommit(theirsId);
            RevCommit ours = headId == null ? null : walk.parseCommit(headId);
            if (ours != null && walk.isMergedInto(theirs, ours)) {
                return false;
            }
            RevCommit target;
            if (ours == null || walk.isMergedInto(ours, theirs)) {
                target = theirs;
            } else {
                TreeMerger.Outcome outcome = TreeMerger.merge(repo, ours, theirs);
                if (!outcome.merged()) {
                    // git-annex leaves such a conflict to the user and does not commit the merge; we do
                    // not write conflict markers into the user's files either: the merge waits.
                    LOG.warn("{}: cannot merge {}: both sides changed non-annexed files {}", repositoryPath,
                            refName, outcome.unresolved);
                    return false;
                }
                String message = outcome.conflictsResolved ? TreeMerger.CONFLICT_MESSAGE
                        : "Merge branch '" + refName + "'\n";
                target = walk.parseCommit(commit(outcome.tree, message, ours, theirs));
            }
            return apply(branchRef, ours, target, refName);
        }
    }

    private ObjectId commit(ObjectId tree, String message, ObjectId... parents) throws IOException {
        PersonIdent me = new PersonIdent(repo);
        CommitBuilder c = new CommitBuilder();
        c.setTreeId(tree);
        c.setParentIds(parents);
        c.setAuthor(me);
        c.setCommitter(me);
        c.setMessage(message);
        try (ObjectInserter inserter = repo.newObjectInserter()) {
            ObjectId id = inserter.insert(c);
            inserter.flush();
            return id;
        }
    }

    /**
     * Work tree first, then index, then the branch: a crash in between leaves new files that the watcher
     * commits (the same content as the merge, so nothing is lost or reverted). The index lock is held
     * throughout, so a commit by the watcher or by git cannot slip in between the check and the update.
     */
    private boolean apply(String branchRef, RevCommit ours, RevCommit target, String refName) throws IOException {
        DirCache index = repo.lockDirCache();
        try {
            ObjectId headNow = resolve(branchRef);
            if (!Objects.equals(headNow, ours == null ? null : ours.getId())) {
                mergePostponed = true;
                return false;
            }
            List<String> blocked = updater.apply(index, ours == null ? null : ours.getTree(), target.getTree());
            if (!blocked.isEmpty()) {
                LOG.info("{}: merge of {} waits: uncommitted changes in {}", repositoryPath, refName, blocked);
                mergePostponed = true;
                return false;
            }
            index.write();
            if (!index.commit()) {
                throw new IOException("could not write the index of " + repositoryPath);
            }
            RefUpdate update = repo.updateRef(branchRef);
            update.setExpectedOldObjectId(ours == null ? ObjectId.zeroId() : ours);
            update.setNewObjectId(target);
            update.setRefLogMessage("annex-assistant: merge " + refName, false);
            RefUpdate.Result result = update.update();
            if (result != RefUpdate.Result.FAST_FORWARD && result != RefUpdate.Result.NEW
                    && result != RefUpdate.Result.FORCED) {
                throw new IOException("could not move " + branchRef + " to " + target.name() + ": " + result);
            }
            LOG.info("{}: merged {} ({})", repositoryPath, refName, target.name());
        } finally {
            index.unlock();
        }
        restoreStatData();
        return true;
    }

    private void restoreStatData() throws IOException {
        DirCache index = repo.lockDirCache();
        try {
            updater.restoreStatData(index);
            index.write();
            index.commit();
        } finally {
            index.unlock();
        }
    }

    /** As {@code git branch -f synced/master master} in git annex sync, but only forward, never losing a push. */
    private void advanceSyncedBranch(String branchRef, String syncedRef) throws IOException {
        ObjectId head = resolve(branchRef);
        ObjectId synced = resolve(syncedRef);
        if (head == null || head.equals(synced)) {
            return;
        }
        try (RevWalk walk = new RevWalk(repo)) {
            if (synced != null && !walk.isMergedInto(walk.parseCommit(synced), walk.parseCommit(head))) {
                return;
            }
        }
        RefUpdate update = repo.updateRef(syncedRef);
        update.setExpectedOldObjectId(synced == null ? ObjectId.zeroId() : synced);
        update.setNewObjectId(head);
        update.update();
    }

    private ObjectId resolve(String ref) {
        try {
            Ref r = repo.exactRef(ref);
            return r == null ? null : r.getObjectId();
        } catch (IOException e) {
            return null;
        }
    }

    // -------------------------------------------------------------------------------------- pushing

    /** Remotes git-annex would sync with: those with a URL, not marked annex-ignore or annex-sync=false. */
    List<String> remoteNames() {
        List<String> names = new ArrayList<>();
        var config = repo.getConfig();
        for (String r : config.getSubsections("remote")) {
            String url = config.getString("remote", r, "url");
            if (url != null && !config.getBoolean("remote", r, "annex-ignore", false)
                    && config.getBoolean("remote", r, "annex-sync", true)) {
                names.add(r);
                remotes.computeIfAbsent(r, RemoteState::new).url = url;
            }
        }
        return names;
    }

    /** Pushes to every remote in parallel; the future completes when all have finished (or failed). */
    CompletableFuture<Void> pushAll() {
        return CompletableFuture.allOf(remoteNames().stream().map(this::requestPush).toArray(CompletableFuture[]::new));
    }

    /**
     * Asks for a push of the current refs to a remote. One push runs per remote at a time, and the requests
     * made while it runs are all served by the single push after it: a push sends whatever the refs are
     * when it starts, so a burst of commits and merges costs a few pushes (and the remote a few packs, each
     * of which every later object lookup there searches) rather than one per commit.
     */
    private CompletableFuture<Void> requestPush(String remote) {
        RemoteState state = remotes.computeIfAbsent(remote, RemoteState::new);
        synchronized (state.pushes) {
            if (state.nextPush == null) {
                state.nextPush = new CompletableFuture<>();
            }
            CompletableFuture<Void> mine = state.nextPush;
            if (!state.pushRunning) {
                state.pushRunning = true;
                try {
                    pushPool.execute(() -> drainPushes(state));
                } catch (java.util.concurrent.RejectedExecutionException e) {
                    state.pushRunning = false;
                    state.nextPush = null;
                    mine.completeExceptionally(e);
                }
            }
            return mine;
        }
    }

    private void drainPushes(RemoteState state) {
        while (true) {
            CompletableFuture<Void> round;
            synchronized (state.pushes) {
                round = state.nextPush;
                state.nextPush = null;
                if (round == null) {
                    state.pushRunning = false;
                    return;
                }
            }
            try {
                pushRemote(state.name, true);
            } finally {
                round.complete(null);
            }
        }
    }

    /** Fetch from every remote in parallel, merge, push to every remote in parallel. */
    CompletableFuture<Void> syncAll() {
        return syncRemotes(remoteNames());
    }

    private CompletableFuture<Void> syncRemotes(List<String> names) {
        CompletableFuture<?>[] fetches = names.stream()
                .map(r -> CompletableFuture.runAsync(() -> fetchLogged(r), pushPool))
                .toArray(CompletableFuture[]::new);
        return CompletableFuture.allOf(fetches)
                .thenRunAsync(this::mergeIncomingLogged, merges)
                .thenCompose(x -> CompletableFuture.allOf(names.stream().map(this::requestPush)
                        .toArray(CompletableFuture[]::new)));
    }

    void retryFailed() {
        List<String> failed = new ArrayList<>();
        remoteNames();
        remotes.values().forEach(s -> {
            if (s.needsRetry) {
                failed.add(s.name);
            }
        });
        if (!failed.isEmpty()) {
            syncRemotes(failed);
        }
    }

    /** Another bundle saw the remote come back: try it now if it was failing. */
    void remoteReachable(String nameOrUrl) {
        remoteNames();
        remotes.values().stream()
                .filter(s -> s.needsRetry && (s.name.equals(nameOrUrl) || Objects.equals(s.url, nameOrUrl)))
                .forEach(s -> syncRemotes(List.of(s.name)));
    }

    private void fetchLogged(String remote) {
        RemoteState state = remotes.computeIfAbsent(remote, RemoteState::new);
        synchronized (state) {
            try {
                fetch(remote);
            } catch (GitAPIException | JGitInternalException e) {
                failed(state, "fetch", e);
            }
        }
    }

    private void fetch(String remote) throws GitAPIException {
        var fetch = git.fetch().setRemote(remote).setTimeout(timeoutSeconds())
                .setTransportConfigCallback(this::configureTransport);
        if (repo.getConfig().getStringList("remote", remote, "fetch").length == 0) {
            fetch.setRefSpecs(new RefSpec("+refs/heads/*:" + REMOTES + remote + "/*"));
        }
        fetch.call();
    }

    private void configureTransport(org.eclipse.jgit.transport.Transport transport) {
        SshConnections connections = ssh.get();
        if (connections != null) {
            connections.configure(transport);
        }
    }

    private int timeoutSeconds() {
        return (int) Math.max(1, settings.pushTimeout.toSeconds());
    }

    /**
     * The refs of {@code git annex sync}: the branch to synced/branch and the git-annex branch (forced)
     * to synced/git-annex, which any clone accepts; then git-annex and the branch themselves, which a
     * non-bare remote refuses for its checked-out branch (harmless). A non-fast-forward on synced/branch
     * means the remote got changes we lack: fetch, merge, and push once more.
     */
    void pushRemote(String remote, boolean retryAfterMerge) {
        RemoteState state = remotes.computeIfAbsent(remote, RemoteState::new);
        boolean rejected;
        synchronized (state) {
            try {
                Ref head = repo.exactRef(Constants.HEAD);
                List<RefSpec> specs = new ArrayList<>();
                String syncedBranch = null;
                if (head != null && head.isSymbolic() && head.getObjectId() != null) {
                    String branchRef = head.getTarget().getName();
                    syncedBranch = SYNCED + Repository.shortenRefName(branchRef);
                    specs.add(new RefSpec(branchRef + ":" + syncedBranch));
                }
                boolean hasAnnex = resolve(ANNEX_BRANCH) != null;
                if (hasAnnex) {
                    specs.add(new RefSpec("+" + ANNEX_BRANCH + ":" + SYNCED + "git-annex"));
                    specs.add(new RefSpec(ANNEX_BRANCH + ":" + ANNEX_BRANCH));
                }
                Optional<File> localGitDir = localGitDir(repo.getWorkTree(), state.url);
                if (syncedBranch != null && !checkedOutInLocalRemote(localGitDir, head.getTarget().getName())) {
                    specs.add(new RefSpec(head.getTarget().getName() + ":" + head.getTarget().getName()));
                }
                if (specs.isEmpty()) {
                    return;
                }
                List<LocalPush.Update> updates = push(remote, localGitDir, specs);
                List<String> problems = new ArrayList<>();
                rejected = false;
                for (LocalPush.Update u : updates) {
                    boolean essential = u.remoteName().startsWith(SYNCED);
                    RemoteRefUpdate.Status s = u.status();
                    if (!essential || s == RemoteRefUpdate.Status.OK || s == RemoteRefUpdate.Status.UP_TO_DATE) {
                        continue;
                    }
                    if (s == RemoteRefUpdate.Status.REJECTED_NONFASTFORWARD) {
                        rejected = true;
                    }
                    problems.add(u.remoteName() + ": " + s + (u.message() == null ? "" : " " + u.message()));
                }
                if (problems.isEmpty()) {
                    succeeded(state);
                    return;
                }
                if (!rejected && retryAfterMerge) {
                    // Typically "failed to lock": the remote's daemon was moving the same ref. Once more.
                    LOG.info("{}: remote {}: {}; pushing again", repositoryPath, remote, problems);
                    Thread.sleep(200);
                    pushRemote(remote, false);
                    return;
                }
                if (!rejected || !retryAfterMerge) {
                    failed(state, "push", new IOException(String.join("; ", problems)));
                    return;
                }
                fetch(remote);
            } catch (GitAPIException | JGitInternalException | IOException e) {
                failed(state, "push", e);
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        try {
            merges.submit(this::mergeIncomingLogged).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (ExecutionException e) {
            failed(state, "merge", e);
            return;
        }
        pushRemote(remote, false);
    }

    /** A push through {@link LocalPush} when the remote is a local path and the push is small, else JGit's. */
    private List<LocalPush.Update> push(String remote, Optional<File> localGitDir, List<RefSpec> specs)
            throws GitAPIException, IOException {
        if (localGitDir.isPresent()) {
            Optional<List<LocalPush.Update>> done = localPush.push(repo, localGitDir.get(), specs);
            if (done.isPresent()) {
                return done.get();
            }
        }
        List<LocalPush.Update> out = new ArrayList<>();
        Iterable<PushResult> results = git.push().setRemote(remote).setRefSpecs(specs)
                .setTimeout(timeoutSeconds()).setTransportConfigCallback(this::configureTransport).call();
        for (PushResult result : results) {
            for (RemoteRefUpdate u : result.getRemoteUpdates()) {
                out.add(new LocalPush.Update(u.getRemoteName(), u.getStatus(), u.getMessage()));
            }
        }
        return out;
    }

    /** The git directory of a remote whose url is a local path (relative to our work tree, as git takes it). */
    private static Optional<File> localGitDir(File workTree, String url) {
        if (url == null) {
            return Optional.empty();
        }
        try {
            URIish uri = new URIish(url);
            if (uri.getHost() != null || (uri.getScheme() != null && !uri.getScheme().equals("file"))) {
                return Optional.empty();
            }
            File path = new File(uri.getPath());
            return Optional.ofNullable(RepositoryCache.FileKey.resolve(path.isAbsolute() ? path : new File(workTree, uri.getPath()), FS.DETECTED));
        } catch (URISyntaxException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /**
     * git-receive-pack refuses to move the branch checked out in a non-bare repository (its work tree
     * would silently disagree with HEAD); JGit's in-process transport for local paths does not, so the
     * same check is made here before pushing the branch itself. A relative url is relative to our work
     * tree, as git takes it; an unborn branch counts as checked out (pushing would create it behind the
     * work tree's back).
     */
    private boolean checkedOutInLocalRemote(Optional<File> gitDir, String branchRef) {
        if (gitDir.isEmpty()) {
            return false;
        }
        try {
            // The repository core keeps open: this runs before every push, many a second in a burst.
            Repository remote = localPush.open(gitDir.get());
            String checkedOut = remote.getFullBranch();
            return checkedOut == null || (!remote.isBare() && branchRef.equals(checkedOut));
        } catch (IOException | IllegalArgumentException e) {
            // Unreadable: assume it is checked out; not pushing the branch itself is always safe.
            return true;
        }
    }

    private void succeeded(RemoteState state) {
        boolean wasReachable = state.reachable;
        state.lastPush = Instant.now();
        state.lastError = null;
        state.reachable = true;
        state.needsRetry = false;
        events.post(Topics.PUSHED, props(Topics.REMOTE, state.name, Topics.OK, true, Topics.MESSAGE, "pushed"));
        if (!wasReachable) {
            events.post(Topics.REMOTE_REACHABLE, props(Topics.REMOTE, state.name, Topics.REACHABLE, true));
        }
    }

    private void failed(RemoteState state, String what, Exception e) {
        boolean unreachable = e instanceof TransportException || e instanceof InvalidRemoteException;
        boolean wasReachable = state.reachable;
        String message = what + " failed: " + (e.getMessage() == null ? e.toString() : e.getMessage());
        state.lastError = message;
        state.needsRetry = true;
        LOG.warn("{}: remote {}: {}", repositoryPath, state.name, message);
        if (what.equals("push")) {
            events.post(Topics.PUSHED, props(Topics.REMOTE, state.name, Topics.OK, false, Topics.MESSAGE, message));
        }
        if (unreachable) {
            state.reachable = false;
            if (wasReachable) {
                events.post(Topics.REMOTE_REACHABLE, props(Topics.REMOTE, state.name, Topics.REACHABLE, false));
            }
        }
    }

    Map<String, RemoteStatus> status() {
        remoteNames();
        Map<String, RemoteStatus> out = new LinkedHashMap<>();
        new TreeMap<>(remotes).forEach((name, s) ->
                out.put(name, new RemoteStatus(name, s.url, s.lastPush, s.lastError, s.reachable)));
        return out;
    }

    private Map<String, Object> props(Object... kv) {
        Map<String, Object> m = new HashMap<>();
        m.put(Topics.REPOSITORY, repositoryPath);
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    @Override
    public void close() {
        java.nio.file.WatchService w = refWatch;
        if (w != null) {
            try {
                w.close();
            } catch (IOException e) {
                LOG.debug("closing the ref watch: {}", e.toString());
            }
        }
        timer.shutdownNow();
        housekeeper.shutdownNow();
        merges.shutdown();
        try {
            merges.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
