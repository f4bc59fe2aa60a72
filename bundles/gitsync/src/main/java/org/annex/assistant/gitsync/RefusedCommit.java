package org.annex.assistant.gitsync;

import java.time.Instant;
import java.util.List;

/**
 * A commit another repository offered that was not merged because its tree holds paths git would not
 * check out ({@code .git} in any spelling, {@code ..}, a {@code .gitmodules} symlink, ...). Nothing of it
 * was written; it is not tried again.
 *
 * @param remote the remote it came from, or the ref a peer pushed it to when no remote is known
 * @param ref the ref it was found at
 * @param commit its id
 * @param paths the refused paths, each with git's reason
 * @param when when it was refused
 */
public record RefusedCommit(String remote, String ref, String commit, List<String> paths, Instant when) {
    public RefusedCommit {
        paths = List.copyOf(paths);
    }
}
