package org.annex.assistant.api.event;

/**
 * Event Admin topics posted by the bundles. Every event carries {@link #REPOSITORY} (the work tree path)
 * where it concerns one repository. Events are posted asynchronously: a subscriber never slows a poster.
 */
public final class Topics {
    public static final String PREFIX = "annex/";
    /** Property: absolute work-tree path of the repository concerned. */
    public static final String REPOSITORY = "repository";

    /** A work-tree file was added, changed, removed or moved. Properties: path, change. */
    public static final String FILE_CHANGED = "annex/file/CHANGED";
    /** The watcher made a commit. Properties: commit, files. */
    public static final String COMMIT_MADE = "annex/git/COMMITTED";
    /** A ref was pushed in or fetched from a remote. Properties: remote, ref. */
    public static final String REF_RECEIVED = "annex/git/REF_RECEIVED";
    /**
     * Changes from other clones were merged: the branch or the git-annex branch moved (the work tree is
     * updated when this is posted). Properties: refs (the merged ref names).
     */
    public static final String MERGED = "annex/git/MERGED";
    /** A push to a remote finished. Properties: remote, ok, message. */
    public static final String PUSHED = "annex/git/PUSHED";
    /** A remote became reachable or unreachable. Properties: remote, reachable. */
    public static final String REMOTE_REACHABLE = "annex/remote/REACHABLE";
    /** A file system was mounted. Properties: mountPoint, device, fsType. */
    public static final String MOUNT_ADDED = "annex/mount/ADDED";
    /** A file system was unmounted. Properties: mountPoint, device, fsType. */
    public static final String MOUNT_REMOVED = "annex/mount/REMOVED";
    /** The network came up, went down or changed addresses. Properties: online. */
    public static final String NETWORK_CHANGED = "annex/network/CHANGED";
    /** Transfer events. Properties: key, file, remote, direction, bytes, size, ok. */
    public static final String TRANSFER_STARTED = "annex/transfer/STARTED";
    public static final String TRANSFER_PROGRESS = "annex/transfer/PROGRESS";
    public static final String TRANSFER_DONE = "annex/transfer/DONE";

    private Topics() {
    }
}
