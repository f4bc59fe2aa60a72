package org.annex.assistant.mountsync;

import java.nio.file.Path;

/**
 * A git-annex repository found on a mounted volume, as one served repository sees it: one of its remotes
 * ({@link #remote} set), or a repository it could add as a remote (offered).
 *
 * @param location where it was found (its work tree, or its directory when bare)
 * @param uuid its annex.uuid
 * @param mountPoint the volume's mount point (the location is there or below it)
 * @param repository the work tree of the served repository this is about
 * @param remote the name of the remote of {@code repository} with this uuid; null when none (offered)
 * @param atRemoteUrl whether that remote's url leads to {@code location} (false: the volume is mounted
 *        elsewhere than when the remote was added, and its url needs {@code git remote set-url})
 * @param known whether {@code repository}'s uuid.log lists the uuid (a clone in the same network)
 */
public record FoundRepository(Path location, String uuid, String mountPoint, Path repository, String remote,
        boolean atRemoteUrl, boolean known) {
    /** Not a remote yet: offered to the user on the console. */
    public boolean offered() {
        return remote == null;
    }
}
