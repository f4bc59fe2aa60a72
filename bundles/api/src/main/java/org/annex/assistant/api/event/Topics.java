package org.annex.assistant.api.event;

/**
 * Event Admin topics posted by the bundles, and the names of their properties. Every event that concerns
 * one repository carries {@link #REPOSITORY}. Events are posted asynchronously: a subscriber never slows a
 * poster. Producers and consumers use these constants only: a property name spelt by hand in one place
 * and differently in another silently breaks the subscriber.
 *
 * <p>Who posts and who listens is tabled in docs/design.md ("Events").
 */
public final class Topics {
    public static final String PREFIX = "annex/";

    // ---- properties (value types in brackets) ----

    /** [String] absolute work-tree path of the repository concerned. */
    public static final String REPOSITORY = "repository";
    /** [String] a work-tree path, relative to the work tree, with '/' separators. */
    public static final String PATH = "path";
    /** [String] what happened to {@link #PATH}: see {@link #FILE_CHANGED}. */
    public static final String CHANGE = "change";
    /** [String] a commit id (40 hex digits). */
    public static final String COMMIT = "commit";
    /** [Integer] how many paths (or journal entries) a commit holds. */
    public static final String FILES = "files";
    /** [String] a git remote's name. */
    public static final String REMOTE = "remote";
    /** [String] a full ref name. */
    public static final String REF = "ref";
    /** [Boolean] whether the operation succeeded. */
    public static final String OK = "ok";
    /** [String] a human-readable outcome or error. */
    public static final String MESSAGE = "message";
    /** [Boolean] whether a remote can be reached now. */
    public static final String REACHABLE = "reachable";
    /** [Boolean] whether the machine has a usable network now. */
    public static final String ONLINE = "online";
    /** [String] a git-annex key. */
    public static final String KEY = "key";
    /** [String] the work-tree file a transfer is for ("" when not known). */
    public static final String FILE = "file";
    /** [String] "upload" or "download" (git-annex's transfer directory names). */
    public static final String DIRECTION = "direction";
    /** [Long] bytes transferred so far. */
    public static final String BYTES = "bytes";
    /** [Long] the key's size in bytes, -1 when the key does not say. */
    public static final String SIZE = "size";
    /** [String] where a file system is mounted. */
    public static final String MOUNT_POINT = "mountPoint";
    /** [String] the mounted device or source. */
    public static final String DEVICE = "device";
    /** [String] the file system type. */
    public static final String FS_TYPE = "fsType";
    /** [String] which watcher implementation posted the event. */
    public static final String VARIANT = "variant";
    /** [String] absolute path of a repository found on a mounted volume (its work tree, or its directory when bare). */
    public static final String LOCATION = "location";

    // ---- topics ----

    /**
     * A work-tree file needs attention. Properties: {@link #PATH}, {@link #CHANGE} ({@code missing-content}:
     * an annexed file whose content is not here), {@link #KEY}.
     */
    public static final String FILE_CHANGED = "annex/file/CHANGED";
    /**
     * The watcher committed work-tree changes to the checked-out branch (the git-annex branch is committed
     * with it). Properties: {@link #COMMIT}, {@link #FILES}.
     */
    public static final String WORKTREE_COMMITTED = "annex/git/WORKTREE_COMMITTED";
    /**
     * Core committed the journal to the git-annex branch (location and other log changes only; the
     * checked-out branch did not move). Properties: {@link #COMMIT}, {@link #FILES}.
     */
    public static final String ANNEX_BRANCH_COMMITTED = "annex/git/ANNEX_BRANCH_COMMITTED";
    /** A ref was pushed in or fetched from a remote. Properties: {@link #REMOTE}, {@link #REF}. */
    public static final String REF_RECEIVED = "annex/git/REF_RECEIVED";
    /**
     * Changes from other clones were merged: the branch or the git-annex branch moved (the work tree is
     * updated when this is posted). Properties: {@link #REPOSITORY} only.
     */
    public static final String MERGED = "annex/git/MERGED";
    /** A push to a remote finished. Properties: {@link #REMOTE}, {@link #OK}, {@link #MESSAGE}. */
    public static final String PUSHED = "annex/git/PUSHED";
    /** A remote became reachable or unreachable. Properties: {@link #REMOTE}, {@link #REACHABLE}. */
    public static final String REMOTE_REACHABLE = "annex/remote/REACHABLE";
    /**
     * The network map's plan changed (a link came, went, went down or up, or changed cost): content may now
     * go along other links. Property: {@link #REPOSITORY}.
     */
    public static final String NETWORK_MAP_CHANGED = "annex/netmap/CHANGED";
    /**
     * A repository that is a remote of {@link #REPOSITORY} (same annex uuid) was found on a volume just mounted,
     * at its mount point or below: sync with it and scan it now. Properties: {@link #REMOTE}, {@link #MOUNT_POINT},
     * {@link #LOCATION}.
     */
    public static final String REMOTE_MOUNTED = "annex/remote/MOUNTED";
    /**
     * The volume holding a remote of {@link #REPOSITORY} was unmounted: it is unreachable until mounted again,
     * and nothing is to be tried on it meanwhile. Properties: {@link #REMOTE}, {@link #MOUNT_POINT}.
     */
    public static final String REMOTE_UNMOUNTED = "annex/remote/UNMOUNTED";
    /** A file system was mounted. Properties: {@link #MOUNT_POINT}, {@link #DEVICE}, {@link #FS_TYPE}, {@link #VARIANT}. */
    public static final String MOUNT_ADDED = "annex/mount/ADDED";
    /** A file system was unmounted. Properties as {@link #MOUNT_ADDED}. */
    public static final String MOUNT_REMOVED = "annex/mount/REMOVED";
    /** The network came up, went down or changed addresses. Properties: {@link #ONLINE}. */
    public static final String NETWORK_CHANGED = "annex/network/CHANGED";
    /**
     * A transfer started. Properties: {@link #KEY}, {@link #FILE}, {@link #REMOTE}, {@link #DIRECTION},
     * {@link #BYTES}, {@link #SIZE}.
     */
    public static final String TRANSFER_STARTED = "annex/transfer/STARTED";
    /** A transfer made progress (at most a few times a second). Properties as {@link #TRANSFER_STARTED}. */
    public static final String TRANSFER_PROGRESS = "annex/transfer/PROGRESS";
    /**
     * A transfer ended. Properties as {@link #TRANSFER_STARTED}, and {@link #OK}; {@link #MESSAGE} when it
     * failed.
     */
    public static final String TRANSFER_DONE = "annex/transfer/DONE";
    /** Topic filter for every transfer event. */
    public static final String TRANSFER_ALL = "annex/transfer/*";

    private Topics() {
    }
}
