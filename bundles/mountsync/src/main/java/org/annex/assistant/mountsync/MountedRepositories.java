package org.annex.assistant.mountsync;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/** What was found on the volumes mounted while the daemon runs (and are still mounted), for the console. */
@ProviderType
public interface MountedRepositories {
    /** Every repository found, per served repository: its remotes that came back, and those offered. */
    List<FoundRepository> found();
}
