package org.annex.assistant.transfer.impl;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.annex.assistant.api.annex.AnnexRepository;
import org.annex.assistant.api.annex.Key;
import org.annex.assistant.api.annex.LocationLogPath;
import org.annex.assistant.api.remote.Remote;
import org.annex.assistant.api.transfer.Direction;
import org.annex.assistant.api.transfer.TransferQueue;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.TreeFilter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds what to upload to and download from remotes. Per remote it remembers the work-tree commit and the
 * git-annex branch commit it last scanned against (in {@code .git/annex-assistant/scan/<uuid>}); the next
 * scan looks only at what changed since: files changed between the two work-tree commits, and keys whose
 * location logs changed between the two git-annex commits (traced to files through a {@link KeyIndex}).
 * Without a valid last scan (first run, history rewritten) it walks the whole tree, once for all remotes
 * that need it; a remote that needs a walk too and asks while one is under way gets on where it is
 * ({@link #join}) rather than waiting for it to end and walking everything again.
 */
final class TransferScanner {
    private static final Logger LOG = LoggerFactory.getLogger(TransferScanner.class);

    private final AnnexRepository repository;
    private final Repository git;
    private final RemoteRegistry remotes;
    private final TransferQueue queue;
    private final Path stateDir;
    private KeyIndex index;
    private final Object walkLock = new Object();
    /** The full walk that remotes can still join (during its first pass), or null; guarded by walkLock. */
    private FullWalk openWalk;
    /** Set while a remote waits to join, so that the walk takes walkLock only then, not at every entry. */
    private volatile boolean joinWaiting;
    private WalkProbe walkProbe;

    TransferScanner(AnnexRepository repository, Repository git, RemoteRegistry remotes, TransferQueue queue) {
        this.repository = repository;
        this.git = git;
        this.remotes = remotes;
        this.queue = queue;
        this.stateDir = repository.gitDir().resolve("annex-assistant").resolve("scan");
    }

    /** What one scan did. */
    static final class Stats {
        boolean fullWalk;
        /** Tree entries looked at: the whole tree on a full walk, only changed paths otherwise. */
        long entriesVisited;
        /** Changed git-annex branch files looked at (incremental scans only). */
        long branchFilesVisited;
        long keysChecked;
        int uploadsQueued;
        int downloadsQueued;
        /** Keys with fewer known copies than numcopies. */
        int lackingCopies;
        final List<String> remotes = new ArrayList<>();
        /** Remotes that joined the full walk under way, with the number of entries it had passed then. */
        final Map<String, Long> joinedAt = new LinkedHashMap<>();

        @Override
        public String toString() {
            return (fullWalk ? "full" : "incremental") + " scan of " + remotes + (joinedAt.isEmpty() ? "" : " (joined: " + joinedAt + ")")
                    + ": " + entriesVisited + " tree entries, " + branchFilesVisited + " branch files, "
                    + keysChecked + " keys, " + uploadsQueued + " uploads, " + downloadsQueued + " downloads queued, "
                    + lackingCopies + " keys lacking copies";
        }
    }

    private record State(ObjectId head, ObjectId annex) {
    }

    /** A remote that got on a full walk after it had passed {@code from} entries. */
    private record Joiner(Remote remote, long from, boolean newSource) {
    }

    /** Told where a full walk is, for tests that act at a known point of it. */
    interface WalkProbe {
        /**
         * Called before each entry and after the last: {@code pass} is 1, or 2 for the entries that joiners
         * missed; {@code position} the number of entries the pass has gone past.
         */
        void at(int pass, long position);
    }

    /** Sets the probe that every later full walk tells where it is. */
    void setWalkProbe(WalkProbe probe) {
        walkProbe = probe;
    }

    /** Scans the named remotes (all remotes if empty); the others keep their state. */
    synchronized Stats scan(Collection<String> names) throws IOException {
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
        ObjectId annex = git.resolve("refs/heads/git-annex");
        if (targets.isEmpty() || head == null) {
            return stats;
        }
        int numCopies = repository.numCopies();
        try (RevWalk rw = new RevWalk(git); ObjectReader reader = git.newObjectReader()) {
            RevCommit headCommit = rw.parseCommit(head);
            boolean full = false;
            Set<State> since = new LinkedHashSet<>();
            for (Remote r : targets) {
                Optional<State> s = readState(r);
                if (s.isEmpty() || !valid(rw, s.get(), head, annex)) {
                    full = true;
                } else {
                    since.add(s.get());
                }
            }
            if (index == null) {
                index = KeyIndex.load(indexFile()).orElse(null);
            }
            if (index != null && !present(rw, index.commit())) {
                index = null;
            }
            State scanned = new State(head, annex == null ? ObjectId.zeroId() : annex);
            if (full || index == null) {
                stats.fullWalk = true;
                index = new KeyIndex(head);
                new FullWalk(reader, headCommit, annex, scanned, targets, all, stats, numCopies).run();
            } else {
                Map<Key, String> candidates = new LinkedHashMap<>();
                updateIndex(reader, rw, headCommit, stats);
                for (State s : since) {
                    changedFiles(reader, rw, s.head(), headCommit, candidates, stats);
                    if (annex != null) {
                        changedLocations(reader, rw, s.annex(), annex, candidates, stats);
                    }
                }
                for (Map.Entry<Key, String> e : candidates.entrySet()) {
                    check(e.getKey(), e.getValue(), targets, all, all, true, stats, numCopies);
                }
                saveIndex(head);
                for (Remote r : targets) {
                    writeState(r, scanned);
                }
            }
        }
        LOG.info("{} in {}", stats, repository.workTree());
        return stats;
    }

    /** A last scan can be built on if both its commits still exist and are ancestors of the current ones. */
    private boolean valid(RevWalk rw, State s, ObjectId head, ObjectId annex) throws IOException {
        if (!present(rw, s.head())) {
            return false;
        }
        if (annex != null && !s.annex().equals(ObjectId.zeroId()) && !present(rw, s.annex())) {
            return false;
        }
        try {
            boolean headOk = rw.isMergedInto(rw.parseCommit(s.head()), rw.parseCommit(head));
            boolean annexOk = annex == null || s.annex().equals(ObjectId.zeroId())
                    || rw.isMergedInto(rw.parseCommit(s.annex()), rw.parseCommit(annex));
            return headOk && annexOk;
        } finally {
            rw.reset();
        }
    }

    private static boolean present(RevWalk rw, ObjectId id) throws IOException {
        try {
            rw.parseCommit(id);
            return true;
        } catch (MissingObjectException | org.eclipse.jgit.errors.IncorrectObjectTypeException e) {
            return false;
        }
    }

    /**
     * Takes the named remotes (all if none are named) into the full walk under way, if it is still in its
     * first pass, and if they need a walk themselves (no valid last scan): each is checked from the entry the
     * walk has reached, and the entries it missed are walked again for it alone right after the first pass,
     * within the same {@link #scan}. Returns the names taken; the caller scans the others after the walk: a
     * remote with a valid last scan needs only what changed since, which costs less than the entries it
     * missed, and one already in the walk needs only what changed during it. Callable from any thread.
     */
    Set<String> join(Collection<String> names) throws IOException {
        FullWalk walk;
        synchronized (walkLock) {
            walk = openWalk;
        }
        if (walk == null) {
            return Set.of();
        }
        List<Remote> needWalk = new ArrayList<>();
        try (RevWalk rw = new RevWalk(git)) {
            for (Remote r : remotes.all()) {
                if ((names.isEmpty() || names.contains(r.name())) && !walk.isMember(r.name())) {
                    Optional<State> s = readState(r);
                    if (s.isEmpty() || !valid(rw, s.get(), walk.head, walk.annex)) {
                        needWalk.add(r);
                    }
                }
            }
        }
        Set<String> taken = new LinkedHashSet<>();
        synchronized (walkLock) {
            if (openWalk != walk) {
                return Set.of();
            }
            for (Remote r : needWalk) {
                if (walk.members.add(r.name())) {
                    walk.waiting.add(r);
                    taken.add(r.name());
                }
            }
            joinWaiting = !walk.waiting.isEmpty();
        }
        return taken;
    }

    /**
     * One walk of the whole tree. Its first pass checks every entry for the targets, and for each remote that
     * joins from the entry it got on at; a second pass over the entries before the farthest join point
     * checks each of them for the joiners that missed it. Every remote's last scan is recorded once every
     * entry has been checked for it, and only then.
     */
    private final class FullWalk {
        private final ObjectReader reader;
        private final RevCommit head;
        private final ObjectId annex;
        private final State scanned;
        private final Stats stats;
        private final int numCopies;
        /** The remotes each entry of the first pass is checked for: the targets, and joiners once on. */
        private final List<Remote> riders;
        /** The remotes downloads may come from, cheapest first: all known at the start, and new joiners. */
        private final List<Remote> sources;
        private final List<Joiner> joiners = new ArrayList<>();
        /** Names of the remotes in the walk or waiting to get on; guarded by walkLock. */
        private final Set<String> members = new HashSet<>();
        /** Remotes that asked to join since the walk last looked; guarded by walkLock. */
        private final List<Remote> waiting = new ArrayList<>();

        FullWalk(ObjectReader reader, RevCommit head, ObjectId annex, State scanned, List<Remote> targets,
                List<Remote> all, Stats stats, int numCopies) {
            this.reader = reader;
            this.head = head;
            this.annex = annex;
            this.scanned = scanned;
            this.stats = stats;
            this.numCopies = numCopies;
            this.riders = new ArrayList<>(targets);
            this.sources = new ArrayList<>(all);
            targets.forEach(r -> members.add(r.name()));
        }

        private boolean isMember(String name) {
            synchronized (walkLock) {
                return members.contains(name);
            }
        }

        void run() throws IOException {
            synchronized (walkLock) {
                openWalk = this;
            }
            try {
                firstPass();
            } finally {
                synchronized (walkLock) {
                    if (openWalk == this) {
                        openWalk = null;
                        joinWaiting = false;
                    }
                }
            }
            saveIndex(head);
            for (Remote r : riders) {
                if (!missedAny(r)) {
                    writeState(r, scanned);
                }
            }
            secondPass();
        }

        private void firstPass() throws IOException {
            long position = 0;
            try (TreeWalk tw = treeWalk()) {
                while (true) {
                    if (walkProbe != null) {
                        walkProbe.at(1, position);
                    }
                    if (joinWaiting) {
                        admit(position, false);
                    }
                    if (!tw.next()) {
                        break;
                    }
                    position++;
                    stats.entriesVisited++;
                    Optional<Key> key = AnnexedEntries.keyOf(reader, tw.getFileMode(0), tw.getObjectId(0));
                    if (key.isPresent()) {
                        String path = tw.getPathString();
                        index.put(path, key.get());
                        check(key.get(), path, riders, sources, sources, true, stats, numCopies);
                    }
                }
            }
            admit(position, true);
        }

        /** Lets the remotes waiting to join get on at this position; {@code last} closes the walk to joiners. */
        private void admit(long position, boolean last) {
            List<Remote> arriving;
            synchronized (walkLock) {
                arriving = new ArrayList<>(waiting);
                waiting.clear();
                joinWaiting = false;
                if (last) {
                    openWalk = null;
                }
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
            behind.sort(Comparator.comparingLong(Joiner::from));
            List<Remote> uploadTo = null;
            List<Remote> fresh = null;
            long position = 0;
            try (TreeWalk tw = treeWalk()) {
                while (!behind.isEmpty()) {
                    if (uploadTo == null) {
                        uploadTo = behind.stream().map(Joiner::remote).toList();
                        fresh = behind.stream().filter(Joiner::newSource).map(Joiner::remote).toList();
                    }
                    if (walkProbe != null) {
                        walkProbe.at(2, position);
                    }
                    if (!tw.next()) {
                        break;
                    }
                    stats.entriesVisited++;
                    Optional<Key> key = AnnexedEntries.keyOf(reader, tw.getFileMode(0), tw.getObjectId(0));
                    if (key.isPresent()) {
                        check(key.get(), tw.getPathString(), uploadTo, sources, fresh, false, stats, numCopies);
                    }
                    position++;
                    // The joiners that got on here have now been checked against every entry.
                    while (!behind.isEmpty() && behind.get(0).from() == position) {
                        writeState(behind.remove(0).remote(), scanned);
                        uploadTo = null;
                    }
                }
            }
        }

        private TreeWalk treeWalk() throws IOException {
            TreeWalk tw = new TreeWalk(git, reader);
            tw.addTree(head.getTree());
            tw.setRecursive(true);
            return tw;
        }
    }

    private void saveIndex(ObjectId head) throws IOException {
        index.setCommit(head);
        index.save(indexFile());
    }

    /** Brings the key index from the commit it reflects to the current one. */
    private void updateIndex(ObjectReader reader, RevWalk rw, RevCommit head, Stats stats) throws IOException {
        if (index.commit().equals(head)) {
            return;
        }
        try (TreeWalk tw = diffWalk(reader, rw.parseCommit(index.commit()), head)) {
            while (tw.next()) {
                stats.entriesVisited++;
                String path = tw.getPathString();
                Optional<Key> key = tw.getFileMode(1) == FileMode.MISSING ? Optional.empty()
                        : AnnexedEntries.keyOf(reader, tw.getFileMode(1), tw.getObjectId(1));
                if (key.isPresent()) {
                    index.put(path, key.get());
                } else {
                    index.remove(path);
                }
            }
        }
    }

    private TreeWalk diffWalk(ObjectReader reader, RevCommit from, RevCommit to) throws IOException {
        TreeWalk tw = new TreeWalk(git, reader);
        tw.addTree(from.getTree());
        tw.addTree(to.getTree());
        tw.setRecursive(true);
        tw.setFilter(TreeFilter.ANY_DIFF);
        return tw;
    }

    /** Annexed files added or changed between two work-tree commits. */
    private void changedFiles(ObjectReader reader, RevWalk rw, ObjectId from, RevCommit to, Map<Key, String> out,
            Stats stats) throws IOException {
        if (from.equals(to)) {
            return;
        }
        try (TreeWalk tw = diffWalk(reader, rw.parseCommit(from), to)) {
            while (tw.next()) {
                stats.entriesVisited++;
                if (tw.getFileMode(1) != FileMode.MISSING) {
                    Optional<Key> key = AnnexedEntries.keyOf(reader, tw.getFileMode(1), tw.getObjectId(1));
                    key.ifPresent(k -> out.putIfAbsent(k, tw.getPathString()));
                }
            }
        }
    }

    /** Keys whose location logs changed between two git-annex branch commits, with a file that holds each. */
    private void changedLocations(ObjectReader reader, RevWalk rw, ObjectId from, ObjectId to, Map<Key, String> out,
            Stats stats) throws IOException {
        if (from.equals(to)) {
            return;
        }
        try (TreeWalk tw = new TreeWalk(git, reader)) {
            if (from.equals(ObjectId.zeroId())) {
                tw.addTree(new org.eclipse.jgit.treewalk.EmptyTreeIterator());
            } else {
                tw.addTree(rw.parseCommit(from).getTree());
            }
            tw.addTree(rw.parseCommit(to).getTree());
            tw.setRecursive(true);
            tw.setFilter(TreeFilter.ANY_DIFF);
            while (tw.next()) {
                stats.branchFilesVisited++;
                String path = tw.getPathString();
                LocationLogPath.keyOf(path).ifPresent(k -> index.fileOf(k).ifPresent(f -> out.putIfAbsent(k, f)));
            }
        }
    }

    /**
     * Decides one key: upload to each of {@code uploadTo} that lacks it and wants it (everything, when it has
     * no preferred content); download it if this repository wants and lacks it, from the cheapest of
     * {@code sources} that has it, provided that every source that has it is among {@code fresh}: one that is
     * not has seen this entry before, and the download was queued then. {@code firstLook} is false when the
     * entry is checked again for remotes that missed it, which leaves what concerns this repository alone.
     */
    private void check(Key key, String file, List<Remote> uploadTo, List<Remote> sources, List<Remote> fresh,
            boolean firstLook, Stats stats, int numCopies) throws IOException {
        stats.keysChecked++;
        Set<String> locations = repository.locations(key);
        if (firstLook && locations.size() < numCopies) {
            stats.lackingCopies++;
        }
        if (repository.hasContent(key)) {
            // Content that arrived by another way (a remote stored it here) still has to reach the file.
            if (firstLook && file != null && !file.isEmpty()) {
                PointerFiles.populate(repository, key, file);
            }
            for (Remote r : uploadTo) {
                if (!locations.contains(r.uuid()) && repository.wants(r.uuid(), key, file)
                        && queue.enqueue(Direction.UPLOAD, key, file, r.name())) {
                    stats.uploadsQueued++;
                }
            }
        } else if (repository.wants(repository.uuid(), key, file)) {
            Remote from = null;
            for (Remote r : sources) {
                if (locations.contains(r.uuid())) {
                    if (!fresh.contains(r)) {
                        return;
                    }
                    if (from == null) {
                        from = r;
                    }
                }
            }
            if (from != null && queue.enqueue(Direction.DOWNLOAD, key, file, from.name())) {
                stats.downloadsQueued++;
            }
        }
    }

    private Path indexFile() {
        return stateDir.resolve("key-index");
    }

    private Path stateFile(Remote r) {
        return stateDir.resolve(r.uuid().replaceAll("[^A-Za-z0-9-]", "_"));
    }

    private Optional<State> readState(Remote r) throws IOException {
        try {
            String[] f = Files.readString(stateFile(r), StandardCharsets.UTF_8).trim().split(" ");
            if (f.length == 2 && ObjectId.isId(f[0]) && ObjectId.isId(f[1])) {
                return Optional.of(new State(ObjectId.fromString(f[0]), ObjectId.fromString(f[1])));
            }
            return Optional.empty();
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    private void writeState(Remote r, State s) throws IOException {
        Files.createDirectories(stateDir);
        Path tmp = stateFile(r).resolveSibling(stateFile(r).getFileName() + ".tmp");
        Files.writeString(tmp, s.head().name() + " " + s.annex().name() + "\n", StandardCharsets.UTF_8);
        Files.move(tmp, stateFile(r), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** Forgets every remote's last scan: the next scan walks the whole tree. */
    void forget() throws IOException {
        index = null;
        Files.deleteIfExists(indexFile());
        for (Remote r : remotes.all()) {
            Files.deleteIfExists(stateFile(r));
        }
    }
}
