package org.annex.assistant.core;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;

import org.annex.assistant.api.annex.Key;
import org.annex.assistant.core.impl.OtherRepositoryJournals;

/**
 * Location logs of another git-annex repository on a local path, written as git-annex itself writes them
 * there (the journal, under its lock, based on that repository's current branch): a remote that stored
 * content straight into such a repository's object store records it this way, so its daemon, or
 * {@code git annex whereis} there, sees the change at once.
 */
public final class OtherRepositories {
    private OtherRepositories() {
    }

    /**
     * Records that repository {@code uuid} has (or no longer has) {@code key}, in the repository whose git
     * directory is {@code gitDir}.
     */
    public static void setLocation(Path gitDir, Key key, String uuid, boolean present) throws IOException {
        OtherRepositoryJournals.setLocation(gitDir, key, uuid, present);
    }

    /** The uuids holding {@code key} as that repository knows it (its journal first, then its branch). */
    public static Set<String> locations(Path gitDir, Key key) throws IOException {
        return OtherRepositoryJournals.locations(gitDir, key);
    }
}
