package org.annex.assistant.core.impl;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ScheduledExecutorService;

import org.annex.assistant.api.annex.AnnexRepository;
import org.annex.assistant.api.annex.AnnexedChange;
import org.annex.assistant.api.annex.AnnexedPath;
import org.annex.assistant.api.annex.Key;
import org.annex.assistant.api.annex.LocationLogPath;
import org.annex.assistant.api.annex.Visitor;
import org.annex.assistant.api.concurrent.NamedThreads;
import org.annex.assistant.api.event.EventSink;
import org.annex.assistant.core.LocalAnnex;
import org.annex.assistant.core.impl.branch.AnnexBranch;
import org.annex.assistant.core.impl.branch.JournalCommits;
import org.annex.assistant.core.match.TrustLevel;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;

/** A git-annex repository on disk, read and written in pure Java (JGit); no git-annex program is run. */
public final class LocalAnnexRepository implements LocalAnnex {
    /** How long journal changes gather before they are committed together. */
    static final long JOURNAL_COMMIT_INTERVAL_MILLIS = 1000;

    private final Repository repo;
    private final String uuid;
    private final Path workTree;
    private final Path gitDir;
    private final AnnexBranch branch;
    private final ObjectStore store;
    private final LocationIndex locationIndex;
    private final AnnexedTrees trees;
    private final PreferenceEvaluator evaluator = new MatchPreferences();
    private final ScheduledExecutorService scheduler;
    private final JournalCommits journalCommits;
    private volatile CachedState cached;

    /** The repository-wide logs read at one branch tip; re-read when the tip moves, checked at most twice a second. */
    private static final class CachedState {
        final ObjectId tip;
        final long journalStamp;
        final long checkedAt;
        final BranchState state;

        CachedState(ObjectId tip, long journalStamp, long checkedAt, BranchState state) {
            this.tip = tip;
            this.journalStamp = journalStamp;
            this.checkedAt = checkedAt;
            this.state = state;
        }
    }

    private LocalAnnexRepository(Repository repo, String uuid, EventSink events) {
        this.repo = repo;
        this.uuid = uuid;
        this.workTree = repo.getWorkTree().toPath();
        this.gitDir = repo.getDirectory().toPath();
        Path annexDir = gitDir.resolve("annex");
        this.branch = AnnexBranch.of(repo, annexDir);
        this.store = new ObjectStore(annexDir);
        this.trees = new AnnexedTrees(repo);
        this.locationIndex = new LocationIndex(branch, gitDir.resolve("annex-assistant").resolve("locations.idx"));
        this.scheduler = NamedThreads.scheduler("annex-core " + workTree.getFileName(), 1);
        this.journalCommits = new JournalCommits(branch, workTree.toString(), events, scheduler,
                JOURNAL_COMMIT_INTERVAL_MILLIS);
    }

    /** Opens the repository of a work tree, running git-annex's init first if it is not one yet. */
    public static LocalAnnexRepository open(Path workTree, String description) throws IOException {
        return open(workTree, description, EventSink.NONE);
    }

    /** As {@link #open(Path, String)}, posting the repository's events (journal commits) to {@code events}. */
    public static LocalAnnexRepository open(Path workTree, String description, EventSink events) throws IOException {
        Repository repo = Initializer.openOrCreate(workTree);
        try {
            return new LocalAnnexRepository(repo, Initializer.initialise(repo, description), events);
        } catch (IOException | RuntimeException e) {
            repo.close();
            throw e;
        }
    }

    @Override
    public Repository git() {
        return repo;
    }

    @Override
    public <T> Optional<T> adaptTo(Class<T> type) {
        return type == Repository.class ? Optional.of(type.cast(repo)) : Optional.empty();
    }

    @Override
    public String uuid() {
        return uuid;
    }

    @Override
    public String description() {
        try {
            return repositories().getOrDefault(uuid, "");
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    public Path workTree() {
        return workTree;
    }

    @Override
    public Path gitDir() {
        return gitDir;
    }

    /** annex.backend from git config, SHA256E if unset or not a backend we can hash with. */
    @Override
    public String backend() {
        String b = repo.getConfig().getString("annex", null, "backend");
        return b != null && KeyHasher.canHash(b) ? b : KeyHasher.DEFAULT_BACKEND;
    }

    @Override
    public Key keyFor(Path file) throws IOException {
        return KeyHasher.computeKey(backend(), file, file.getFileName().toString());
    }

    @Override
    public Optional<Key> ingest(Path file) throws IOException {
        Optional<Key> key = store.ingest(file, backend(), file.getFileName().toString());
        if (key.isPresent()) {
            setLocation(key.get(), uuid, true);
        }
        return key;
    }

    @Override
    public boolean hasContent(Key key) {
        return store.has(key);
    }

    @Override
    public Path contentPath(Key key) {
        return store.contentPath(key);
    }

    /** Also records this repository as holding the key, as git-annex does after a download. */
    @Override
    public void storeVerified(Key key, Path downloaded) throws IOException {
        store.storeVerified(key, downloaded);
        setLocation(key, uuid, true);
    }

    /** A temporary directory on the object store's file system, for downloads. */
    @Override
    public Path tmpDir() throws IOException {
        return store.tmpDir();
    }

    @Override
    public Set<String> locations(Key key) throws IOException {
        return Locations.present(branch, key);
    }

    @Override
    public void setLocation(Key key, String repoUuid, boolean present) throws IOException {
        Locations.set(branch, key, repoUuid, present);
    }

    @Override
    public void commitJournal() throws IOException {
        branch.commitJournal();
    }

    @Override
    public void requestJournalCommit() {
        journalCommits.changed();
    }

    @Override
    public boolean mergeAnnexBranches(Iterable<String> refs) throws IOException {
        return branch.merge(refs);
    }

    @Override
    public Map<String, String> repositories() throws IOException {
        return state().descriptions();
    }

    /** A fresh read of the branch's repository-wide logs. */
    public BranchState state() throws IOException {
        int configured = repo.getConfig().getInt("annex", null, "numcopies", 1);
        return new BranchState(branch, uuid, store::has, configured);
    }

    /**
     * The repository-wide logs for preference decisions, which a scan asks for once per file and remote:
     * re-read only when the branch tip or the journal has moved, looked at no more than twice a second.
     */
    private BranchState recentState() throws IOException {
        CachedState c = cached;
        long now = System.nanoTime();
        if (c != null && now - c.checkedAt < 500_000_000L) {
            return c.state;
        }
        ObjectId tip = branch.head();
        long stamp = branch.journal().lastModified();
        if (c != null && java.util.Objects.equals(c.tip, tip) && c.journalStamp == stamp) {
            cached = new CachedState(tip, stamp, now, c.state);
            return c.state;
        }
        BranchState s = state();
        cached = new CachedState(tip, stamp, now, s);
        return s;
    }

    @Override
    public boolean wants(String repoUuid, Key key, String file) throws IOException {
        BranchState state = recentState();
        String expression = state.preferredContent(repoUuid).orElse("");
        return evaluator.wants(expression, repoUuid, key, file, state);
    }

    @Override
    public Map<String, Map<String, String>> remotes() throws IOException {
        return RemoteSettings.read(repo, workTree, state());
    }

    @Override
    public Map<String, String> assistantLog(String log) throws IOException {
        return AssistantLogs.read(branch, log);
    }

    @Override
    public void setAssistantLog(String log, String value) throws IOException {
        AssistantLogs.write(branch, uuid, log, value);
    }

    @Override
    public void annexedFiles(String commit, Visitor<AnnexedPath> visitor) throws IOException {
        trees.walk(commit, visitor);
    }

    @Override
    public void changedAnnexedFiles(String fromCommit, String toCommit, Visitor<AnnexedChange> visitor) throws IOException {
        trees.diff(fromCommit, toCommit, visitor);
    }

    @Override
    public void changedLocationLogs(String fromCommit, String toCommit, Visitor<Key> visitor) throws IOException {
        LocationLogChanges.between(repo, fromCommit, toCommit, visitor);
    }

    @Override
    public int numCopies() throws IOException {
        return state().numCopies();
    }

    /** Every key that has a location log (committed or journalled). */
    @Override
    public Set<Key> keysWithLocationLogs() throws IOException {
        Set<Key> keys = new TreeSet<>();
        Set<String> paths = new HashSet<>(branch.committedPaths());
        paths.addAll(branch.journal().list());
        for (String p : paths) {
            LocationLogPath.keyOf(p).ifPresent(keys::add);
        }
        return keys;
    }

    /**
     * The locations of every key with a location log, the journal winning over the branch: from the
     * location index, brought up to the branch tip by reading only the logs changed since the commit it
     * reflects (the first read in a repository reads every log). Unmodifiable map and sets.
     */
    @Override
    public Map<Key, Set<String>> allLocations() throws IOException {
        return locationIndex.all();
    }

    /** Where the committed part of the last {@link #allLocations()} came from (memory, index file, incremental, full). */
    public String lastLocationsSource() {
        return String.valueOf(locationIndex.lastSource());
    }

    /** {@link #allLocations()} without the index: every location log read and parsed the plain way. */
    public Map<Key, Set<String>> allLocationsUncached() throws IOException {
        return Locations.all(branch);
    }

    @Override
    public void setDescription(String repoUuid, String description) throws IOException {
        LogWriter.setUuidValue(branch, "uuid.log", repoUuid, description);
    }

    @Override
    public void setTrust(String repoUuid, TrustLevel trust) throws IOException {
        String v;
        switch (trust) {
            case TRUSTED: v = "1"; break;
            case UNTRUSTED: v = "0"; break;
            case DEAD: v = "X"; break;
            default: v = "?";
        }
        LogWriter.setUuidValue(branch, "trust.log", repoUuid, v);
    }

    @Override
    public void setGroups(String repoUuid, Set<String> groups) throws IOException {
        LogWriter.setUuidValue(branch, "group.log", repoUuid, String.join(" ", new TreeSet<>(groups)));
    }

    @Override
    public void setPreferredContent(String repoUuid, String expression) throws IOException {
        LogWriter.setUuidValue(branch, "preferred-content.log", repoUuid, expression);
    }

    @Override
    public void setRequiredContent(String repoUuid, String expression) throws IOException {
        LogWriter.setUuidValue(branch, "required-content.log", repoUuid, expression);
    }

    @Override
    public void setGroupPreferredContent(String group, String expression) throws IOException {
        LogWriter.setTimestampFirst(branch, "group-preferred-content.log", group, expression);
    }

    /** A special remote's remote.log line; fields are written sorted by name, as git-annex does. */
    @Override
    public void setRemoteConfig(String repoUuid, Map<String, String> fields) throws IOException {
        StringBuilder b = new StringBuilder();
        for (Map.Entry<String, String> f : new TreeMap<>(fields).entrySet()) {
            if (f.getKey().isEmpty() || f.getKey().contains("=") || f.getKey().contains(" ") || f.getValue().contains(" ")) {
                throw new IllegalArgumentException("remote.log fields are word=word: " + f);
            }
            b.append(b.length() == 0 ? "" : " ").append(f.getKey()).append('=').append(f.getValue());
        }
        LogWriter.setUuidValue(branch, "remote.log", repoUuid, b.toString());
    }

    @Override
    public void setNumCopies(int n) throws IOException {
        LogWriter.setTimestampFirst(branch, "numcopies.log", "", Integer.toString(n));
    }

    @Override
    public void setMinCopies(int n) throws IOException {
        LogWriter.setTimestampFirst(branch, "mincopies.log", "", Integer.toString(n));
    }

    @Override
    public void setConfig(String setting, String value) throws IOException {
        LogWriter.setTimestampFirst(branch, "config.log", setting, value);
    }

    @Override
    public void close() {
        try {
            journalCommits.close();
        } finally {
            scheduler.shutdownNow();
            repo.close();
        }
    }
}
