package org.annex.assistant.transfer.impl.remotes;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import org.annex.assistant.api.annex.AnnexRepository;
import org.annex.assistant.api.remote.Remote;
import org.annex.assistant.api.remote.RemoteFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The repository's remotes: each git remote's settings as core gives them ({@link AnnexRepository#remotes()}:
 * git config merged with remote.log), offered to every {@link RemoteFactory}; the first that recognises it
 * makes the {@link Remote}. Remotes are made again when git config changes or a factory comes or goes.
 */
public final class RemoteRegistry {
    private static final Logger LOG = LoggerFactory.getLogger(RemoteRegistry.class);
    /** The order remotes are tried in: by cost, ties broken by name so that the choice is the same every time. */
    public static final Comparator<Remote> CHEAPEST_FIRST = Comparator.comparingInt(Remote::cost).thenComparing(Remote::name);

    private final AnnexRepository repository;
    private final List<RemoteFactory> factories = new CopyOnWriteArrayList<>();
    private Map<String, Remote> remotes;
    private Map<String, String> problems = new HashMap<>();
    private long configStamp = -1;

    public RemoteRegistry(AnnexRepository repository) {
        this.repository = repository;
    }

    public void addFactory(RemoteFactory f) {
        factories.add(f);
        invalidate();
    }

    public void removeFactory(RemoteFactory f) {
        factories.remove(f);
        invalidate();
    }

    /** Makes the remotes again at the next look (remote.log may have changed with a received ref). */
    public synchronized void invalidate() {
        remotes = null;
    }

    /** A remote by name; the exception says why there is none. */
    public synchronized Remote remote(String name) throws IOException {
        Map<String, Remote> all = load();
        Remote r = all.get(name);
        if (r == null) {
            String why = problems.get(name);
            throw new IOException("no usable remote named '" + name + "'" + (why == null ? "" : ": " + why));
        }
        return r;
    }

    /** Every usable remote, cheapest first. */
    public synchronized List<Remote> all() throws IOException {
        List<Remote> list = new ArrayList<>(load().values());
        list.sort(CHEAPEST_FIRST);
        return list;
    }

    private Map<String, Remote> load() throws IOException {
        Path configFile = repository.gitDir().resolve("config");
        long stamp = Files.exists(configFile) ? Files.getLastModifiedTime(configFile).toMillis() ^ Files.size(configFile) : 0;
        if (remotes != null && stamp == configStamp) {
            return remotes;
        }
        Map<String, Remote> made = new HashMap<>();
        Map<String, String> failed = new HashMap<>();
        for (Map.Entry<String, Map<String, String>> e : repository.remotes().entrySet()) {
            String name = e.getKey();
            try {
                Optional<Remote> r = make(name, e.getValue());
                if (r.isPresent()) {
                    made.put(name, r.get());
                } else {
                    failed.put(name, "no remote type recognises it");
                }
            } catch (IOException | RuntimeException ex) {
                LOG.warn("remote {} of {} is not usable: {}", name, repository.workTree(), ex.getMessage());
                failed.put(name, ex.getMessage());
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
}
