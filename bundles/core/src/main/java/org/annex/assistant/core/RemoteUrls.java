package org.annex.assistant.core;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Optional;

import org.eclipse.jgit.transport.URIish;

/** Remote urls as git reads them: which name a local path (gitsync pushes there differently; mountsync matches drives). */
public final class RemoteUrls {
    private RemoteUrls() {
    }

    /**
     * The absolute, normalised path a remote url names (a path, or a {@code file:} url; a relative path is
     * relative to the work tree, as git takes it); empty for urls with a host (ssh, http) and unparsable ones.
     */
    public static Optional<Path> localPath(Path workTree, String url) {
        if (url == null) {
            return Optional.empty();
        }
        try {
            URIish uri = new URIish(url);
            if (uri.getHost() != null || (uri.getScheme() != null && !uri.getScheme().equals("file"))) {
                return Optional.empty();
            }
            return Optional.of(workTree.resolve(uri.getPath()).toAbsolutePath().normalize());
        } catch (URISyntaxException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
