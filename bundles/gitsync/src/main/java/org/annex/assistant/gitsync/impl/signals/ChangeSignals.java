package org.annex.assistant.gitsync.impl.signals;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.annex.assistant.core.NeighbourRepositories;
import org.annex.assistant.gitsync.impl.push.PushTarget;
import org.annex.assistant.ssh.SshConnections;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.transport.URIish;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Out-of-band change signals of one repository's remotes: one {@link ChangeSource} per remote that can
 * give them (ssh: {@link NotifyChanges}; a local path: {@link LocalRefChanges}; other urls none), kept in
 * step with the remotes configured. A change that brings a tip we lack asks for a fetch of that remote;
 * what the fetch brings is then merged as any fetch's is (the ref watcher sees refs/remotes move).
 *
 * <p>Tips we already have are ignored: that is what our own pushes (and relays of what we merged) look
 * like from the remote's side, and fetching after each would turn every push into a push and a fetch.
 */
public final class ChangeSignals implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ChangeSignals.class);

    private final Repository repo;
    private final String repositoryName;
    private final ScheduledExecutorService scheduler;
    private final Duration pollInterval;
    private final Supplier<SshConnections> ssh;
    private final NeighbourRepositories neighbours;
    private final Consumer<String> fetch;
    /** Per remote name, its url and its source; guarded by this. */
    private final Map<String, Map.Entry<String, Optional<ChangeSource>>> sources = new HashMap<>();
    private boolean closed;

    /**
     * @param repositoryName names threads and log lines
     * @param scheduler the bundle's scheduler (local sources poll on it)
     * @param fetch asked, with a remote's name, to fetch from it (coalesced by the caller)
     */
    public ChangeSignals(Repository repo, String repositoryName, ScheduledExecutorService scheduler, Duration pollInterval,
            Supplier<SshConnections> ssh, NeighbourRepositories neighbours, Consumer<String> fetch) {
        this.repo = repo;
        this.repositoryName = repositoryName;
        this.scheduler = scheduler;
        this.pollInterval = pollInterval;
        this.ssh = ssh;
        this.neighbours = neighbours;
        this.fetch = fetch;
    }

    /**
     * Listens to exactly these remotes (name to url): a new one is listened to, one that went or whose url
     * changed is no longer (or anew), one that could not be listened to is tried again. Cheap when nothing
     * changed (a map comparison and a stat per remote without a source): called whenever the remotes are read.
     */
    public synchronized void update(Map<String, String> urls) {
        if (closed) {
            return;
        }
        sources.entrySet().removeIf(e -> {
            boolean gone = !Objects.equals(urls.get(e.getKey()), e.getValue().getKey());
            if (gone) {
                e.getValue().getValue().ifPresent(ChangeSource::close);
            }
            return gone;
        });
        // A remote without a source yet is tried again: a local path on a drive not plugged in, or not
        // a repository yet, gets its watch once it is one.
        urls.forEach((remote, url) -> {
            Map.Entry<String, Optional<ChangeSource>> known = sources.get(remote);
            if (known == null || known.getValue().isEmpty()) {
                Optional<ChangeSource> source = open(remote, url);
                sources.put(remote, Map.entry(url, source));
                source.ifPresent(ChangeSource::start);
            }
        });
    }

    /** The source for a remote's url, if it is a kind that can tell its changes. */
    private Optional<ChangeSource> open(String remote, String url) {
        String description = repositoryName + "/" + remote;
        ChangeSource.Listener listener = tips -> changed(remote, tips);
        PushTarget target = PushTarget.of(remote, url, repo.getWorkTree());
        if (target.isLocal()) {
            File gitDir = target.localGitDir().get();
            try {
                return Optional.of(new LocalRefChanges(neighbours.repository(gitDir.toPath()), description, scheduler,
                        pollInterval, listener));
            } catch (IOException | IllegalArgumentException e) {
                LOG.debug("{}: cannot watch {} for changes yet: {}", description, gitDir, e.getMessage());
                return Optional.empty();
            }
        }
        try {
            URIish uri = new URIish(url);
            if (SshConnections.isSsh(uri) && uri.getPath() != null && !uri.getPath().isEmpty()) {
                return Optional.of(new NotifyChanges(description, uri, ssh, listener));
            }
        } catch (URISyntaxException e) {
            LOG.debug("{}: url {} is not one we can listen to: {}", description, url, e.getMessage());
        }
        return Optional.empty();
    }

    /** A source told a change: fetch unless every tip is already here. */
    void changed(String remote, List<ObjectId> tips) {
        if (tips.isEmpty() || tips.stream().anyMatch(this::missing)) {
            fetch.accept(remote);
        }
    }

    private boolean missing(ObjectId id) {
        try {
            return !repo.getObjectDatabase().has(id);
        } catch (IOException e) {
            return true; // unreadable: a fetch does no harm
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        sources.values().forEach(s -> s.getValue().ifPresent(ChangeSource::close));
        sources.clear();
    }
}
