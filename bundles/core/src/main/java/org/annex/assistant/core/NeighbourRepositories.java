package org.annex.assistant.core;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;

import org.annex.assistant.api.annex.Key;
import org.annex.assistant.core.impl.OpenNeighbours;
import org.eclipse.jgit.lib.Repository;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Other git repositories on a local path (remotes on this machine or a mounted drive), opened once and
 * shared by every bundle: opening one reads its refs and pack indexes, far too slow per push or per stored
 * key. A core service, so what it keeps open is closed when the core bundle stops, and nothing outlives a
 * bundle restart. Location logs are written there as git-annex itself writes them (the journal, under its
 * lock, based on that repository's current branch tip, re-read at every write), so its daemon, or
 * {@code git annex whereis} there, sees the change at once.
 */
@ProviderType
public interface NeighbourRepositories {
    /** The JGit repository whose git directory is {@code gitDir}. Owned by this service: never close it. */
    Repository repository(Path gitDir) throws IOException;

    /** Records in that repository that {@code uuid} has (or no longer has) {@code key}. */
    void setLocation(Path gitDir, Key key, String uuid, boolean present) throws IOException;

    /**
     * Records in that repository that {@code uuid} received {@code key} from {@code sender}: both hold it.
     * The sender's own line may not have reached that repository yet (its push races with the upload), and
     * without it that repository's daemon would see a key the sender lacks and send it back.
     */
    void setReceived(Path gitDir, Key key, String uuid, String sender) throws IOException;

    /**
     * The uuids holding {@code key} as that repository knows it: its journal first, then its branch merged
     * with the git-annex branches pushed to it and not merged yet.
     */
    Set<String> locations(Path gitDir, Key key) throws IOException;

    /** A set of neighbours owned by its caller, for use without OSGi (tests, tools); closing closes them all. */
    interface Owned extends NeighbourRepositories, AutoCloseable {
        @Override
        void close();
    }

    /** Neighbours for use without OSGi services; the daemon's bundles use the service instead. */
    static Owned standalone() {
        return new OpenNeighbours();
    }
}
