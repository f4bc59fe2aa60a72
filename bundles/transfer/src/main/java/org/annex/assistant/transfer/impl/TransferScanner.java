package org.annex.assistant.transfer.impl;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import org.annex.assistant.api.annex.AnnexRepository;
import org.annex.assistant.api.annex.Key;
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
 * that need it.
 */
final class TransferScanner {
    private static final Logger LOG = LoggerFactory.getLogger(TransferScanner.class);
    private static final Pattern LOCATION_LOG = Pattern.compile("[0-9a-f]{3}/[0-9a-f]{3}/[^/]+\\.log");

    private final AnnexRepository repository;
    private final Repository git;
    private final RemoteRegistry remotes;
    private final TransferQueue queue;
    private final Path stateDir;
    private KeyIndex index;

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

        @Override
        public String toString() {
            return (fullWalk ? "full" : "incremental") + " scan of " + remotes + ": " + entriesVisited + " tree entries, " + branchFilesVisited + " branch files, "
                    + keysChecked + " keys, " + uploadsQueued + " uploads, " + downloadsQueued + " downloads queued, "
                    + lackingCopies + " keys lacking copies";
        }
    }

    private record State(ObjectId head, ObjectId annex) {
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
            if (full || index == null) {
                stats.fullWalk = true;
                index = new KeyIndex(head);
                fullWalk(reader, headCommit, targets, all, stats, numCopies);
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
                    check(e.getKey(), e.getValue(), targets, all, stats, numCopies);
                }
            }
            index.setCommit(head);
            index.save(indexFile());
            for (Remote r : targets) {
                writeState(r, new State(head, annex == null ? ObjectId.zeroId() : annex));
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

    private void fullWalk(ObjectReader reader, RevCommit head, List<Remote> targets, List<Remote> all, Stats stats,
            int numCopies) throws IOException {
        try (TreeWalk tw = new TreeWalk(git, reader)) {
            tw.addTree(head.getTree());
            tw.setRecursive(true);
            while (tw.next()) {
                stats.entriesVisited++;
                Optional<Key> key = AnnexedEntries.keyOf(reader, tw.getFileMode(0), tw.getObjectId(0));
                if (key.isPresent()) {
                    String path = tw.getPathString();
                    index.put(path, key.get());
                    check(key.get(), path, targets, all, stats, numCopies);
                }
            }
        }
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
                if (!LOCATION_LOG.matcher(path).matches()) {
                    continue;
                }
                String keyFile = path.substring(8, path.length() - 4);
                AnnexedEntries.parse(keyFile).ifPresent(k -> index.fileOf(k).ifPresent(f -> out.putIfAbsent(k, f)));
            }
        }
    }

    /**
     * Decides one key: upload to each target that lacks it and wants it (everything, when it has no preferred
     * content), or download it from the cheapest remote that has it if this repository wants and lacks it.
     */
    private void check(Key key, String file, List<Remote> targets, List<Remote> all, Stats stats, int numCopies)
            throws IOException {
        stats.keysChecked++;
        Set<String> locations = repository.locations(key);
        if (locations.size() < numCopies) {
            stats.lackingCopies++;
        }
        if (repository.hasContent(key)) {
            // Content that arrived by another way (a remote stored it here) still has to reach the file.
            if (file != null && !file.isEmpty()) {
                PointerFiles.populate(repository, key, file);
            }
            for (Remote r : targets) {
                if (!locations.contains(r.uuid()) && repository.wants(r.uuid(), key, file)
                        && queue.enqueue(Direction.UPLOAD, key, file, r.name())) {
                    stats.uploadsQueued++;
                }
            }
        } else if (repository.wants(repository.uuid(), key, file)) {
            for (Remote r : all) {
                if (locations.contains(r.uuid())) {
                    if (queue.enqueue(Direction.DOWNLOAD, key, file, r.name())) {
                        stats.downloadsQueued++;
                    }
                    break;
                }
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
