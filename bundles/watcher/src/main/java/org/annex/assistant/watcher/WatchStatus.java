package org.annex.assistant.watcher;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** A snapshot of one repository's watcher. */
public final class WatchStatus {
    private final String workTree;
    private final int watchedDirectories;
    private final List<String> unwatchedDirectories;
    private final int pendingChanges;
    private final String lastCommit;
    private final Instant lastCommitTime;
    private final int lastCommitFiles;
    private final long commits;

    public WatchStatus(String workTree, int watchedDirectories, List<String> unwatchedDirectories,
            int pendingChanges, String lastCommit, Instant lastCommitTime, int lastCommitFiles, long commits) {
        this.workTree = workTree;
        this.watchedDirectories = watchedDirectories;
        this.unwatchedDirectories = List.copyOf(unwatchedDirectories);
        this.pendingChanges = pendingChanges;
        this.lastCommit = lastCommit;
        this.lastCommitTime = lastCommitTime;
        this.lastCommitFiles = lastCommitFiles;
        this.commits = commits;
    }

    public String workTree() { return workTree; }

    /** Directories with an inotify watch. */
    public int watchedDirectories() { return watchedDirectories; }

    /**
     * Directories (relative to the work tree) the kernel refused to watch because the inotify limit is
     * reached; they are scanned periodically. Non-empty means: raise fs.inotify.max_user_watches.
     */
    public List<String> unwatchedDirectories() { return unwatchedDirectories; }

    /** Files seen changing and not yet committed. */
    public int pendingChanges() { return pendingChanges; }

    /** The last commit this watcher made, if any. */
    public Optional<String> lastCommit() { return Optional.ofNullable(lastCommit); }

    public Optional<Instant> lastCommitTime() { return Optional.ofNullable(lastCommitTime); }

    /** Paths changed by the last commit. */
    public int lastCommitFiles() { return lastCommitFiles; }

    /** Commits made since the watcher started. */
    public long commits() { return commits; }

    @Override
    public String toString() {
        return workTree + ": " + watchedDirectories + " watched, " + unwatchedDirectories.size() + " unwatched, "
                + pendingChanges + " pending, last commit " + lastCommit;
    }
}
