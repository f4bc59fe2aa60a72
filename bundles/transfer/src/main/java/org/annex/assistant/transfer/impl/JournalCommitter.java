package org.annex.assistant.transfer.impl;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.annex.assistant.api.annex.AnnexRepository;
import org.annex.assistant.api.event.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Commits location changes to the git-annex branch in batches, at most once per interval, then posts
 * {@link Topics#COMMIT_MADE} (with {@code branch=git-annex}) so gitsync pushes the branch out: a thousand
 * finished transfers make a handful of commits, not a thousand.
 */
final class JournalCommitter {
    private static final Logger LOG = LoggerFactory.getLogger(JournalCommitter.class);

    private final AnnexRepository repository;
    private final ScheduledExecutorService scheduler;
    private final EventSink events;
    private final long intervalMillis;
    private final Object commitLock = new Object();
    private boolean scheduled;
    private int changes;

    JournalCommitter(AnnexRepository repository, ScheduledExecutorService scheduler, EventSink events, long intervalMillis) {
        this.repository = repository;
        this.scheduler = scheduler;
        this.events = events;
        this.intervalMillis = intervalMillis;
    }

    /** Notes one more journalled change; a commit follows within the interval. */
    synchronized void changed() {
        changes++;
        schedule();
    }

    private synchronized void schedule() {
        if (!scheduled) {
            scheduled = true;
            scheduler.schedule(this::commit, intervalMillis, TimeUnit.MILLISECONDS);
        }
    }

    /** Commits now whatever is pending (on shutdown). */
    void flush() {
        commit();
    }

    private void commit() {
        // One commit at a time: flush() waits for a scheduled commit that is under way.
        synchronized (commitLock) {
            commitPending();
        }
    }

    private void commitPending() {
        int n;
        synchronized (this) {
            scheduled = false;
            n = changes;
            changes = 0;
        }
        if (n == 0) {
            return;
        }
        try {
            repository.commitJournal();
            events.post(Topics.COMMIT_MADE, Map.of(Topics.REPOSITORY, repository.workTree().toString(),
                    "branch", "git-annex", "commit", "refs/heads/git-annex", "files", n));
        } catch (IOException | RuntimeException e) {
            LOG.warn("committing {} location changes in {} failed; retrying: {}", n, repository.workTree(), e.getMessage());
            synchronized (this) {
                changes += n;
                schedule();
            }
        }
    }
}
