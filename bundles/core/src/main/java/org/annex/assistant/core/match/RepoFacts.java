package org.annex.assistant.core.match;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.annex.assistant.api.annex.Key;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * The repository state an expression looks at, read from the git-annex branch. Implementations should answer
 * from memory (they are called once per term per evaluation).
 */
@ConsumerType
public interface RepoFacts {
    /** Groups of a repository (group.log); empty if none. */
    Set<String> groups(String uuid);

    /** Repositories in a group (group.log); empty if none. */
    Set<String> membersOf(String group);

    /** Trust of a repository (trust.log); {@link TrustLevel#SEMITRUSTED} when unset. */
    TrustLevel trust(String uuid);

    /** Repositories the location log says have the content; dead ones may be included, they are not counted. */
    Set<String> locations(Key key);

    /** Global numcopies (numcopies.log, git-annex's default 1). */
    int numCopies();

    /** Global mincopies (mincopies.log, default 1). */
    int minCopies();

    /** The groupwanted expression of a group (group-preferred-content.log). */
    Optional<String> groupPreferredContent(String group);

    /** Fields of a repository's remote.log entry (such as {@code preferreddir}); empty if none. */
    Map<String, String> remoteConfig(String uuid);

    /** Whether the content of {@code key} is in the local repository's object store. */
    boolean present(Key key);

    /**
     * The local repository's UUID. {@code present} for this repository asks {@link #present(Key)}, for any other
     * the location log, as git-annex does; when empty, every repository is asked through the location log.
     */
    default Optional<String> hereUuid() {
        return Optional.empty();
    }

    /** Current metadata of a key (field to values; field names as stored), for {@code metadata=}; none by default. */
    default Map<String, Set<String>> metadata(Key key) {
        return Map.of();
    }
}
