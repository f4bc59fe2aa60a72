package org.annex.assistant.gitsync.impl.push;

import java.io.File;
import java.util.Optional;

import org.annex.assistant.core.RemoteUrls;
import org.eclipse.jgit.lib.RepositoryCache;
import org.eclipse.jgit.util.FS;

/**
 * The remote a push goes to: its name, and its git directory when its url is a local path (resolved once
 * per push: both the choice of pusher and the checked-out-branch check need it).
 */
public record PushTarget(String remote, Optional<File> localGitDir) {
    /** The target for a remote at {@code url}; a relative path is relative to our work tree, as git takes it. */
    public static PushTarget of(String remote, String url, File workTree) {
        return new PushTarget(remote, localGitDir(workTree, url));
    }

    public boolean isLocal() {
        return localGitDir.isPresent();
    }

    private static Optional<File> localGitDir(File workTree, String url) {
        return RemoteUrls.localPath(workTree.toPath(), url)
                .map(p -> RepositoryCache.FileKey.resolve(p.toFile(), FS.DETECTED));
    }
}
