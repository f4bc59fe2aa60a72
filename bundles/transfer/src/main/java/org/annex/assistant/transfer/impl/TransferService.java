package org.annex.assistant.transfer.impl;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.annex.assistant.api.annex.AnnexRepository;
import org.annex.assistant.api.annex.Key;
import org.annex.assistant.api.concurrent.NamedThreads;
import org.annex.assistant.api.event.EventSink;
import org.annex.assistant.api.event.Topics;
import org.annex.assistant.api.remote.Remote;
import org.annex.assistant.api.remote.RemoteFactory;
import org.annex.assistant.api.transfer.Direction;
import org.annex.assistant.api.transfer.TransferQueue;
import org.annex.assistant.core.TransferInfoFiles;
import org.eclipse.jgit.lib.Repository;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
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
 * The transfer queue and scanner of one repository (pick it with {@code repository.target} when there are
 * several). Scans at start, periodically, when the network or mounts change, when a remote becomes
 * reachable or has been unreachable a while, and after every commit, received ref and merge (cheap:
 * incremental). The scan after a merge is the one that sees what it brought: the one a received ref
 * triggers may run while a long merge is still under way.
 */
@Component(immediate = true, service = {TransferQueue.class, EventHandler.class}, property = {
        EventConstants.EVENT_TOPIC + "=" + Topics.WORKTREE_COMMITTED,
        EventConstants.EVENT_TOPIC + "=" + Topics.REF_RECEIVED,
        EventConstants.EVENT_TOPIC + "=" + Topics.MERGED,
        EventConstants.EVENT_TOPIC + "=" + Topics.NETWORK_CHANGED,
        EventConstants.EVENT_TOPIC + "=" + Topics.MOUNT_ADDED,
        EventConstants.EVENT_TOPIC + "=" + Topics.REMOTE_REACHABLE})
@Designate(ocd = TransferService.Config.class)
public class TransferService implements TransferQueue, EventHandler {
    private static final Logger LOG = LoggerFactory.getLogger(TransferService.class);

    @ObjectClassDefinition(name = "annex-assistant transfers", description = "Transfer queue and scanner")
    public @interface Config {
        @AttributeDefinition(description = "Transfers that run at the same time")
        int slots() default 2;

        @AttributeDefinition(description = "More transfers of files under 1 MiB that may run besides those (a burst of "
                + "small files is bound by each one's latency, not by bandwidth)")
        int smallFileSlots() default 4;

        @AttributeDefinition(description = "Seconds before a failed transfer is first retried (doubling after each failure)")
        int retrySeconds() default 60;

        @AttributeDefinition(description = "Minutes between periodic scans of all remotes")
        int scanIntervalMinutes() default 60;

        @AttributeDefinition(description = "Minutes a remote may stay unreachable before it is scanned again")
        int unreachableRescanMinutes() default 10;
    }

    @Reference
    private AnnexRepository repository;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile EventAdmin eventAdmin;

    private final List<RemoteFactory> pendingFactories = new java.util.concurrent.CopyOnWriteArrayList<>();
    private RemoteRegistry remotes;
    private Repository git;
    private ScheduledExecutorService scheduler;
    private Transfers transfers;
    private TransferScanner scanner;
    private final Set<String> scanRequests = new LinkedHashSet<>();
    private final Map<String, Long> unreachableSince = new HashMap<>();
    private boolean scanAll;
    private boolean scanScheduled;
    private Config config;

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    synchronized void addRemoteFactory(RemoteFactory f) {
        pendingFactories.add(f);
        if (remotes != null) {
            remotes.addFactory(f);
            requestScan(null);
        }
    }

    synchronized void removeRemoteFactory(RemoteFactory f) {
        pendingFactories.remove(f);
        if (remotes != null) {
            remotes.removeFactory(f);
        }
    }

    @Activate
    synchronized void activate(Config c) throws IOException {
        config = c;
        git = repository.adaptTo(Repository.class).orElseThrow(
                () -> new IOException("not a JGit-backed repository: " + repository.workTree()));
        remotes = new RemoteRegistry(repository, git);
        pendingFactories.forEach(remotes::addFactory);
        scheduler = NamedThreads.scheduler("annex-transfer-scheduler", 1);
        transfers = new Transfers(repository, remotes, EventSink.to(() -> eventAdmin), scheduler, c.slots(), c.smallFileSlots(), c.retrySeconds() * 1000L);
        scanner = new TransferScanner(repository, git, remotes, transfers);
        long interval = Math.max(1, c.scanIntervalMinutes());
        scheduler.scheduleWithFixedDelay(() -> requestScan(null), interval, interval, TimeUnit.MINUTES);
        scheduler.scheduleWithFixedDelay(this::rescanLongUnreachable, 1, 1, TimeUnit.MINUTES);
        requestScan(null);
    }

    @Modified
    synchronized void modified(Config c) {
        config = c;
        transfers.setSlots(c.slots(), c.smallFileSlots());
    }

    @Deactivate
    void deactivate() {
        Transfers t;
        synchronized (this) {
            t = transfers;
        }
        t.close();
        scheduler.shutdownNow();
    }

    @Override
    public boolean enqueue(Direction direction, Key key, String file, String remoteName) {
        return transfers.enqueue(direction, key, file, remoteName);
    }

    @Override
    public List<Transfer> queued() {
        return transfers.queued();
    }

    @Override
    public List<Transfer> running() {
        return transfers.running();
    }

    @Override
    public void handleEvent(Event event) {
        Object repo = event.getProperty(Topics.REPOSITORY);
        if (repo != null && !repo.toString().equals(repository.workTree().toString())) {
            return;
        }
        String remote = (String) event.getProperty(Topics.REMOTE);
        switch (event.getTopic()) {
            case Topics.REMOTE_REACHABLE:
                if (remote != null) {
                    if (Boolean.TRUE.equals(event.getProperty(Topics.REACHABLE))) {
                        synchronized (this) {
                            unreachableSince.remove(remote);
                        }
                        requestScan(remote);
                    } else {
                        synchronized (this) {
                            unreachableSince.putIfAbsent(remote, System.currentTimeMillis());
                        }
                    }
                }
                break;
            case Topics.REF_RECEIVED:
                remotes.invalidate();
                requestScan(null);
                break;
            default:
                requestScan(null);
        }
    }

    private void rescanLongUnreachable() {
        long limit = TimeUnit.MINUTES.toMillis(Math.max(1, config.unreachableRescanMinutes()));
        long now = System.currentTimeMillis();
        List<String> due = new ArrayList<>();
        synchronized (this) {
            unreachableSince.entrySet().removeIf(e -> {
                if (now - e.getValue() >= limit) {
                    due.add(e.getKey());
                    return true;
                }
                return false;
            });
        }
        due.forEach(this::requestScan);
    }

    /**
     * Asks for a scan of one remote (or all, for null). A remote that needs a whole-tree walk while one is
     * in its first pass joins it ({@link TransferScanner#join}), which serves it completely. Other requests
     * that arrive during a scan are gathered and served by one scan right after it, for just those remotes
     * (all, if any request was for all): an incremental scan in progress cannot take a remote in, since what
     * it checks follows from its targets' own last scans, and it is short. A request for all still gets that
     * scan after a walk that new remotes joined, for what changed while the walk ran.
     */
    void requestScan(String remote) {
        TransferScanner s;
        synchronized (this) {
            s = scanner;
        }
        if (s != null) {
            try {
                if (remote != null && s.join(Set.of(remote)).contains(remote)) {
                    return;
                } else if (remote == null) {
                    s.join(Set.of());
                }
            } catch (IOException | RuntimeException e) {
                LOG.warn("cannot join the scan under way in {}, scanning after it: {}", repository.workTree(), e.getMessage());
            }
        }
        synchronized (this) {
            if (remote == null) {
                scanAll = true;
            } else {
                scanRequests.add(remote);
            }
            if (!scanScheduled && scheduler != null) {
                scanScheduled = true;
                scheduler.execute(this::runScans);
            }
        }
    }

    private void runScans() {
        Set<String> names;
        synchronized (this) {
            scanScheduled = false;
            names = scanAll ? Set.of() : new LinkedHashSet<>(scanRequests);
            scanAll = false;
            scanRequests.clear();
        }
        resumeInterrupted();
        try {
            scanner.scan(names);
        } catch (IOException | RuntimeException e) {
            LOG.warn("scan of {} failed: {}", repository.workTree(), e.getMessage(), e);
        }
    }

    /**
     * Takes up transfers that a previous run left unfinished (killed, crashed, powered off): their info
     * files, no longer locked by anyone, say which key, which remote and which file. A scan would not find
     * them again, since it already counted them as queued; a download goes on from its partial file.
     */
    private void resumeInterrupted() {
        try {
            Map<String, Remote> byUuid = new HashMap<>();
            for (Remote r : remotes.all()) {
                byUuid.put(r.uuid(), r);
            }
            for (TransferInfoFiles.Info i : new TransferInfoFiles(repository.gitDir()).list()) {
                Remote r = byUuid.get(i.remoteUuid);
                if (!i.running && !i.failed && r != null && transfers.enqueue(i.direction, i.key, i.file, r.name())) {
                    LOG.info("resuming the interrupted {} of {} ({})", i.direction.dirName(), i.file.isEmpty() ? i.key : i.file, r.name());
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("cannot look for interrupted transfers in {}: {}", repository.workTree(), e.getMessage());
        }
    }
}
