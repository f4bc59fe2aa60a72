package org.annex.assistant.core.impl;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;

import org.annex.assistant.api.annex.Key;
import org.annex.assistant.api.annex.LocationLogPath;
import org.annex.assistant.api.concurrent.NamedThreads;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * The present uuids of every location log in a git-annex branch commit's tree (the journal is not
 * consulted): the blobs, delta-compressed in packs, are inflated by several threads, each with its own
 * reader. What {@link LocationIndex} reads when it has nothing to start from.
 */
final class LocationLogBulkRead {
    /** Inflating log blobs is CPU-bound: more threads than this rarely pay on the machines we run on. */
    private static final int READ_THREADS = 4;

    private LocationLogBulkRead() {
    }

    static Map<Key, Set<String>> read(Repository repo, ObjectId commit, LocationLogScan scan) throws IOException {
        List<String> paths = new ArrayList<>();
        List<ObjectId> blobs = new ArrayList<>();
        try (RevWalk walk = new RevWalk(repo); TreeWalk tw = new TreeWalk(walk.getObjectReader())) {
            tw.addTree(walk.parseCommit(commit).getTree());
            tw.setRecursive(true);
            while (tw.next()) {
                String path = tw.getPathString();
                if (LocationLogPath.hasShape(path)) {
                    paths.add(path);
                    blobs.add(tw.getObjectId(0));
                }
            }
        }
        int threads = Math.max(1, Math.min(READ_THREADS, Math.min(Runtime.getRuntime().availableProcessors(), paths.size() / 1000)));
        List<Map<Key, Set<String>>> parts = new ArrayList<>();
        List<Future<?>> running = new ArrayList<>();
        ExecutorService pool = threads > 1
                ? Executors.newFixedThreadPool(threads - 1, NamedThreads.factory("annex-branch-read"))
                : null;
        try {
            Future<?> first = null;
            for (int i = 0; i < threads; i++) {
                int from = paths.size() * i / threads;
                int to = paths.size() * (i + 1) / threads;
                Map<Key, Set<String>> part = new HashMap<>((to - from) * 4 / 3 + 1);
                parts.add(part);
                Callable<Void> task = () -> {
                    readLogs(repo, paths.subList(from, to), blobs.subList(from, to), scan, part);
                    return null;
                };
                if (i == 0) {
                    first = new FutureTask<>(task);
                } else {
                    running.add(pool.submit(task));
                }
            }
            ((FutureTask<?>) first).run();
            running.add(0, first);
            for (Future<?> f : running) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while reading the git-annex branch");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException) {
                throw (IOException) e.getCause();
            }
            throw new IOException("cannot read the git-annex branch", e.getCause());
        } finally {
            if (pool != null) {
                pool.shutdownNow();
            }
        }
        Map<Key, Set<String>> out = parts.get(0);
        for (int i = 1; i < parts.size(); i++) {
            out.putAll(parts.get(i));
        }
        return out;
    }

    private static void readLogs(Repository repo, List<String> paths, List<ObjectId> blobs, LocationLogScan scan,
            Map<Key, Set<String>> into) throws IOException {
        try (ObjectReader reader = repo.newObjectReader()) {
            for (int i = 0; i < paths.size(); i++) {
                String path = paths.get(i);
                Key key = LocationLogPath.keyOf(path).orElse(null);
                if (key != null) {
                    byte[] content = reader.open(blobs.get(i), Constants.OBJ_BLOB).getCachedBytes(Integer.MAX_VALUE);
                    into.put(key, scan.present(content, path));
                }
            }
        }
    }
}
