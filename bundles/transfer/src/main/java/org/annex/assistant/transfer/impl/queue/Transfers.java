package org.annex.assistant.transfer.impl.queue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.annex.assistant.api.annex.AnnexRepository;
import org.annex.assistant.api.annex.Key;
import org.annex.assistant.api.concurrent.NamedThreads;
import org.annex.assistant.api.event.EventSink;
import org.annex.assistant.api.rate.RateController;
import org.annex.assistant.api.remote.TransferBusyException;
import org.annex.assistant.api.transfer.Direction;
import org.annex.assistant.api.transfer.TransferQueue;
import org.annex.assistant.transfer.impl.remotes.RemoteRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The transfer queue of one repository: transfers wait cheapest remote first and run in a fixed number of
 * slots, each on its own thread whose end always frees its slot. Each runs as a {@link TransferRun};
 * failures are retried later with exponential backoff ({@link RetryBackoff}), or at once when their remote
 * comes back ({@link #retryNow}); a remote's repeated failure is warned about once ({@link RemoteFailures}).
 */
public final class Transfers implements TransferQueue {
    private static final Logger LOG = LoggerFactory.getLogger(Transfers.class);

    /**
     * A key smaller than this moves in milliseconds: its transfer is bound by latency (locks, renames,
     * round trips), not bandwidth, so a burst of them may use more slots than the configured number.
     */
    public static final long SMALL_BYTES = 1L << 20;

    private final RemoteRegistry remotes;
    private final ScheduledExecutorService scheduler;
    private final TransferRun runner;
    private final RetryBackoff backoff;
    private final RemoteFailures failures = new RemoteFailures();
    private final ParkedTransfers parked = new ParkedTransfers();
    /** A failed transfer waiting for its retry, and the scheduled retry. */
    private record Retry(TransferJob job, ScheduledFuture<?> scheduled) {
    }

    /** The failed transfers waiting for their retry: {@link #retryNow} brings it forward. */
    private final Map<TransferJob.Id, Retry> retries = new HashMap<>();
    private final ExecutorService threads;
    private final Object lock = new Object();
    /** Transfers of keys of known size under {@link #SMALL_BYTES}, and all others: each waits in its own line. */
    private final PriorityQueue<TransferJob> waitingSmall = new PriorityQueue<>();
    private final PriorityQueue<TransferJob> waiting = new PriorityQueue<>();
    private final Map<TransferJob.Id, TransferJob> queuedOrRunning = new HashMap<>();
    private final Map<TransferJob.Id, TransferJob> running = new LinkedHashMap<>();
    private long sequence;
    private int slots;
    private int smallSlots;
    private int runningSmall;
    private boolean closed;
    /** Whether {@link #close} found transfers waiting or running, or one was asked for after it. */
    private boolean dropped;

    /**
     * @param slots      transfers that run at once
     * @param smallSlots more transfers of small keys ({@link #SMALL_BYTES}) that may run besides those: a
     *                   thousand small files otherwise wait in line behind the latency of each
     */
    public Transfers(AnnexRepository repository, RemoteRegistry remotes, EventSink events,
            ScheduledExecutorService scheduler, int slots, int smallSlots, long retryBaseMillis,
            Supplier<RateController> rates) {
        this.remotes = remotes;
        this.scheduler = scheduler;
        this.slots = Math.max(1, slots);
        this.smallSlots = Math.max(0, smallSlots);
        this.backoff = new RetryBackoff(retryBaseMillis);
        this.runner = new TransferRun(repository, remotes, new TransferEvents(events, repository.workTree().toString()),
                new DownloadFollower(repository, scheduler, this, this::isClosed), rates);
        this.threads = Executors.newCachedThreadPool(NamedThreads.factory("annex-transfer"));
    }

    public void setSlots(int n, int small) {
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
        TransferJob.Id id = new TransferJob.Id(direction, key, remoteName);
        synchronized (lock) {
            if (closed) {
                dropped = true;
                return false;
            }
            if (queuedOrRunning.containsKey(id) || backoff.waiting(id, System.currentTimeMillis())) {
                return false;
            }
            TransferJob job = new TransferJob(id, file, cost, sequence++);
            queuedOrRunning.put(id, job);
            if (!parked.park(job)) {
                (job.small ? waitingSmall : waiting).add(job);
                pump();
            }
            return true;
        }
    }

    @Override
    public List<Transfer> queued() {
        synchronized (lock) {
            List<TransferJob> jobs = new ArrayList<>(waiting);
            jobs.addAll(waitingSmall);
            jobs.addAll(parked.all());
            jobs.sort(null);
            return jobs.stream().map(TransferJob::view).toList();
        }
    }

    @Override
    public List<Transfer> running() {
        synchronized (lock) {
            return running.values().stream().map(TransferJob::view).toList();
        }
    }

    /** How many times a transfer has failed in a row (0 once it succeeds). */
    public int failures(Direction direction, Key key, String remote) {
        synchronized (lock) {
            return backoff.count(new TransferJob.Id(direction, key, remote));
        }
    }

    private boolean isClosed() {
        synchronized (lock) {
            return closed;
        }
    }

    /**
     * Starts what may start, cheapest first: other transfers while fewer than {@code slots} of them run,
     * small ones while fewer than {@code slots + smallSlots} run in all.
     */
    private void pump() {
        while (!closed) {
            boolean roomForAny = running.size() < slots + smallSlots;
            TransferJob other = roomForAny && running.size() - runningSmall < slots ? waiting.peek() : null;
            TransferJob small = roomForAny ? waitingSmall.peek() : null;
            TransferJob job = other == null ? small : small == null || other.compareTo(small) <= 0 ? other : small;
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

    private void run(TransferJob job) {
        TransferRun.Outcome outcome = TransferRun.Outcome.FAILED;
        try {
            outcome = runner.perform(job);
        } catch (TransferBusyException e) {
            LOG.debug("{}", e.getMessage());
            outcome = TransferRun.Outcome.SKIPPED;
        } catch (IOException | RuntimeException e) {
            boolean news;
            synchronized (lock) {
                news = failures.isNew(job.id.remote(), String.valueOf(e.getMessage()));
            }
            if (news) {
                LOG.warn("{} of {} {} remote {} failed: {}", job.id.direction().dirName(), job.id.key(),
                        job.id.direction() == Direction.UPLOAD ? "to" : "from", job.id.remote(), e.getMessage());
            } else {
                LOG.debug("{} of {} {} remote {} failed as the one before: {}", job.id.direction().dirName(), job.id.key(),
                        job.id.direction() == Direction.UPLOAD ? "to" : "from", job.id.remote(), e.getMessage());
            }
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

    private void record(TransferJob job, TransferRun.Outcome outcome) {
        if (outcome == TransferRun.Outcome.DONE) {
            backoff.succeeded(job.id);
            failures.succeeded(job.id.remote());
        } else if (outcome == TransferRun.Outcome.FAILED && !closed) {
            long delay = backoff.failed(job.id, System.currentTimeMillis());
            retries.put(job.id, new Retry(job, scheduler.schedule(() -> {
                synchronized (lock) {
                    retries.remove(job.id);
                }
                enqueue(job.id.direction(), job.id.key(), job.file, job.id.remote());
            }, delay, TimeUnit.MILLISECONDS)));
        }
    }

    /**
     * The remote's volume was unmounted: its transfers are kept, not run, until {@link #remoteMounted}; those
     * waiting now too.
     */
    public void remoteUnmounted(String remote) {
        synchronized (lock) {
            parked.unmounted(remote);
            for (PriorityQueue<TransferJob> q : List.of(waiting, waitingSmall)) {
                List<TransferJob> jobs = q.stream().filter(j -> j.id.remote().equals(remote)).toList();
                q.removeAll(jobs);
                jobs.forEach(parked::park);
            }
        }
    }

    /** The remote's volume is mounted again: its kept transfers are queued, and its failed ones retried now. */
    public void remoteMounted(String remote) {
        synchronized (lock) {
            parked.mounted(remote).forEach(j -> (j.small ? waitingSmall : waiting).add(j));
            pump();
        }
        retryNow(remote);
    }

    /**
     * The remote is back (its drive mounted; {@code null}: any remote, the network changed): the transfers
     * with it that failed and wait for their retry run now, their backoff forgotten.
     */
    public void retryNow(String remote) {
        List<TransferJob> due = new ArrayList<>();
        synchronized (lock) {
            retries.values().removeIf(r -> {
                if (remote != null && !r.job().id.remote().equals(remote)) {
                    return false;
                }
                r.scheduled().cancel(false);
                backoff.succeeded(r.job().id);
                due.add(r.job());
                return true;
            });
        }
        due.forEach(j -> enqueue(j.id.direction(), j.id.key(), j.file, j.id.remote()));
    }

    /**
     * Stops starting transfers; running ones are interrupted and their slots freed. What was waiting or
     * running is dropped, as is what is asked for afterwards: {@link #droppedAny} tells.
     */
    public void close() {
        synchronized (lock) {
            closed = true;
            dropped |= !queuedOrRunning.isEmpty();
            waiting.clear();
            waitingSmall.clear();
            parked.clear();
            queuedOrRunning.keySet().retainAll(running.keySet());
        }
        threads.shutdownNow();
        try {
            threads.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Whether this queue, closed, dropped transfers: waiting or running when it closed, or asked for after.
     * The scan that queued them has recorded its last scan already, so the next one would not find them.
     */
    public boolean droppedAny() {
        synchronized (lock) {
            return dropped;
        }
    }
}
