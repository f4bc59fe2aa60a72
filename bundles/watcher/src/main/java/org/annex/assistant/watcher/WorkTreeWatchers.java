package org.annex.assistant.watcher;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/** The watchers of all repositories, as a service the console reads. */
@ProviderType
public interface WorkTreeWatchers {
    /** One status per watched repository. */
    List<WatchStatus> status();
}
