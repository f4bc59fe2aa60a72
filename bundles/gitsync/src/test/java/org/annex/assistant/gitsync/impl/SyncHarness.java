package org.annex.assistant.gitsync.impl;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;

import org.annex.assistant.api.concurrent.NamedThreads;
import org.annex.assistant.core.LocalAnnex;
import org.annex.assistant.core.NeighbourRepositories;
import org.annex.assistant.ssh.SshConnections;

/** Runs {@link RepositorySync}s as the component does, and records the events they post. */
final class SyncHarness implements AutoCloseable {
    static final class Posted {
        final String topic;
        final Map<String, Object> properties;

        Posted(String topic, Map<String, Object> properties) {
            this.topic = topic;
            this.properties = properties;
        }

        @Override
        public String toString() {
            return topic + properties;
        }
    }

    /** How long a test waits for a sync to get somewhere. */
    static final long PATIENCE_MS = 30_000;

    final List<Posted> events = new ArrayList<>();
    private final ScheduledExecutorService scheduler = NamedThreads.scheduler("gitsync-test", 2);
    private final List<RepositorySync> syncs = new ArrayList<>();
    private final List<LocalAnnex> repositories = new ArrayList<>();
    private final SshConnections ssh;
    private final NeighbourRepositories.Owned neighbours = NeighbourRepositories.standalone();

    SyncHarness(SshConnections ssh) {
        this.ssh = ssh;
    }

    RepositorySync start(Path repo) throws IOException {
        RepositorySync sync = create(repo);
        sync.start();
        return sync;
    }

    /** The settings of the syncs a test does not configure itself. */
    static final RepositorySync.Settings SETTINGS = new RepositorySync.Settings(Duration.ofSeconds(20),
            Duration.ofMinutes(30), Duration.ofMillis(200));

    /** A sync that does not watch refs: it moves only when the test tells it to. */
    RepositorySync create(Path repo) throws IOException {
        return create(repo, SETTINGS);
    }

    RepositorySync create(Path repo, RepositorySync.Settings settings) throws IOException {
        LocalAnnex annex = LocalAnnex.open(repo, repo.getFileName().toString());
        repositories.add(annex);
        RepositorySync sync = new RepositorySync(annex, settings, scheduler, () -> ssh, neighbours, (topic, props) -> {
                    synchronized (events) {
                        events.add(new Posted(topic, props));
                    }
                });
        syncs.add(sync);
        return sync;
    }

    List<Posted> events(String topic) {
        synchronized (events) {
            return events.stream().filter(e -> e.topic.equals(topic)).collect(java.util.stream.Collectors.toList());
        }
    }

    @Override
    public void close() {
        syncs.forEach(RepositorySync::close);
        scheduler.shutdownNow();
        repositories.forEach(LocalAnnex::close);
        neighbours.close();
    }
}
