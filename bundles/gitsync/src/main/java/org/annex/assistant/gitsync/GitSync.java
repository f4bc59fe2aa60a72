package org.annex.assistant.gitsync;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.osgi.annotation.versioning.ProviderType;

/** Git-level sync of every bound annex repository with its remotes. */
@ProviderType
public interface GitSync {
    /**
     * Fetches from every remote of the repository, merges what arrived and pushes, all remotes in
     * parallel. Returns at once; progress shows in {@link #status(Path)} and in events.
     */
    void syncNow(Path workTree);

    /** Per remote name, the state of the last push; empty if the repository is not served. */
    Map<String, RemoteStatus> status(Path workTree);

    /** The commits other repositories offered and that were refused for unsafe paths, newest last. */
    List<RefusedCommit> refusedCommits(Path workTree);
}
