package org.annex.assistant.transfer.impl.queue;

import java.io.IOException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.annex.assistant.api.annex.AnnexRepository;
import org.annex.assistant.api.transfer.Direction;
import org.annex.assistant.api.transfer.TransferQueue;
import org.annex.assistant.core.TransferInfoFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A download that another process runs into this repository (the remote storing it here, or git-annex) is
 * watched until it ends, without holding a slot: then the content goes to its file at once, and the
 * location that process journalled here is committed and pushed. If it failed, the download is queued
 * again.
 */
final class DownloadFollower {
    private static final Logger LOG = LoggerFactory.getLogger(DownloadFollower.class);
    /** How often a transfer that another process runs into this repository is looked at. */
    private static final long FOLLOW_INTERVAL_MILLIS = 20;

    private final AnnexRepository repository;
    private final ScheduledExecutorService scheduler;
    private final TransferQueue queue;
    private final BooleanSupplier closed;

    DownloadFollower(AnnexRepository repository, ScheduledExecutorService scheduler, TransferQueue queue, BooleanSupplier closed) {
        this.repository = repository;
        this.scheduler = scheduler;
        this.queue = queue;
        this.closed = closed;
    }

    void follow(TransferJob job, String remoteUuid) {
        if (closed.getAsBoolean()) {
            return;
        }
        scheduler.schedule(() -> {
            try {
                if (new TransferInfoFiles(repository.gitDir()).running(Direction.DOWNLOAD, remoteUuid, job.id.key())) {
                    follow(job, remoteUuid);
                } else if (repository.hasContent(job.id.key())) {
                    if (job.hasFile()) {
                        PointerFiles.populate(repository, job.id.key(), job.file);
                    }
                    repository.requestJournalCommit();
                } else {
                    queue.enqueue(Direction.DOWNLOAD, job.id.key(), job.file, job.id.remote());
                }
            } catch (IOException | RuntimeException e) {
                LOG.warn("following the download of {} by another process failed: {}", job.id.key(), e.getMessage());
            }
        }, FOLLOW_INTERVAL_MILLIS, TimeUnit.MILLISECONDS);
    }
}
