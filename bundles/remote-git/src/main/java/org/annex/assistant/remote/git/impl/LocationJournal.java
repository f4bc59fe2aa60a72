package org.annex.assistant.remote.git.impl;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.annex.assistant.api.annex.Key;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * Writes a location log line into another repository's journal, as git-annex itself does there: the full
 * new content of {@code <hashdirlower><key>.log} (newest line per uuid) in {@code annex/journal/}, written
 * to a temp file and renamed while holding the fcntl lock on {@code annex/journal.lck}.
 */
final class LocationJournal {
    /** fcntl locks are per process, so threads of this process also take a lock of their own per journal. */
    private static final Map<Path, Object> IN_PROCESS = new ConcurrentHashMap<>();

    private LocationJournal() {
    }

    static void record(Path gitDir, Key key, String uuid, boolean present) throws IOException {
        Path annex = gitDir.resolve("annex");
        String branchPath = key.hashDirLower() + key.fileName() + ".log";
        String journalName = branchPath.replace("_", "__").replace('/', '_');
        Path journalDir = annex.resolve("journal");
        Path otherTmp = annex.resolve("othertmp");
        Files.createDirectories(journalDir);
        Files.createDirectories(otherTmp);
        Object guard = IN_PROCESS.computeIfAbsent(annex.toAbsolutePath().normalize(), p -> new Object());
        synchronized (guard) {
            try (FileChannel lockChannel = FileChannel.open(annex.resolve("journal.lck"),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                    FileLock lock = lockChannel.lock()) {
                Path journal = journalDir.resolve(journalName);
                String old = Files.exists(journal) ? Files.readString(journal) : branchFile(gitDir, branchPath);
                Map<String, String> newest = new LinkedHashMap<>();
                for (String line : old.split("\n")) {
                    String[] f = line.split(" ");
                    if (f.length == 3 && (!newest.containsKey(f[2]) || seconds(f[0]) >= seconds(newest.get(f[2]).split(" ")[0]))) {
                        newest.put(f[2], line);
                    }
                }
                newest.put(uuid, timestamp(Instant.now()) + " " + (present ? "1" : "0") + " " + uuid);
                StringBuilder b = new StringBuilder();
                newest.values().stream().sorted().forEach(l -> b.append(l).append('\n'));
                Path tmp = otherTmp.resolve(journalName);
                Files.writeString(tmp, b, StandardCharsets.UTF_8);
                Files.move(tmp, journal, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    private static double seconds(String ts) {
        try {
            return Double.parseDouble(ts.endsWith("s") ? ts.substring(0, ts.length() - 1) : ts);
        } catch (NumberFormatException e) {
            return Double.NEGATIVE_INFINITY;
        }
    }

    /** git-annex's timestamp: POSIX seconds, a fraction without trailing zeros, then {@code s}. */
    static String timestamp(Instant t) {
        String nanos = String.format("%09d", t.getNano()).replaceFirst("0+$", "");
        return t.getEpochSecond() + (nanos.isEmpty() ? "" : "." + nanos) + "s";
    }

    /**
     * Opening a repository reads its refs and pack indexes: far too slow to do per stored key, so each
     * remote's repository is opened once and kept (JGit re-reads refs and packs that changed on disk).
     */
    private static final Map<Path, Repository> OPEN = new ConcurrentHashMap<>();

    private static String branchFile(Path gitDir, String path) throws IOException {
        Repository r = OPEN.get(gitDir);
        if (r == null) {
            r = new FileRepositoryBuilder().setGitDir(gitDir.toFile()).setMustExist(true).build();
            Repository raced = OPEN.putIfAbsent(gitDir, r);
            if (raced != null) {
                r.close();
                r = raced;
            }
        }
        ObjectId branch = r.resolve("refs/heads/git-annex");
        if (branch == null) {
            return "";
        }
        try (RevWalk rw = new RevWalk(r); TreeWalk tw = TreeWalk.forPath(r, path, rw.parseCommit(branch).getTree())) {
            return tw == null ? "" : new String(r.open(tw.getObjectId(0), Constants.OBJ_BLOB).getBytes(), StandardCharsets.UTF_8);
        }
    }
}
