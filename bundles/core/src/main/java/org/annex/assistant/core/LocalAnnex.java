package org.annex.assistant.core;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

import org.annex.assistant.api.annex.AnnexRepository;
import org.annex.assistant.api.annex.Key;
import org.annex.assistant.api.event.EventSink;
import org.annex.assistant.core.impl.LocalAnnexRepository;
import org.annex.assistant.core.match.TrustLevel;
import org.eclipse.jgit.lib.Repository;

/**
 * A git-annex repository on a local path, opened without OSGi services: for tests, benchmarks and tools
 * (the daemon's bundles get theirs as the {@link AnnexRepository} service). Besides the service's view it
 * writes the repository-wide logs git-annex's own commands write ({@code git annex wanted}, {@code group},
 * {@code trust}, {@code numcopies}, {@code initremote}), in git-annex's formats.
 */
public interface LocalAnnex extends AnnexRepository, AutoCloseable {
    /** Opens the repository of a work tree, running git-annex's init first if it is not one yet. */
    static LocalAnnex open(Path workTree, String description) throws IOException {
        return LocalAnnexRepository.open(workTree, description);
    }

    /** As {@link #open(Path, String)}, posting the repository's events (journal commits) to {@code events}. */
    static LocalAnnex open(Path workTree, String description, EventSink events) throws IOException {
        return LocalAnnexRepository.open(workTree, description, events);
    }

    /** The JGit repository (also {@code adaptTo(Repository.class)}); closed with this. */
    Repository git();

    /** annex.backend from git config, SHA256E if unset or not a backend we can hash with. */
    String backend();

    /** A temporary directory on the object store's file system, for downloads. */
    Path tmpDir() throws IOException;

    /** Every key that has a location log (committed or journalled). */
    Set<Key> keysWithLocationLogs() throws IOException;

    /** The locations of every key with a location log, the journal winning over the branch. */
    Map<Key, Set<String>> allLocations() throws IOException;

    void setDescription(String repoUuid, String description) throws IOException;

    void setTrust(String repoUuid, TrustLevel trust) throws IOException;

    void setGroups(String repoUuid, Set<String> groups) throws IOException;

    void setPreferredContent(String repoUuid, String expression) throws IOException;

    void setRequiredContent(String repoUuid, String expression) throws IOException;

    void setGroupPreferredContent(String group, String expression) throws IOException;

    /** A special remote's remote.log line; fields are written sorted by name, as git-annex does. */
    void setRemoteConfig(String repoUuid, Map<String, String> fields) throws IOException;

    void setNumCopies(int n) throws IOException;

    void setMinCopies(int n) throws IOException;

    void setConfig(String setting, String value) throws IOException;

    /** Commits what is journalled, stops the background commits and closes the JGit repository. */
    @Override
    void close();
}
