package org.annex.assistant.transfer.impl.queue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.annex.assistant.api.annex.AnnexRepository;
import org.annex.assistant.api.annex.Key;
import org.annex.assistant.api.remote.Remote;
import org.annex.assistant.api.transfer.Direction;
import org.annex.assistant.core.TransferInfoFiles;
import org.annex.assistant.transfer.impl.remotes.RemoteRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one transfer, only while it holds its git-annex transfer lock (the transfer info file): the upload
 * or the verified download, its events and progress, and the location it records. A download that another
 * process already runs is handed to the {@link DownloadFollower}.
 */
final class TransferRun {
    private static final Logger LOG = LoggerFactory.getLogger(TransferRun.class);
    /** Progress events at most this often per transfer (5 per second). */
    private static final long PROGRESS_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(200);

    enum Outcome { DONE, FAILED, SKIPPED }

    private final AnnexRepository repository;
    private final RemoteRegistry remotes;
    private final TransferEvents events;
    private final DownloadFollower follower;

    TransferRun(AnnexRepository repository, RemoteRegistry remotes, TransferEvents events, DownloadFollower follower) {
        this.repository = repository;
        this.remotes = remotes;
        this.events = events;
        this.follower = follower;
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
            Remote.Progress progress = new ThrottledProgress(job, t);
            try {
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

    /** Reports bytes to the job, to throttled progress events and to the transfer info file. */
    private final class ThrottledProgress implements Remote.Progress {
        private final TransferJob job;
        private final TransferInfoFiles.Handle info;
        private long last = System.nanoTime();

        ThrottledProgress(TransferJob job, TransferInfoFiles.Handle info) {
            this.job = job;
            this.info = info;
        }

        @Override
        public void bytes(long total) {
            job.bytes = total;
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
    }
}
