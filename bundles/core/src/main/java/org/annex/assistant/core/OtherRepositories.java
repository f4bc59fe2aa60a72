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

    /**
     * Records that repository {@code uuid} received {@code key} from repository {@code sender}: both hold
     * it. The sender's own line may not have reached that repository yet (its push races with the upload),
     * and without it that repository's daemon would see a key the sender lacks and send it back.
     */
    public static void setReceived(Path gitDir, Key key, String uuid, String sender) throws IOException {
        OtherRepositoryJournals.setReceived(gitDir, key, uuid, sender);
    }

    /** The uuids holding {@code key} as that repository knows it (its journal first, then its branch). */
    public static Set<String> locations(Path gitDir, Key key) throws IOException {
        return OtherRepositoryJournals.locations(gitDir, key);
    }
}
