package org.annex.assistant.gitsync.impl;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.annex.assistant.api.annex.AnnexRepository;
import org.annex.assistant.api.concurrent.NamedThreads;
import org.annex.assistant.api.event.EventSink;
import org.annex.assistant.api.event.Topics;
import org.annex.assistant.core.NeighbourRepositories;
import org.annex.assistant.gitsync.GitSync;
import org.annex.assistant.gitsync.RefusedCommit;
import org.annex.assistant.gitsync.RemoteStatus;
import org.annex.assistant.gitsync.impl.hook.HookProgram;
import org.annex.assistant.ssh.SshConnections;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves every {@link AnnexRepository}: pushes after commits, merges and relays what arrives, retries. Owns
 * the bundle's scheduler, on which every repository's periodic and delayed work runs (the ref poll, the
 * retries, the housekeeping), and the one low-priority thread that packs repositories.
 */
@Component(immediate = true, service = { GitSync.class, EventHandler.class }, configurationPid = "org.annex.assistant.gitsync",
        property = { EventConstants.EVENT_TOPIC + "=" + Topics.WORKTREE_COMMITTED,
                EventConstants.EVENT_TOPIC + "=" + Topics.ANNEX_BRANCH_COMMITTED,
                EventConstants.EVENT_TOPIC + "=" + Topics.NETWORK_CHANGED,
                EventConstants.EVENT_TOPIC + "=" + Topics.REMOTE_REACHABLE,
                EventConstants.EVENT_TOPIC + "=" + Topics.REMOTE_MOUNTED,
                EventConstants.EVENT_TOPIC + "=" + Topics.REMOTE_UNMOUNTED })
@Designate(ocd = GitSyncComponent.Config.class)
public class GitSyncComponent implements GitSync, EventHandler {
    private static final Logger LOG = LoggerFactory.getLogger(GitSyncComponent.class);

    @ObjectClassDefinition(name = "Annex assistant git sync",
            description = "Pushes to and merges from the git remotes of every annex repository.")
    public @interface Config {
        @AttributeDefinition(description = "Minutes between retries of failed pushes.")
        int retryMinutes() default 30;

        @AttributeDefinition(description = "Seconds a fetch or push to one remote may stall before it fails.")
        int pushTimeoutSeconds() default 60;

        @AttributeDefinition(description = "Milliseconds between looks at refs/ for pushes from other clones, besides "
                + "the look that inotify triggers at once when refs/ changes (this poll is its safety net).")
        int pollMillis() default 1000;

        @AttributeDefinition(description = "Absolute path of a program run (directly, not by a shell, in the work tree) "
                + "each time a change of the branch or the git-annex branch has gone out to the remotes; its environment "
                + "names the repository (ANNEX_ASSISTANT_REPOSITORY), the refs that moved (ANNEX_ASSISTANT_CHANGED_REFS, "
                + "ref=sha ...) and the remotes reached (ANNEX_ASSISTANT_REMOTES). Empty: none. Its failures are logged "
                + "and never hold up sync.")
        String hookProgram() default "";

        @AttributeDefinition(description = "Seconds the hook program may run before it is killed.")
        int hookTimeoutSeconds() default 60;
    }

    /** How often each repository is looked at for git gc --auto's thresholds. */
    private static final long HOUSEKEEPING_MINUTES = 10;
    /** Looks at refs and retries are short (stat calls, then a hand-off): two threads serve every repository. */
    private static final int SCHEDULER_THREADS = 2;

    private final Map<Path, AnnexRepository> repositories = new ConcurrentHashMap<>();
    private final Map<Path, RepositorySync> syncs = new ConcurrentHashMap<>();
    private final AtomicBoolean housekeepingRunning = new AtomicBoolean();
    private volatile RepositorySync.Settings settings;
    private volatile ScheduledExecutorService scheduler;
    private volatile ExecutorService housekeeper;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile EventAdmin eventAdmin;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile SshConnections sshConnections;

    @Reference
    private NeighbourRepositories neighbours;

    @Activate
    void activate(Config config) {
        settings = new RepositorySync.Settings(Duration.ofSeconds(config.pushTimeoutSeconds()),
                Duration.ofMinutes(config.retryMinutes()), Duration.ofMillis(config.pollMillis()), hook(config));
        // git gc --auto's job, on a thread of its own: packing can take seconds on a big repository.
        housekeeper = Executors.newSingleThreadExecutor(NamedThreads.factory("gitsync-gc", Thread.MIN_PRIORITY));
        scheduler = NamedThreads.scheduler("gitsync", SCHEDULER_THREADS);
        scheduler.scheduleWithFixedDelay(this::housekeeping, HOUSEKEEPING_MINUTES, HOUSEKEEPING_MINUTES, TimeUnit.MINUTES);
        repositories.values().forEach(this::startSync);
    }

    /** The hook of the configuration; a relative path is refused (it would depend on the daemon's cwd). */
    private static Optional<HookProgram> hook(Config config) {
        String program = config.hookProgram().trim();
        if (program.isEmpty()) {
            return Optional.empty();
        }
        Path path = Path.of(program);
        if (!path.isAbsolute()) {
            LOG.error("hookProgram must be an absolute path, not '{}': no hook runs", program);
            return Optional.empty();
        }
        return Optional.of(new HookProgram(path, Duration.ofSeconds(Math.max(1, config.hookTimeoutSeconds()))));
    }

    @Deactivate
    void deactivate() {
        syncs.values().forEach(RepositorySync::close);
        syncs.clear();
        scheduler.shutdownNow();
        housekeeper.shutdownNow();
    }

    /** Packs, one after the other, the served repositories past git's thresholds; skipped while a round runs. */
    private void housekeeping() {
        if (housekeepingRunning.compareAndSet(false, true)) {
            try {
                housekeeper.execute(() -> {
                    try {
                        syncs.values().forEach(s -> Housekeeping.runIfNeeded(s.repository()));
                    } finally {
                        housekeepingRunning.set(false);
                    }
                });
            } catch (java.util.concurrent.RejectedExecutionException e) {
                housekeepingRunning.set(false);
            }
        }
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void bindRepository(AnnexRepository repository) {
        repositories.put(key(repository), repository);
        if (scheduler != null) {
            startSync(repository);
        }
    }

    void unbindRepository(AnnexRepository repository) {
        repositories.remove(key(repository), repository);
        RepositorySync sync = syncs.remove(key(repository));
        if (sync != null) {
            sync.close();
        }
    }

    private static Path key(AnnexRepository repository) {
        return repository.workTree().toAbsolutePath().normalize();
    }

    private void startSync(AnnexRepository repository) {
        try {
            RepositorySync sync = new RepositorySync(repository, settings, scheduler, () -> sshConnections, neighbours,
                    EventSink.to(() -> eventAdmin));
            RepositorySync old = syncs.put(key(repository), sync);
            if (old != null) {
                old.close();
            }
            sync.start();
        } catch (IOException e) {
            LOG.error("cannot sync {}: {}", repository.workTree(), e.getMessage(), e);
        }
    }

    @Override
    public void handleEvent(Event event) {
        Object repository = event.getProperty(Topics.REPOSITORY);
        RepositorySync sync = repository == null ? null : syncs.get(Path.of(repository.toString()).normalize());
        Object remote = event.getProperty(Topics.REMOTE);
        switch (event.getTopic()) {
            case Topics.WORKTREE_COMMITTED:
            case Topics.ANNEX_BRANCH_COMMITTED:
                if (sync != null) {
                    sync.pushAll();
                }
                break;
            case Topics.REMOTE_MOUNTED:
                if (sync != null && remote != null) {
                    sync.remoteMounted(remote.toString());
                }
                break;
            case Topics.REMOTE_UNMOUNTED:
                if (sync != null && remote != null) {
                    sync.remoteUnmounted(remote.toString(), String.valueOf(event.getProperty(Topics.MOUNT_POINT)));
                }
                break;
            case Topics.NETWORK_CHANGED:
                syncs.values().forEach(RepositorySync::retryFailed);
                break;
            case Topics.REMOTE_REACHABLE:
                if (Boolean.TRUE.equals(event.getProperty(Topics.REACHABLE)) && remote != null) {
                    syncs.values().forEach(s -> s.remoteReachable(remote.toString()));
                }
                break;
            default:
                break;
        }
    }

    @Override
    public void syncNow(Path workTree) {
        RepositorySync sync = syncs.get(workTree.toAbsolutePath().normalize());
        if (sync == null) {
            throw new IllegalArgumentException("not a served repository: " + workTree);
        }
        sync.syncAll();
    }

    @Override
    public Map<String, RemoteStatus> status(Path workTree) {
        RepositorySync sync = syncs.get(workTree.toAbsolutePath().normalize());
        return sync == null ? Map.of() : sync.status();
    }

    @Override
    public List<RefusedCommit> refusedCommits(Path workTree) {
        RepositorySync sync = syncs.get(workTree.toAbsolutePath().normalize());
        return sync == null ? List.of() : sync.refusedCommits();
    }
}
