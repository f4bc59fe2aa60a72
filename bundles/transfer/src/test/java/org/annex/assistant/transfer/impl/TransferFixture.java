package org.annex.assistant.transfer.impl;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.annex.assistant.api.annex.AnnexRepository;
import org.annex.assistant.api.annex.Key;
import org.annex.assistant.api.remote.Remote;
import org.annex.assistant.api.remote.RemoteFactory;
import org.annex.assistant.api.event.EventSink;
import org.annex.assistant.core.LocalAnnex;
import org.annex.assistant.core.NeighbourRepositories;
import org.annex.assistant.remote.git.GitRemotes;
import org.annex.assistant.testsupport.Git;
import org.annex.assistant.testsupport.GitAnnexRepo;
import org.eclipse.jgit.lib.Repository;
import org.annex.assistant.transfer.impl.queue.Transfers;
import org.annex.assistant.transfer.impl.remotes.RemoteRegistry;

/** Two real git-annex repositories, A (ours) and B (its clone, remote "b" of A), and A's transfer machinery. */
public final class TransferFixture implements AutoCloseable {
    /** How long a test waits for transfers to get somewhere. */
    public static final long PATIENCE_MS = 30_000;

    public final Path tmp;
    public final GitAnnexRepo a;
    public final GitAnnexRepo b;
    public final LocalAnnex repoA;
    public final Repository gitA;
    public final List<Map.Entry<String, Map<String, Object>>> events = new ArrayList<>();
    public final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(1);
    public final NeighbourRepositories.Owned neighbours = NeighbourRepositories.standalone();
    public final RemoteRegistry remotes;
    /** Transfers with remotes named "slow-*" wait here until the test opens the gate. */
    public volatile CountDownLatch gate = new CountDownLatch(0);
    public final List<Long> retrieveProgress = new ArrayList<>();
    public Transfers transfers;

    public TransferFixture(int files) throws IOException, InterruptedException {
        this(files, 300);
    }

    /** @param retryBaseMillis the first retry's delay after a failure */
    public TransferFixture(int files, long retryBaseMillis) throws IOException, InterruptedException {
        tmp = Files.createTempDirectory("transfer");
        a = GitAnnexRepo.init(tmp.resolve("a"), "A");
        for (int i = 0; i < files; i++) {
            a.addUnlocked("f" + i + ".dat", ("content of file " + i + "\n").repeat(100).getBytes());
        }
        b = GitAnnexRepo.cloneOf(a, tmp.resolve("b"), "B");
        a.git("remote", "add", "b", "../b");
        a.git("config", "remote.b.annex-uuid", b.uuid());
        EventSink sink = (topic, props) -> {
            synchronized (events) {
                events.add(Map.entry(topic, props));
            }
        };
        repoA = LocalAnnex.open(a.dir(), "A", sink);
        gitA = repoA.git();
        remotes = new RemoteRegistry(repoA);
        remotes.addFactory(new SlowFactory());
        remotes.addFactory(GitRemotes.factory(neighbours));
        transfers = new Transfers(repoA, remotes, sink, scheduler, 2, 0, retryBaseMillis, () -> null);
    }

    public Key key(String file) throws IOException, InterruptedException {
        return Key.parse(a.key(file));
    }

    public List<Map<String, Object>> events(String topic) {
        synchronized (events) {
            return events.stream().filter(e -> e.getKey().equals(topic)).map(Map.Entry::getValue).toList();
        }
    }

    public void awaitIdle() throws InterruptedException {
        Git.await(PATIENCE_MS, "transfers to finish", () -> transfers.queued().isEmpty() && transfers.running().isEmpty());
    }

    @Override
    public void close() throws IOException {
        gate.countDown();
        transfers.close();
        scheduler.shutdownNow();
        repoA.close();
        neighbours.close();
        GitAnnexRepo.deleteTree(tmp);
    }

    /**
     * Git remotes named {@code slow-*}: the real local git remote, whose stores and retrieves wait for the
     * fixture's gate (to hold transfers running) and whose retrieves report what they were asked to resume from.
     */
    private final class SlowFactory implements RemoteFactory {
        @Override
        public Optional<Remote> create(AnnexRepository repository, String name, Map<String, String> config) throws IOException {
            if (!name.startsWith("slow-")) {
                return Optional.empty();
            }
            Remote real = GitRemotes.factory(neighbours).create(repository, name, config).orElseThrow();
            return Optional.of(new Remote() {
                @Override public String name() { return real.name(); }
                @Override public String uuid() { return real.uuid(); }
                @Override public int cost() { return real.cost(); }
                @Override public boolean checkPresent(Key key) throws IOException { return real.checkPresent(key); }
                @Override public void remove(Key key) throws IOException { real.remove(key); }

                @Override
                public void store(Key key, Path content, String file, Progress progress) throws IOException {
                    awaitGate();
                    real.store(key, content, file, progress);
                }

                @Override
                public void retrieve(Key key, Path destination, String file, Progress progress) throws IOException {
                    awaitGate();
                    real.retrieve(key, destination, file, n -> {
                        synchronized (retrieveProgress) {
                            retrieveProgress.add(n);
                        }
                        progress.bytes(n);
                    });
                }
            });
        }

        private void awaitGate() throws IOException {
            try {
                if (!gate.await(30, TimeUnit.SECONDS)) {
                    throw new IOException("gate never opened");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
        }
    }
}
