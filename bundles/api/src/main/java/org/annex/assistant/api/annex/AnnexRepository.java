package org.annex.assistant.api.annex;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.osgi.annotation.versioning.ProviderType;

/**
 * One git-annex repository, as the other bundles see it. Registered once per repository (a factory
 * configuration of the core bundle), with the service properties {@link #PROP_PATH} and {@link #PROP_UUID}.
 *
 * <p>Everything written here stays readable by git-annex: keys, objects, location logs in the journal and
 * the git-annex branch, transfer info files.
 */
@ProviderType
public interface AnnexRepository {
    /** Service property: the work tree, as an absolute path string. */
    String PROP_PATH = "annex.path";
    /** Service property: this repository's annex.uuid. */
    String PROP_UUID = "annex.uuid";

    String uuid();

    String description();

    Path workTree();

    Path gitDir();

    /** Computes the key a file would have with the repository's backend (SHA256E unless configured). */
    Key keyFor(Path file) throws IOException;

    /**
     * Moves a work-tree file's content into the object store, leaving the work-tree file in place (an
     * unlocked file, as the assistant adds in a v10 repository), and records this repository as holding
     * it. Returns empty if the file changed while it was being hashed: the caller tries again later.
     */
    Optional<Key> ingest(Path file) throws IOException;

    boolean hasContent(Key key);

    /** Where the content of a key lives in the object store (it may not exist). */
    Path contentPath(Key key);

    /**
     * Verifies a downloaded file against its key, moves it into the object store and records this
     * repository in the key's location log. The file is deleted if it does not match; the exception says
     * what was wrong.
     */
    void storeVerified(Key key, Path downloaded) throws IOException;

    /** The uuids of repositories whose newest location log line says they hold the key. */
    Set<String> locations(Key key) throws IOException;

    /** Records in the journal that a repository now holds (or no longer holds) a key. */
    void setLocation(Key key, String uuid, boolean present) throws IOException;

    /** Commits journalled changes to the git-annex branch, in one commit. */
    void commitJournal() throws IOException;

    /**
     * Union-merges the given refs (each a git-annex branch of some remote) into the git-annex branch, as
     * git-annex does: per file, the sorted unique union of lines. Returns true if the branch moved.
     */
    boolean mergeAnnexBranches(Iterable<String> refs) throws IOException;

    /** Repositories known from uuid.log, with their descriptions. */
    Map<String, String> repositories() throws IOException;

    /** Whether the repository with this uuid wants the key at the given work-tree path (preferred content). */
    boolean wants(String uuid, Key key, String file) throws IOException;

    /** annex.numcopies, from git config or numcopies.log (default 1). */
    int numCopies() throws IOException;

    /**
     * Every git remote ({@code remote.NAME} sections of git config), by name: its git config values (names
     * lower-cased, {@code annex-uuid}, {@code url}, ...), completed with the remote.log fields of its
     * annex-uuid (journal first) that git config does not set, as {@code git annex enableremote} combines them.
     */
    Map<String, Map<String, String>> remotes() throws IOException;

    /**
     * Each repository's line of {@code annex-assistant/LOG.log} in the git-annex branch, the journal first:
     * uuid to value, the newest line of each uuid winning, as in git-annex's uuid-based logs (remote.log).
     * {@code log} is a lower-case word ({@code [a-z0-9-]+}).
     */
    Map<String, String> assistantLog(String log) throws IOException;

    /**
     * Journals this repository's line of {@code annex-assistant/LOG.log}, replacing its previous one; the
     * next journal commit takes it out (see {@link #requestJournalCommit()}). The folder is ours alone:
     * git-annex carries it through union merges and syncs and reads nothing in it, so what daemons publish
     * there (network links) reaches every clone without touching a git-annex log. {@code value} is one line.
     */
    void setAssistantLog(String log, String value) throws IOException;

    /**
     * Calls {@code visitor} with every annexed file (pointer file or annex symlink) of a commit's tree, in tree
     * order. {@code commit} is a revision git understands (a commit id, {@code HEAD}).
     */
    void annexedFiles(String commit, Visitor<AnnexedPath> visitor) throws IOException;

    /**
     * Calls {@code visitor} with every annexed file added, modified or deleted (gone or no longer annexed)
     * between two commits; only the paths that differ are read.
     */
    void changedAnnexedFiles(String fromCommit, String toCommit, Visitor<AnnexedChange> visitor) throws IOException;

    /**
     * Calls {@code visitor} with each key whose location log differs between two git-annex branch commits
     * ({@code fromCommit} null: since the empty branch); the journal is not consulted.
     */
    void changedLocationLogs(String fromCommit, String toCommit, Visitor<Key> visitor) throws IOException;

    /**
     * Asks for the journal to be committed soon: changes noted within a short interval share one commit
     * of the git-annex branch, after which {@code annex/git/ANNEX_BRANCH_COMMITTED} is posted (so the
     * branch is pushed out). A thousand finished transfers make a handful of commits, not a thousand.
     */
    void requestJournalCommit();

    /**
     * A view of this repository as another type, where the implementation has one; empty otherwise (the
     * OSGi adapter pattern, as Sling's {@code adaptTo}). Core adapts to JGit's {@code Repository}: the
     * one JGit repository every bundle shares for this annex repository. It belongs to the
     * {@link AnnexRepository} service: users never close it, and stop using it when the service goes.
     */
    default <T> Optional<T> adaptTo(Class<T> type) {
        return Optional.empty();
    }
}
