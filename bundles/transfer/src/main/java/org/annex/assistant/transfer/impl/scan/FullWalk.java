package org.annex.assistant.transfer.impl.scan;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.annex.assistant.api.annex.AnnexRepository;
import org.annex.assistant.api.annex.AnnexedPath;
import org.annex.assistant.api.remote.Remote;
import org.annex.assistant.transfer.impl.remotes.RemoteRegistry;

/**
 * One walk of every annexed file of the work tree. Its first pass checks every entry for the targets, and
 * for each remote that joins from the entry it got on at; a second pass over the entries before the
 * farthest join point checks each of them for the joiners that missed it. Every remote's last scan is
 * recorded once every entry has been checked for it, and only then.
 */
final class FullWalk {
    /** A remote that got on after the walk had passed {@code from} entries. */
    private record Joiner(Remote remote, long from, boolean newSource) {
    }

    /** Ends the second pass once no joiner misses anything more (the walk stops at a visitor's exception). */
    private static final class AllCaughtUp extends IOException {
        AllCaughtUp() {
            super("every joiner has been checked against every entry");
        }

        @Override
        public synchronized Throwable fillInStackTrace() {
            return this; // a signal, not an error: no trace to take
        }
    }

    private final AnnexRepository repository;
    private final String head;
    private final LastScans lastScans;
    private final LastScans.Scan scanned;
    private final KeyIndex index;
    private final KeyCheck check;
    private final TransferScanner.Stats stats;
    private final TransferScanner.WalkProbe probe;
    /** The remotes each entry of the first pass is checked for: the targets, and joiners once on. */
    private final List<Remote> riders;
    /** The remotes downloads may come from, cheapest first: all known at the start, and new joiners. */
    private final List<Remote> sources;
    private final List<Joiner> joiners = new ArrayList<>();
    /** Names of the remotes in the walk or waiting to get on; guarded by this. */
    private final Set<String> members = new HashSet<>();
    /** Remotes that asked to join since the walk last looked; guarded by this. */
    private final List<Remote> waiting = new ArrayList<>();
    /** Set while a remote waits to join, so that the walk takes the lock only then, not at every entry. */
    private volatile boolean joinWaiting;
    /** Once the first pass has ended nobody gets on; guarded by this. */
    private boolean closed;

    FullWalk(AnnexRepository repository, LastScans lastScans, LastScans.Scan scanned, KeyIndex index, KeyCheck check,
            TransferScanner.Stats stats, TransferScanner.WalkProbe probe, List<Remote> targets, List<Remote> all) {
        this.repository = repository;
        this.head = scanned.head().name();
        this.lastScans = lastScans;
        this.scanned = scanned;
        this.index = index;
        this.check = check;
        this.stats = stats;
        this.probe = probe;
        this.riders = new ArrayList<>(targets);
        this.sources = new ArrayList<>(all);
        targets.forEach(r -> members.add(r.name()));
    }

    /** What the walk covers: remotes that join need a walk against these commits. */
    LastScans.Scan scanned() {
        return scanned;
    }

    synchronized boolean isMember(String name) {
        return members.contains(name);
    }

    /** Takes these remotes on at the walk's next entry; returns the names taken (none once the first pass ended). */
    synchronized Set<String> offer(List<Remote> remotes) {
        Set<String> taken = new LinkedHashSet<>();
        if (closed) {
            return taken;
        }
        for (Remote r : remotes) {
            if (members.add(r.name())) {
                waiting.add(r);
                taken.add(r.name());
            }
        }
        joinWaiting = !waiting.isEmpty();
        return taken;
    }

    void firstPass() throws IOException {
        long[] position = {0};
        try {
            repository.annexedFiles(head, f -> {
                at(1, position[0]);
                if (joinWaiting) {
                    admit(position[0], false);
                }
                position[0]++;
                stats.entriesVisited++;
                index.put(f.path(), f.key());
                check.check(f.key(), f.path(), riders, sources, sources, true);
            });
            at(1, position[0]);
        } finally {
            admit(position[0], true);
        }
    }

    /** Records the last scan of every remote that was on from the start, then serves those that missed entries. */
    void finish() throws IOException {
        for (Remote r : riders) {
            if (!missedAny(r)) {
                lastScans.write(r, scanned);
            }
        }
        secondPass();
    }

    private void at(int pass, long position) {
        if (probe != null) {
            probe.at(pass, position);
        }
    }

    /** Lets the remotes waiting to join get on at this position; {@code last} closes the walk to joiners. */
    private void admit(long position, boolean last) {
        List<Remote> arriving;
        synchronized (this) {
            arriving = new ArrayList<>(waiting);
            waiting.clear();
            joinWaiting = false;
            closed |= last;
        }
        for (Remote r : arriving) {
            boolean newSource = sources.stream().noneMatch(s -> s.name().equals(r.name()));
            if (newSource) {
                sources.add(r);
                sources.sort(RemoteRegistry.CHEAPEST_FIRST);
            }
            riders.add(r);
            joiners.add(new Joiner(r, position, newSource));
            stats.joinedAt.put(r.name(), position);
        }
    }

    private boolean missedAny(Remote r) {
        return joiners.stream().anyMatch(j -> j.remote() == r && j.from() > 0);
    }

    /**
     * Checks each entry before the farthest join point for the joiners that got on after it. A download
     * was already queued at the entry's first check from the cheapest holder known then; a new joiner is
     * asked only where it holds the key and no remote known then did, so no key is fetched twice.
     */
    private void secondPass() throws IOException {
        List<Joiner> behind = new ArrayList<>(joiners.stream().filter(j -> j.from() > 0).toList());
        if (behind.isEmpty()) {
            return;
        }
        behind.sort(Comparator.comparingLong(Joiner::from));
        SecondPass pass = new SecondPass(behind);
        try {
            repository.annexedFiles(head, pass::visit);
            at(2, pass.position);
        } catch (AllCaughtUp e) {
            // The rest of the tree was checked for everyone in the first pass.
        }
    }

    private final class SecondPass {
        private final List<Joiner> behind;
        private List<Remote> uploadTo;
        private List<Remote> fresh;
        private long position;

        SecondPass(List<Joiner> behind) {
            this.behind = behind;
        }

        void visit(AnnexedPath f) throws IOException {
            if (uploadTo == null) {
                uploadTo = behind.stream().map(Joiner::remote).toList();
                fresh = behind.stream().filter(Joiner::newSource).map(Joiner::remote).toList();
            }
            at(2, position);
            stats.entriesVisited++;
            check.check(f.key(), f.path(), uploadTo, sources, fresh, false);
            position++;
            // The joiners that got on here have now been checked against every entry.
            while (!behind.isEmpty() && behind.get(0).from() == position) {
                lastScans.write(behind.remove(0).remote(), scanned);
                uploadTo = null;
            }
            if (behind.isEmpty()) {
                throw new AllCaughtUp();
            }
        }
    }
}
