package org.annex.assistant.transfer.impl;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import org.annex.assistant.api.annex.AnnexRepository;
import org.annex.assistant.api.remote.Remote;
import org.annex.assistant.api.remote.RemoteFactory;
import org.eclipse.jgit.errors.ConfigInvalidException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The repository's remotes: each {@code remote.NAME} section of git config, merged with its remote.log
 * fields (matched on annex-uuid), offered to every {@link RemoteFactory}; the first that recognises it
 * makes the {@link Remote}. Remotes are made again when git config changes or a factory comes or goes.
 */
final class RemoteRegistry {
    private static final Logger LOG = LoggerFactory.getLogger(RemoteRegistry.class);
    /** The order remotes are tried in: by cost, ties broken by name so that the choice is the same every time. */
    static final Comparator<Remote> CHEAPEST_FIRST = Comparator.comparingInt(Remote::cost).thenComparing(Remote::name);

    private final AnnexRepository repository;
    private final Repository git;
    private final List<RemoteFactory> factories = new CopyOnWriteArrayList<>();
    private Map<String, Remote> remotes;
    private Map<String, String> problems = new HashMap<>();
    private long configStamp = -1;

    RemoteRegistry(AnnexRepository repository, Repository git) {
        this.repository = repository;
        this.git = git;
    }

    void addFactory(RemoteFactory f) {
        factories.add(f);
        invalidate();
    }

    void removeFactory(RemoteFactory f) {
        factories.remove(f);
        invalidate();
    }

    synchronized void invalidate() {
        remotes = null;
    }

    /** A remote by name; the exception says why there is none. */
    synchronized Remote remote(String name) throws IOException {
        Map<String, Remote> all = load();
        Remote r = all.get(name);
        if (r == null) {
            String why = problems.get(name);
            throw new IOException("no usable remote named '" + name + "'" + (why == null ? "" : ": " + why));
        }
        return r;
    }

    /** Every usable remote, cheapest first. */
    synchronized List<Remote> all() throws IOException {
        List<Remote> list = new ArrayList<>(load().values());
        list.sort(CHEAPEST_FIRST);
        return list;
    }

    private Map<String, Remote> load() throws IOException {
        Path configFile = git.getDirectory().toPath().resolve("config");
        long stamp = Files.exists(configFile) ? Files.getLastModifiedTime(configFile).toMillis() ^ Files.size(configFile) : 0;
        if (remotes != null && stamp == configStamp) {
            return remotes;
        }
        StoredConfig config = git.getConfig();
        try {
            config.load();
        } catch (ConfigInvalidException e) {
            throw new IOException("git config of " + repository.workTree() + " is invalid: " + e.getMessage(), e);
        }
        Map<String, Map<String, String>> remoteLog = remoteLog();
        Map<String, Remote> made = new HashMap<>();
        Map<String, String> failed = new HashMap<>();
        for (String name : config.getSubsections("remote")) {
            Map<String, String> fields = new HashMap<>();
            for (String key : config.getNames("remote", name)) {
                fields.put(key.toLowerCase(Locale.ROOT), config.getString("remote", name, key));
            }
            String uuid = fields.get("annex-uuid");
            if (uuid != null && remoteLog.containsKey(uuid)) {
                remoteLog.get(uuid).forEach(fields::putIfAbsent);
            }
            try {
                Optional<Remote> r = make(name, fields);
                if (r.isPresent()) {
                    made.put(name, r.get());
                } else {
                    failed.put(name, "no remote type recognises it");
                }
            } catch (IOException | RuntimeException e) {
                LOG.warn("remote {} of {} is not usable: {}", name, repository.workTree(), e.getMessage());
                failed.put(name, e.getMessage());
            }
        }
        remotes = made;
        problems = failed;
        configStamp = stamp;
        return made;
    }

    private Optional<Remote> make(String name, Map<String, String> fields) throws IOException {
        for (RemoteFactory f : factories) {
            Optional<Remote> r = f.create(repository, name, Map.copyOf(fields));
            if (r.isPresent()) {
                return r;
            }
        }
        return Optional.empty();
    }

    /** remote.log from the git-annex branch (the journal's copy first): uuid to its {@code k=v} fields. */
    private Map<String, Map<String, String>> remoteLog() throws IOException {
        String text;
        Path journal = repository.gitDir().resolve("annex").resolve("journal").resolve("remote.log");
        if (Files.exists(journal)) {
            text = Files.readString(journal, StandardCharsets.UTF_8);
        } else {
            ObjectId branch = git.resolve("refs/heads/git-annex");
            if (branch == null) {
                return new HashMap<>();
            }
            try (RevWalk rw = new RevWalk(git); TreeWalk tw = TreeWalk.forPath(git, "remote.log", rw.parseCommit(branch).getTree())) {
                text = tw == null ? "" : new String(git.open(tw.getObjectId(0), Constants.OBJ_BLOB).getBytes(), StandardCharsets.UTF_8);
            }
        }
        Map<String, Map<String, String>> out = new HashMap<>();
        Map<String, String> newestStamp = new HashMap<>();
        for (String line : text.split("\n")) {
            String[] words = line.split(" ");
            if (words.length < 2) {
                continue;
            }
            Map<String, String> fields = new HashMap<>();
            for (int i = 1; i < words.length; i++) {
                int eq = words[i].indexOf('=');
                if (eq > 0) {
                    fields.put(words[i].substring(0, eq), words[i].substring(eq + 1));
                }
            }
            String ts = fields.remove("timestamp");
            String uuid = words[0];
            if (ts != null && (newestStamp.get(uuid) == null || seconds(ts) >= seconds(newestStamp.get(uuid)))) {
                newestStamp.put(uuid, ts);
                out.put(uuid, fields);
            }
        }
        return out;
    }

    private static double seconds(String ts) {
        try {
            return Double.parseDouble(ts.endsWith("s") ? ts.substring(0, ts.length() - 1) : ts);
        } catch (NumberFormatException e) {
            return Double.NEGATIVE_INFINITY;
        }
    }
}
