package org.annex.assistant.transfer.impl;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.annex.assistant.api.annex.AnnexRepository;
import org.annex.assistant.api.annex.Key;
import org.annex.assistant.api.concurrent.NamedThreads;
import org.annex.assistant.api.event.EventSink;
import org.annex.assistant.api.event.Topics;
import org.annex.assistant.api.remote.Remote;
import org.annex.assistant.api.remote.TransferBusyException;
import org.annex.assistant.api.transfer.Direction;
import org.annex.assistant.core.TransferInfoFiles;
import org.annex.assistant.api.transfer.TransferQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The transfer queue of one repository: transfers wait cheapest remote first and run in a fixed number of
 * slots, each on its own thread whose end always frees its slot. A transfer runs only while it holds its
 * git-annex transfer lock; failures are recorded and retried later with exponential backoff.
 */
final class Transfers implements TransferQueue {
    private static final Logger LOG = LoggerFactory.getLogger(Transfers.class);
    /** Progress events at most this often per transfer (5 per second). */
    private static final long PROGRESS_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(200);
    private static final long MAX_RETRY_MILLIS = TimeUnit.HOURS.toMillis(6);
    /** How often a transfer that another process runs into this repository is looked at. */
    private static final long FOLLOW_INTERVAL_MILLIS = 20;

    private final AnnexRepository repository;
    private final RemoteRegistry remotes;
    private final EventSink events;
    private final ScheduledExecutorService scheduler;
    private final long retryBaseMillis;
    private final ExecutorService threads;
    private final Object lock = new Object();
    /** Transfers of keys of known size under {@link #SMALL_BYTES}, and all others: each waits in its own line. */
    private final PriorityQueue<Job> waitingSmall = new PriorityQueue<>();
    private final PriorityQueue<Job> waiting = new PriorityQueue<>();
    private final Map<Id, Job> queuedOrRunning = new HashMap<>();
    private final Map<Id, Job> running = new LinkedHashMap<>();
    private final Map<Id, Failure> failures = new HashMap<>();
    private long sequence;
    private int slots;
    private int smallSlots;
    private int runningSmall;
    private boolean closed;

    /**
     * A key smaller than this moves in milliseconds: its transfer is bound by latency (locks, renames,
     * round trips), not bandwidth, so a burst of them may use more slots than the configured number.
     */
    static final long SMALL_BYTES = 1L << 20;

    /**
     * @param slots      transfers that run at once
     * @param smallSlots more transfers of small keys ({@link #SMALL_BYTES}) that may run besides those: a
     *                   thousand small files otherwise wait in line behind the latency of each
     */
    Transfers(AnnexRepository repository, RemoteRegistry remotes, EventSink events,
            ScheduledExecutorService scheduler, int slots, int smallSlots, long retryBaseMillis) {
        this.repository = repository;
        this.remotes = remotes;
        this.events = events;
        this.scheduler = scheduler;
        this.slots = Math.max(1, slots);
        this.smallSlots = Math.max(0, smallSlots);
        this.retryBaseMillis = retryBaseMillis;
        this.threads = Executors.newCachedThreadPool(NamedThreads.factory("annex-transfer"));
    }

    /** What identifies a transfer: the same key, direction and remote is never queued twice. */
    private record Id(Direction direction, Key key, String remote) {
    }

    private static final class Failure {
        int count;
        long retryAt;
    }

    private final class Job implements Comparable<Job> {
        final Id id;
        final String file;
        final int cost;
        final long seq;
        final boolean small;
        volatile long bytes;

        Job(Id id, String file, int cost, long seq) {
            this.id = id;
            this.file = file;
            this.cost = cost;
            this.seq = seq;
            this.small = id.key.size().isPresent() && id.key.size().getAsLong() < SMALL_BYTES;
        }

        @Override
        public int compareTo(Job o) {
            return cost != o.cost ? Integer.compare(cost, o.cost) : Long.compare(seq, o.seq);
        }

        Transfer view() {
            return new Transfer(id.direction, id.key, file, id.remote, bytes);
        }
    }

    void setSlots(int n, int small) {
        synchronized (lock) {
            slots = Math.max(1, n);
            smallSlots = Math.max(0, small);
            pump();
        }
    }

    @Override
    public boolean enqueue(Direction direction, Key key, String file, String remoteName) {
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(remoteName, "remote");
        int cost;
        try {
            cost = remotes.remote(remoteName).cost();
        } catch (IOException e) {
            // Queued anyway, last: running it records the failure where it can be seen and retried.
            cost = Integer.MAX_VALUE;
        }
        Id id = new Id(direction, key, remoteName);
        synchronized (lock) {
            if (closed || queuedOrRunning.containsKey(id)) {
                return false;
            }
            Failure f = failures.get(id);
            if (f != null && f.retryAt > System.currentTimeMillis()) {
                return false;
            }
            Job job = new Job(id, file, cost, sequence++);
            queuedOrRunning.put(id, job);
            (job.small ? waitingSmall : waiting).add(job);
            pump();
            return true;
        }
    }

    @Override
    public List<Transfer> queued() {
        synchronized (lock) {
            List<Job> jobs = new ArrayList<>(waiting);
            jobs.addAll(waitingSmall);
            jobs.sort(null);
            return jobs.stream().map(Job::view).toList();
        }
    }

    @Override
    public List<Transfer> running() {
        synchronized (lock) {
            return running.values().stream().map(Job::view).toList();
        }
    }

    /** How many times a transfer has failed in a row (0 once it succeeds). */
    int failures(Direction direction, Key key, String remote) {
        synchronized (lock) {
            Failure f = failures.get(new Id(direction, key, remote));
            return f == null ? 0 : f.count;
        }
    }

    /**
     * Starts what may start, cheapest first: other transfers while fewer than {@code slots} of them run,
     * small ones while fewer than {@code slots + smallSlots} run in all.
     */
    private void pump() {
        while (!closed) {
            boolean roomForAny = running.size() < slots + smallSlots;
            Job other = roomForAny && running.size() - runningSmall < slots ? waiting.peek() : null;
            Job small = roomForAny ? waitingSmall.peek() : null;
            Job job = other == null ? small : small == null || other.compareTo(small) <= 0 ? other : small;
            if (job == null) {
                return;
            }
            (job == other ? waiting : waitingSmall).poll();
            if (job.small) {
                runningSmall++;
            }
            running.put(job.id, job);
            threads.execute(() -> run(job));
        }
    }

    private void run(Job job) {
        Outcome outcome = Outcome.FAILED;
        try {
            outcome = perform(job);
        } catch (TransferBusyException e) {
            LOG.debug("{}", e.getMessage());
            outcome = Outcome.SKIPPED;
        } catch (IOException | RuntimeException e) {
            LOG.warn("{} of {} {} remote {} failed: {}", job.id.direction.dirName(), job.id.key,
                    job.id.direction == Direction.UPLOAD ? "to" : "from", job.id.remote, e.getMessage());
        } catch (Error e) {
            LOG.error("transfer thread died", e);
            throw e;
        } finally {
            synchronized (lock) {
                if (running.remove(job.id) != null && job.small) {
                    runningSmall--;
                }
                queuedOrRunning.remove(job.id);
                record(job, outcome);
                pump();
            }
        }
    }

    private enum Outcome { DONE, FAILED, SKIPPED }

    private void record(Job job, Outcome outcome) {
        if (outcome == Outcome.DONE) {
            failures.remove(job.id);
        } else if (outcome == Outcome.FAILED && !closed) {
            Failure f = failures.computeIfAbsent(job.id, i -> new Failure());
            f.count++;
            long delay = Math.min(MAX_RETRY_MILLIS, retryBaseMillis << Math.min(f.count - 1, 20));
            f.retryAt = System.currentTimeMillis() + delay;
            scheduler.schedule(() -> enqueue(job.id.direction, job.id.key, job.file, job.id.remote), delay, TimeUnit.MILLISECONDS);
        }
    }

    private Outcome perform(Job job) throws IOException {
        Key key = job.id.key;
        Remote remote;
        try {
            remote = remotes.remote(job.id.remote);
        } catch (IOException e) {
            post(Topics.TRANSFER_DONE, job, false, e.getMessage());
            throw e;
        }
        Optional<TransferInfoFiles.Handle> info = new TransferInfoFiles(repository.gitDir())
                .tryStart(job.id.direction, remote.uuid(), key, job.file == null ? "" : job.file);
        if (info.isEmpty()) {
            LOG.debug("{} of {} is already running in another process", job.id.direction.dirName(), key);
            if (job.id.direction == Direction.DOWNLOAD) {
                follow(job, remote.uuid());
            }
            return Outcome.SKIPPED;
        }
        try (TransferInfoFiles.Handle t = info.get()) {
            post(Topics.TRANSFER_STARTED, job, null, null);
            Remote.Progress progress = new ThrottledProgress(job, t);
            try {
                if (job.id.direction == Direction.DOWNLOAD) {
                    download(remote, key, job.file, progress);
                } else {
                    upload(remote, key, job.file, progress);
                }
            } catch (IOException | RuntimeException e) {
                t.progress(job.bytes);
                t.failed();
                post(Topics.TRANSFER_DONE, job, false, e.getMessage());
                throw e;
            }
            t.succeeded();
            post(Topics.TRANSFER_DONE, job, true, null);
            return Outcome.DONE;
        }
    }

    private void upload(Remote remote, Key key, String file, Remote.Progress progress) throws IOException {
        if (!repository.hasContent(key)) {
            throw new IOException("cannot upload " + key + ": its content is not here");
        }
        remote.store(key, repository.contentPath(key), file, progress);
        repository.setLocation(key, remote.uuid(), true);
        repository.requestJournalCommit();
    }

    private void download(Remote remote, Key key, String file, Remote.Progress progress) throws IOException {
        if (!repository.hasContent(key)) {
            Path tmpDir = repository.gitDir().resolve("annex").resolve("tmp");
            Files.createDirectories(tmpDir);
            Path tmp = tmpDir.resolve(key.fileName());
            remote.retrieve(key, tmp, file, progress);
            try {
                repository.storeVerified(key, tmp);
            } catch (IOException e) {
                Files.deleteIfExists(tmp);
                throw new IOException("remote " + remote.name() + " sent content that does not match " + key
                        + "; refused: " + e.getMessage(), e);
            }
        } else {
            // It arrived by another way meanwhile; storeVerified records the location in the usual case.
            repository.setLocation(key, repository.uuid(), true);
        }
        repository.requestJournalCommit();
        if (file != null && !file.isEmpty()) {
            PointerFiles.populate(repository, key, file);
        }
    }

    /**
     * A download that another process runs into this repository (the remote storing it here, or git-annex)
     * is watched until it ends, without holding a slot: then the content goes to its file at once, and the
     * location that process journalled here is committed and pushed. If it failed, the download is queued
     * again.
     */
    private void follow(Job job, String remoteUuid) {
        synchronized (lock) {
            if (closed) {
                return;
            }
        }
        scheduler.schedule(() -> {
            try {
                if (new TransferInfoFiles(repository.gitDir()).running(Direction.DOWNLOAD, remoteUuid, job.id.key)) {
                    follow(job, remoteUuid);
                } else if (repository.hasContent(job.id.key)) {
                    if (job.file != null && !job.file.isEmpty()) {
                        PointerFiles.populate(repository, job.id.key, job.file);
                    }
                    repository.requestJournalCommit();
                } else {
                    enqueue(Direction.DOWNLOAD, job.id.key, job.file, job.id.remote);
                }
            } catch (IOException | RuntimeException e) {
                LOG.warn("following the download of {} by another process failed: {}", job.id.key, e.getMessage());
            }
        }, FOLLOW_INTERVAL_MILLIS, TimeUnit.MILLISECONDS);
    }

    private void post(String topic, Job job, Boolean ok, String message) {
        Map<String, Object> p = new HashMap<>();
        p.put(Topics.REPOSITORY, repository.workTree().toString());
        p.put(Topics.KEY, job.id.key.toString());
        p.put(Topics.FILE, job.file == null ? "" : job.file);
        p.put(Topics.REMOTE, job.id.remote);
        p.put(Topics.DIRECTION, job.id.direction.dirName());
        p.put(Topics.BYTES, job.bytes);
        p.put(Topics.SIZE, job.id.key.size().orElse(-1));
        if (ok != null) {
            p.put(Topics.OK, ok);
        }
        if (message != null) {
            p.put(Topics.MESSAGE, message);
        }
        events.post(topic, p);
    }

    /** Reports bytes to the job, to throttled progress events and to the transfer info file. */
    private final class ThrottledProgress implements Remote.Progress {
        private final Job job;
        private final TransferInfoFiles.Handle info;
        private long last = System.nanoTime();

        ThrottledProgress(Job job, TransferInfoFiles.Handle info) {
            this.job = job;
            this.info = info;
        }

        @Override
        public void bytes(long total) {
            job.bytes = total;
            long now = System.nanoTime();
            if (now - last >= PROGRESS_INTERVAL_NANOS) {
                last = now;
                post(Topics.TRANSFER_PROGRESS, job, null, null);
                try {
                    info.progress(total);
                } catch (IOException e) {
                    LOG.debug("transfer info file not updated: {}", e.getMessage());
                }
            }
        }
    }

    /** Stops starting transfers; running ones are interrupted and their slots freed. */
    void close() {
        synchronized (lock) {
            closed = true;
            waiting.clear();
            waitingSmall.clear();
            queuedOrRunning.keySet().retainAll(running.keySet());
        }
        threads.shutdownNow();
        try {
            threads.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
