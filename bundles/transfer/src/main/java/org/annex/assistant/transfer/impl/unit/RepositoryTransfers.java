package org.annex.assistant.transfer.impl.unit;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

import org.annex.assistant.api.annex.AnnexRepository;
import org.annex.assistant.api.annex.Key;
import org.annex.assistant.api.concurrent.NamedThreads;
import org.annex.assistant.api.event.EventSink;
import org.annex.assistant.api.event.Topics;
import org.annex.assistant.api.netmap.NetworkMap;
import org.annex.assistant.api.rate.RateController;
import org.annex.assistant.api.remote.RemoteFactory;
import org.annex.assistant.api.transfer.Direction;
import org.annex.assistant.api.transfer.TransferQueue;
import org.annex.assistant.transfer.impl.queue.Transfers;
import org.annex.assistant.transfer.impl.remotes.RemoteRegistry;
import org.annex.assistant.transfer.impl.scan.TransferScanner;
import org.eclipse.jgit.lib.Repository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The transfers of one repository: its remotes, queue and scanner, and when it scans: at start,
 * periodically, when the network or mounts change, when a remote becomes reachable, is found on a volume
 * just mounted ({@code REMOTE_MOUNTED}: that remote at once) or has been unreachable a while, and after every work-tree commit, received ref and merge (cheap: incremental). The scan after a
 * merge is the one that sees what it brought: the one a received ref triggers may run while a long merge is
 * still under way. Our own journal commits (ANNEX_BRANCH_COMMITTED) trigger nothing: what they record
 * (transfers done) was decided by a scan already.
 */
public final class RepositoryTransfers implements TransferQueue {
    private static final Logger LOG = LoggerFactory.getLogger(RepositoryTransfers.class);

    private final AnnexRepository repository;
    private final TransferSettings settings;
    private final RemoteRegistry remotes;
    private final ScheduledExecutorService scheduler;
    private final Transfers transfers;
    private final TransferScanner scanner;
    private final ScanRequests scans;
    private final UnreachableRemotes unreachable = new UnreachableRemotes();

    public RepositoryTransfers(AnnexRepository repository, TransferSettings settings, EventSink events,
            List<RemoteFactory> factories, Supplier<RateController> rates, Supplier<NetworkMap> networkMap) throws IOException {
        this.repository = repository;
        this.settings = settings;
        Repository git = repository.adaptTo(Repository.class).orElseThrow(
                () -> new IOException("not a JGit-backed repository: " + repository.workTree()));
        this.remotes = new RemoteRegistry(repository);
        factories.forEach(remotes::addFactory);
        this.scheduler = NamedThreads.scheduler("annex-transfer-scheduler " + repository.workTree().getFileName(), 1);
        this.transfers = new Transfers(repository, remotes, events, scheduler, settings.slots(),
                settings.smallFileSlots(), settings.retryBaseMillis(), rates);
        this.scanner = new TransferScanner(repository, git, remotes, transfers, networkMap);
        this.scans = new ScanRequests(repository.workTree(), scanner, scheduler,
                () -> InterruptedTransfers.resume(repository, remotes, transfers));
    }

    /** Starts the periodic scans and the first scan. */
    public void start() {
        long interval = Math.max(1, settings.scanIntervalMinutes());
        scheduler.scheduleWithFixedDelay(() -> scans.request(null), interval, interval, TimeUnit.MINUTES);
        scheduler.scheduleWithFixedDelay(this::rescanLongUnreachable, 1, 1, TimeUnit.MINUTES);
        scans.request(null);
    }

    public AnnexRepository repository() {
        return repository;
    }

    public void addFactory(RemoteFactory f) {
        remotes.addFactory(f);
        scans.request(null);
    }

    public void removeFactory(RemoteFactory f) {
        remotes.removeFactory(f);
    }

    public void setSlots(int slots, int smallFileSlots) {
        transfers.setSlots(slots, smallFileSlots);
    }

    /** An event for this repository (or for all, such as a network change); {@code property} reads its properties. */
    public void handle(String topic, Function<String, Object> property) {
        Object remote = property.apply(Topics.REMOTE);
        switch (topic) {
            case Topics.REMOTE_REACHABLE:
                if (remote != null) {
                    if (Boolean.TRUE.equals(property.apply(Topics.REACHABLE))) {
                        unreachable.reachable(remote.toString());
                        scans.request(remote.toString());
                    } else {
                        unreachable.unreachable(remote.toString(), System.currentTimeMillis());
                    }
                }
                break;
            case Topics.REMOTE_MOUNTED:
                if (remote != null) {
                    // Its remote object may hold what it read before the volume went (or came) away.
                    unreachable.reachable(remote.toString());
                    remotes.invalidate();
                    transfers.remoteMounted(remote.toString());
                    scans.request(remote.toString());
                }
                break;
            case Topics.REMOTE_UNMOUNTED:
                if (remote != null) {
                    unreachable.unreachable(remote.toString(), System.currentTimeMillis());
                    transfers.remoteUnmounted(remote.toString());
                }
                break;
            case Topics.NETWORK_CHANGED:
                // What failed while the network was down is tried now, not after its backoff (up to hours).
                transfers.retryNow(null);
                scans.request(null);
                break;
            case Topics.REF_RECEIVED:
                remotes.invalidate();
                scans.request(null);
                break;
            default:
                scans.request(null);
        }
    }

    /** Scans begun so far, and whether one is asked for or under way: for tests that count what triggers one. */
    long scansRun() {
        return scans.scansRun();
    }

    boolean scanning() {
        return scans.busy();
    }

    private void rescanLongUnreachable() {
        long limit = TimeUnit.MINUTES.toMillis(Math.max(1, settings.unreachableRescanMinutes()));
        unreachable.takeAbsentFor(limit, System.currentTimeMillis()).forEach(scans::request);
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

    public void close() {
        scans.close();
        transfers.close();
        scheduler.shutdownNow();
        if (transfers.droppedAny()) {
            // The scan that queued them has recorded its last scan, and the next start's scan would build on
            // it: a restart of this bundle in the middle of a burst dropped those transfers for good (unless
            // the other side fetched them; found by itests ChaosIT). The next scan walks the whole tree
            // instead, as a first start does. forget() waits for a scan under way, whose state must not
            // outlive it.
            try {
                scanner.forget();
            } catch (IOException | RuntimeException e) {
                LOG.warn("cannot forget the last scans of {}; transfers dropped now are queued again only when "
                        + "something changes them: {}", repository.workTree(), e.getMessage());
            }
        }
    }
}
