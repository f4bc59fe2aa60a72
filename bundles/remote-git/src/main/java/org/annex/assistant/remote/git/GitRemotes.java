package org.annex.assistant.remote.git;

import org.annex.assistant.api.remote.RemoteFactory;
import org.annex.assistant.core.NeighbourRepositories;
import org.annex.assistant.remote.git.impl.GitRemoteFactory;

/**
 * The factory of git remotes on a local path, for use without OSGi (other bundles' tests, benchmarks); the
 * daemon gets it as a {@link RemoteFactory} service.
 */
public final class GitRemotes {
    private GitRemotes() {
    }

    public static RemoteFactory factory(NeighbourRepositories neighbours) {
        return new GitRemoteFactory(neighbours);
    }
}
