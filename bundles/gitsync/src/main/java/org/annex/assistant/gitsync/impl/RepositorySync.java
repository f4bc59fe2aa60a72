package org.annex.assistant.gitsync.impl;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.annex.assistant.api.annex.AnnexRepository;
import org.annex.assistant.api.event.EventSink;
import org.annex.assistant.api.event.Topics;
import org.annex.assistant.core.NeighbourRepositories;
import org.annex.assistant.gitsync.RefusedCommit;
import org.annex.assistant.gitsync.RemoteStatus;
import org.annex.assistant.gitsync.impl.health.RemoteHealth;
import org.annex.assistant.gitsync.impl.hook.ChangeHook;
import org.annex.assistant.gitsync.impl.hook.HookProgram;
import org.annex.assistant.gitsync.impl.push.GitTransport;
import org.annex.assistant.gitsync.impl.push.LocalLoosePush;
import org.annex.assistant.gitsync.impl.push.PushRoute;
import org.annex.assistant.gitsync.impl.push.PushTarget;
import org.annex.assistant.gitsync.impl.push.RemotePushes;
import org.annex.assistant.gitsync.impl.push.SyncPush;
import org.annex.assistant.gitsync.impl.push.TransportPush;
import org.annex.assistant.gitsync.impl.refs.RefWatcher;
import org.annex.assistant.gitsync.impl.signals.ChangeSignals;
import org.annex.assistant.ssh.SshConnections;
import org.eclipse.jgit.lib.Repository;

/**
 * Git-level sync of one repository, put together from its parts: {@link RefWatcher} notices what arrives,
 * {@link IncomingMerge} merges it and asks for the relay, {@link RemotePushes} pushes to every remote in
 * parallel (one push at a time per remote, requests coalesced), {@link RemoteHealth} keeps each remote's
 * state and says which to retry, {@link ChangeSignals} hears of what other clones pushed to a remote and asks
 * for a fetch from it. Periodic work (the ref poll, the retries) runs on the bundle's scheduler.
 */
final class RepositorySync implements AutoCloseable {
    /** How the sync behaves; see {@code GitSyncComponent.Config}. */
    static final class Settings {
        final Duration pushTimeout;
        final Duration retryInterval;
        final Duration pollInterval;
        /** The program run on each change that went out; none if empty. */
        final Optional<HookProgram> hook;

        Settings(Duration pushTimeout, Duration retryInterval, Duration pollInterval) {
            this(pushTimeout, retryInterval, pollInterval, Optional.empty());
        }

        Settings(Duration pushTimeout, Duration retryInterval, Duration pollInterval, Optional<HookProgram> hook) {
            this.pushTimeout = pushTimeout;
            this.retryInterval = retryInterval;
            this.pollInterval = pollInterval;
            this.hook = hook;
        }
    }

    private final AnnexRepository annex;
    private final Repository repo;
    private final Settings settings;
    private final ScheduledExecutorService scheduler;
    private final RemoteHealth health;
    private final IncomingMerge merge;
    private final RemotePushes pushes;
    private final RefWatcher refs;
    private final ChangeSignals signals;
    private final Optional<ChangeHook> hook;
    private volatile boolean started;
    private volatile ScheduledFuture<?> retries;

    /**
     * @param scheduler the bundle's scheduler (the ref poll and the retries run on it); not shut down here
     */
    RepositorySync(AnnexRepository annex, Settings settings, ScheduledExecutorService scheduler, Supplier<SshConnections> ssh,
            NeighbourRepositories neighbours, EventSink events) throws IOException {
        this.annex = annex;
        // The repository belongs to core's AnnexRepository service: shared, never closed here.
        this.repo = annex.adaptTo(Repository.class).orElseThrow(
                () -> new IOException("not a JGit-backed repository: " + annex.workTree()));
        this.settings = settings;
        this.scheduler = scheduler;
        String path = annex.workTree().toAbsolutePath().toString();
        EventSink repositoryEvents = withRepository(events, path);
        this.health = new RemoteHealth(path, repositoryEvents);
        this.merge = new IncomingMerge(annex, repo, this::remoteNames, repositoryEvents, this::pushAll);
        GitTransport transport = new GitTransport(repo, settings.pushTimeout, ssh);
        PushRoute route = new PushRoute(new LocalLoosePush(repo, neighbours), new TransportPush(transport));
        SyncPush push = new SyncPush(repo, path, route, transport, health, neighbours, merge::request);
        String name = annex.workTree().getFileName().toString();
        this.pushes = new RemotePushes(name, push);
        this.signals = new ChangeSignals(repo, name, scheduler, settings.pollInterval, ssh, neighbours,
                pushes::requestFetch);
        this.hook = settings.hook.map(program -> new ChangeHook(repo, program, this::reachedRemotes));
        this.refs = new RefWatcher(repo, path, scheduler, settings.pollInterval, repositoryEvents, merge::postponed,
                changed -> {
                    if (!changed.isEmpty() || merge.postponed()) {
                        merge.requestAndRelay();
                    }
                });
    }

    /** Every event of this repository carries {@link Topics#REPOSITORY}: the parts post without it. */
    private static EventSink withRepository(EventSink events, String path) {
        return (topic, properties) -> {
            Map<String, Object> m = new HashMap<>(properties);
            m.put(Topics.REPOSITORY, path);
            events.post(topic, m);
        };
    }

    void start() {
        started = true;
        refs.start();
        remoteNames();
        long retry = settings.retryInterval.toMillis();
        retries = scheduler.scheduleWithFixedDelay(this::retryFailed, retry, retry, TimeUnit.MILLISECONDS);
        merge.request().thenRun(this::pushAll);
    }

    Path workTree() {
        return annex.workTree();
    }

    /** The JGit repository (core's), for the bundle's housekeeping. */
    Repository repository() {
        return repo;
    }

    /** Merges what arrived, in the calling thread; whether anything moved. */
    boolean mergeIncoming() throws IOException {
        return merge.merge();
    }

    /** Remotes git-annex would sync with: those with a URL, not marked annex-ignore or annex-sync=false. */
    List<String> remoteNames() {
        List<String> names = new ArrayList<>();
        Map<String, String> urls = new HashMap<>();
        var config = repo.getConfig();
        for (String r : config.getSubsections("remote")) {
            String url = config.getString("remote", r, "url");
            if (url != null && !config.getBoolean("remote", r, "annex-ignore", false)
                    && config.getBoolean("remote", r, "annex-sync", true)) {
                names.add(r);
                urls.put(r, url);
                health.track(r, url);
            }
        }
        if (started) {
            listenTo(urls);
        }
        return names;
    }

    /**
     * The change signals follow the remotes: a remote added with git remote add is listened to at once, and
     * a local remote that was missing (a drive not plugged in) once it is there.
     */
    private void listenTo(Map<String, String> urls) {
        signals.update(urls);
    }

    /**
     * Pushes to every remote in parallel, but those on an unmounted volume; the future completes when all
     * have finished (or failed).
     */
    CompletableFuture<Void> pushAll() {
        return pushTo(remoteNames().stream().filter(r -> !health.isUnmounted(r)).toList());
    }

    /** Pushes to these remotes in parallel; once all have finished, the hook hears of what went out. */
    private CompletableFuture<Void> pushTo(List<String> names) {
        CompletableFuture<Void> all = CompletableFuture.allOf(names.stream().map(pushes::request)
                .toArray(CompletableFuture[]::new));
        hook.ifPresent(h -> all.whenComplete((x, e) -> h.request()));
        return all;
    }

    /** The remotes whose last push succeeded (for the hook's environment). */
    private List<String> reachedRemotes() {
        List<String> reached = new ArrayList<>();
        status().forEach((name, s) -> {
            if (s.reachable() && s.lastPush().isPresent()) {
                reached.add(name);
            }
        });
        reached.sort(null);
        return reached;
    }

    /** Fetch from every remote in parallel, merge, push to every remote in parallel. */
    CompletableFuture<Void> syncAll() {
        return syncRemotes(remoteNames());
    }

    /**
     * The volume holding the remote was mounted: push to it, then fetch from it, merge and push again, now.
     * The first push does not wait for the fetch (seconds on a drive just mounted, its caches cold): one
     * lane serves the remote, so they run one after the other anyway.
     */
    CompletableFuture<Void> remoteMounted(String remote) {
        health.mounted(remote);
        pushes.request(remote);
        return syncRemotes(List.of(remote));
    }

    /** The volume holding the remote was unmounted: it is left alone until mounted again. */
    void remoteUnmounted(String remote, String mountPoint) {
        health.unmounted(remote, mountPoint);
    }

    private CompletableFuture<Void> syncRemotes(List<String> names) {
        CompletableFuture<?>[] fetches = names.stream().map(pushes::fetch).toArray(CompletableFuture[]::new);
        return CompletableFuture.allOf(fetches)
                .thenCompose(x -> merge.request())
                .thenCompose(x -> pushTo(names));
    }

    /**
     * Syncs again with the remotes whose last push or fetch failed, and with those on an unmounted volume that
     * is back (its mount event was missed: mountsync was not running).
     */
    void retryFailed() {
        List<String> failed = new ArrayList<>(health.needingRetry());
        for (String r : remoteNames()) {
            if (health.isUnmounted(r) && PushTarget.of(r, health.url(r), repo.getWorkTree()).isLocal()) {
                health.mounted(r);
                failed.add(r);
            }
        }
        if (!failed.isEmpty()) {
            syncRemotes(failed);
        }
    }

    /** Another bundle saw the remote come back: try it now if it was failing. */
    void remoteReachable(String nameOrUrl) {
        remoteNames();
        health.needingRetry(nameOrUrl).forEach(r -> syncRemotes(List.of(r)));
    }

    Map<String, RemoteStatus> status() {
        remoteNames();
        return health.status();
    }

    /** Incoming commits refused for unsafe paths. */
    List<RefusedCommit> refusedCommits() {
        return merge.refusedCommits();
    }

    @Override
    public void close() {
        started = false;
        signals.close();
        refs.close();
        ScheduledFuture<?> r = retries;
        if (r != null) {
            r.cancel(false);
        }
        pushes.close();
        merge.close();
        hook.ifPresent(ChangeHook::close);
    }
}
