package org.annex.assistant.api.annex;

/**
 * The git ref names git-annex and {@code git annex sync} use, in one place: the git-annex branch, and the
 * {@code synced/} branches that sync pushes into other repositories instead of their checked-out branch.
 */
public final class AnnexRefs {
    /** The git-annex branch's short name. */
    public static final String ANNEX_BRANCH_NAME = "git-annex";
    /** The git-annex branch. */
    public static final String ANNEX_BRANCH = "refs/heads/git-annex";
    /** Prefix of the branches {@code git annex sync} pushes to: {@code synced/BRANCH}. */
    public static final String SYNCED_PREFIX = "synced/";
    /** Where the synced branches live in the repository pushed to. */
    public static final String SYNCED_HEADS = "refs/heads/synced/";
    /** The git-annex branch as pushed by sync: {@code refs/heads/synced/git-annex}. */
    public static final String SYNCED_ANNEX_BRANCH = SYNCED_HEADS + ANNEX_BRANCH_NAME;
    /** Remote-tracking refs. */
    public static final String REMOTES = "refs/remotes/";

    private AnnexRefs() {
    }

    /** {@code refs/heads/synced/BRANCH} for a short branch name. */
    public static String synced(String branch) {
        return SYNCED_HEADS + branch;
    }

    /** {@code refs/remotes/REMOTE/BRANCH}. */
    public static String remoteTracking(String remote, String branch) {
        return REMOTES + remote + "/" + branch;
    }
}
