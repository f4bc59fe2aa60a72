package org.annex.assistant.transfer.impl.queue;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.annex.assistant.api.annex.AnnexRepository;
import org.annex.assistant.api.annex.Key;
import org.annex.assistant.api.rate.RateController;
import org.annex.assistant.api.rate.Throttle;
import org.annex.assistant.api.remote.Remote;
import org.annex.assistant.api.transfer.Direction;
import org.annex.assistant.core.TransferInfoFiles;
import org.annex.assistant.transfer.impl.remotes.RemoteRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one transfer, only while it holds its git-annex transfer lock (the transfer info file): the upload
 * or the verified download, its events and progress, and the location it records. A download that another
 * process already runs is handed to the {@link DownloadFollower}. Every buffer a remote reports is paid
 * for to the {@link RateController} (when one is there), which holds the transfer to its limits: the one
 * place the speed knob meets the bytes of every remote that moves them itself.
 */
final class TransferRun {
    private static final Logger LOG = LoggerFactory.getLogger(TransferRun.class);
    /** Progress events at most this often per transfer (5 per second). */
    private static final long PROGRESS_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(200);
    /**
     * More than any one buffer a remote moves between reports (they use 16 KiB to 256 KiB): a first report
     * beyond it is where a resumed transfer starts, not bytes moved now, and is not paid for.
     */
    private static final long RESUME_THRESHOLD = 1L << 20;

    enum Outcome { DONE, FAILED, SKIPPED }

    private final AnnexRepository repository;
    private final RemoteRegistry remotes;
    private final TransferEvents events;
    private final DownloadFollower follower;
    private final Supplier<RateController> rates;

    TransferRun(AnnexRepository repository, RemoteRegistry remotes, TransferEvents events, DownloadFollower follower,
            Supplier<RateController> rates) {
        this.repository = repository;
        this.remotes = remotes;
        this.events = events;
        this.follower = follower;
        this.rates = rates;
    }

    Outcome perform(TransferJob job) throws IOException {
        Key key = job.id.key();
        Direction direction = job.id.direction();
        Remote remote;
        try {
            remote = remotes.remote(job.id.remote());
        } catch (IOException e) {
            events.done(job, false, e.getMessage());
            throw e;
        }
        Optional<TransferInfoFiles.Handle> info = new TransferInfoFiles(repository.gitDir())
                .tryStart(direction, remote.uuid(), key, job.fileOrEmpty());
        if (info.isEmpty()) {
            LOG.debug("{} of {} is already running in another process", direction.dirName(), key);
            if (direction == Direction.DOWNLOAD) {
                follower.follow(job, remote.uuid());
            }
            return Outcome.SKIPPED;
        }
        try (TransferInfoFiles.Handle t = info.get()) {
            events.started(job);
            try {
                Remote.Progress progress = new ThrottledProgress(job, t, throttle(remote.name(), direction));
                if (direction == Direction.DOWNLOAD) {
                    download(remote, key, job.file, progress);
                } else {
                    upload(remote, key, job.file, progress);
                }
            } catch (IOException | RuntimeException e) {
                t.progress(job.bytes);
                t.failed();
                events.done(job, false, e.getMessage());
                throw e;
            }
            t.succeeded();
            events.done(job, true, null);
            return Outcome.DONE;
        }
    }

    private Throttle throttle(String remote, Direction direction) {
        RateController r = rates.get();
        return r == null ? Throttle.UNLIMITED : r.throttle(repository, remote, direction);
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
     * Reports bytes to the job, to progress events (at most every {@link #PROGRESS_INTERVAL_NANOS}) and to
     * the transfer info file, and pays for them to the throttle, which may hold the remote's copy loop here.
     */
    private final class ThrottledProgress implements Remote.Progress {
        private final TransferJob job;
        private final TransferInfoFiles.Handle info;
        private final Throttle throttle;
        private long last = System.nanoTime();
        private long paid = -1;

        ThrottledProgress(TransferJob job, TransferInfoFiles.Handle info, Throttle throttle) {
            this.job = job;
            this.info = info;
            this.throttle = throttle;
        }

        @Override
        public void bytes(long total) {
            job.bytes = total;
            pay(total);
            long now = System.nanoTime();
            if (now - last >= PROGRESS_INTERVAL_NANOS) {
                last = now;
                events.progress(job);
                try {
                    info.progress(total);
                } catch (IOException e) {
                    LOG.debug("transfer info file not updated: {}", e.getMessage());
                }
            }
        }

        private void pay(long total) {
            if (paid < 0) {
                paid = total > RESUME_THRESHOLD ? total : 0;
            }
            long moved = total - paid;
            if (moved <= 0) {
                return;
            }
            paid = total;
            try {
                throttle.acquire(moved);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new UncheckedIOException(new InterruptedIOException("transfer interrupted while held to its rate"));
            }
        }
    }
}
