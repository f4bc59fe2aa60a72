package org.annex.assistant.core.impl.branch;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;

import org.annex.assistant.api.annex.AnnexRefs;
import org.annex.assistant.api.concurrent.Coalescer;
import org.annex.assistant.api.event.EventSink;
import org.annex.assistant.api.event.Topics;
import org.eclipse.jgit.lib.ObjectId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The journal's batched commits: changes noted within an interval share one commit of the git-annex
 * branch, then {@link Topics#ANNEX_BRANCH_COMMITTED} is posted so gitsync pushes the branch out. A failed
 * commit is tried again after the interval; what is pending is committed when the repository closes.
 */
public final class JournalCommits implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(JournalCommits.class);

    private final AnnexBranch branch;
    private final String repository;
    private final EventSink events;
    private final Coalescer commits;
    private int pending;

    public JournalCommits(AnnexBranch branch, String repository, EventSink events, ScheduledExecutorService scheduler,
            long intervalMillis) {
        this.branch = branch;
        this.repository = repository;
        this.events = events;
        this.commits = new Coalescer(scheduler, intervalMillis, this::commit);
    }

    /** Notes one more journalled change; a commit follows within the interval. */
    public void changed() {
        synchronized (this) {
            pending++;
        }
        commits.request();
    }

    private void commit() {
        int n;
        synchronized (this) {
            n = pending;
            pending = 0;
        }
        if (n == 0) {
            return;
        }
        try {
            if (branch.commitJournal()) {
                ObjectId head = branch.head();
                Map<String, Object> props = new HashMap<>();
                props.put(Topics.REPOSITORY, repository);
                props.put(Topics.COMMIT, head == null ? AnnexRefs.ANNEX_BRANCH : head.name());
                props.put(Topics.FILES, n);
                events.post(Topics.ANNEX_BRANCH_COMMITTED, props);
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("committing {} journal changes in {} failed; trying again: {}", n, repository, e.getMessage());
            synchronized (this) {
                pending += n;
            }
            commits.request();
        }
    }

    /** Commits what is pending now, and no more later. */
    @Override
    public void close() {
        commits.close();
        commits.runNow();
    }
}
