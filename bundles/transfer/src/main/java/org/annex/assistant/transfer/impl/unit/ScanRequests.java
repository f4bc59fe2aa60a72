package org.annex.assistant.transfer.impl.unit;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;

import org.annex.assistant.api.concurrent.Coalescer;
import org.annex.assistant.transfer.impl.scan.TransferScanner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Requests for scans of one repository. A remote that needs a whole-tree walk while one is in its first
 * pass joins it ({@link TransferScanner#join}), which serves it completely. Other requests that arrive
 * during a scan are gathered and served by one scan right after it, for just those remotes (all, if any
 * request was for all): an incremental scan in progress cannot take a remote in, since what it checks
 * follows from its targets' own last scans, and it is short. A request for all still gets that scan after
 * a walk that new remotes joined, for what changed while the walk ran.
 */
final class ScanRequests {
    private static final Logger LOG = LoggerFactory.getLogger(ScanRequests.class);

    private final Path workTree;
    private final TransferScanner scanner;
    private final Runnable beforeEachScan;
    private final Coalescer runs;
    /** Remotes asked for since the last scan began; guarded by this. */
    private final Set<String> names = new LinkedHashSet<>();
    private boolean all;
    private final AtomicLong scansRun = new AtomicLong();

    /** @param beforeEachScan runs before every scan, on the scan's thread */
    ScanRequests(Path workTree, TransferScanner scanner, ScheduledExecutorService scheduler, Runnable beforeEachScan) {
        this.workTree = workTree;
        this.scanner = scanner;
        this.beforeEachScan = beforeEachScan;
        this.runs = new Coalescer(scheduler, 0, this::scan);
    }

    /** Asks for a scan of one remote (or all, for null). */
    void request(String remote) {
        try {
            if (remote != null && scanner.join(Set.of(remote)).contains(remote)) {
                return;
            } else if (remote == null) {
                scanner.join(Set.of());
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("cannot join the scan under way in {}, scanning after it: {}", workTree, e.getMessage());
        }
        synchronized (this) {
            if (remote == null) {
                all = true;
            } else {
                names.add(remote);
            }
        }
        runs.request();
    }

    private void scan() {
        Set<String> these;
        synchronized (this) {
            these = all ? Set.of() : new LinkedHashSet<>(names);
            all = false;
            names.clear();
        }
        beforeEachScan.run();
        scansRun.incrementAndGet();
        try {
            scanner.scan(these);
        } catch (IOException | RuntimeException e) {
            LOG.warn("scan of {} failed: {}", workTree, e.getMessage(), e);
        }
    }

    /** Scans begun so far. */
    long scansRun() {
        return scansRun.get();
    }

    /** Whether a scan is asked for or under way. */
    boolean busy() {
        return runs.busy();
    }

    void close() {
        runs.close();
    }
}
