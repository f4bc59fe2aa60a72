package org.annex.assistant.gitsync.impl.signals;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.annex.assistant.api.concurrent.NamedThreads;
import org.annex.assistant.core.NeighbourRepositories;
import org.annex.assistant.gitsync.testing.AnnexFixture;
import org.annex.assistant.testsupport.Git;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.junit.Test;

/**
 * Which changes of a remote ask for a fetch: those bringing a tip we lack; not the ones our own pushes
 * make (every tip already here), and nothing from a remote no longer configured. On a real local remote
 * that the git CLI pushes to.
 */
public class ChangeSignalsTest {
    @Test
    public void onlyAChangeBringingATipWeLackAsksForAFetch() throws Exception {
        ScheduledExecutorService scheduler = NamedThreads.scheduler("signals-test", 1);
        try (AnnexFixture fixture = new AnnexFixture();
                NeighbourRepositories.Owned neighbours = NeighbourRepositories.standalone()) {
            Path a = fixture.newRepo("A");
            Path server = fixture.bareClone(a, "server.git");
            Path other = fixture.cloneRepo(server, "C", "origin");
            LinkedBlockingQueue<String> fetches = new LinkedBlockingQueue<>();
            try (Repository repo = new FileRepositoryBuilder().setWorkTree(a.toFile()).build();
                    ChangeSignals signals = new ChangeSignals(repo, "A", scheduler, Duration.ofMillis(200), () -> null,
                            neighbours, fetches::add)) {
                signals.update(Map.of("server", server.toString(), "web", "https://example.invalid/r.git"));
                // git annex init there made a git-annex branch commit we lack: what changed before we listened.
                assertEquals("server", fetches.poll(10, TimeUnit.SECONDS));
                Git.run(a, "git", "fetch", "-q", server.toString(), "+refs/heads/*:refs/remotes/server/*");
                fetches.clear();

                // What our own push looks like from the server: a tip we have.
                AnnexFixture.write(a, "ours.txt", "ours\n");
                AnnexFixture.commitPlain(a, "ours", "ours.txt");
                Git.run(a, "git", "push", "-q", server.toString(), "master:synced/master");
                assertEquals("our own push asked for a fetch", null, fetches.poll(1, TimeUnit.SECONDS));

                // Another clone's push: a tip we lack.
                AnnexFixture.write(other, "theirs.txt", "theirs\n");
                AnnexFixture.commitPlain(other, "theirs", "theirs.txt");
                Git.run(other, "git", "push", "-q", "origin", "master:refs/heads/theirs");
                assertEquals("server", fetches.poll(10, TimeUnit.SECONDS));

                // Told directly: unknown tips (a source that just started listening) fetch, known ones do not.
                fetches.clear();
                signals.changed("server", List.of());
                signals.changed("server", List.of(repo.resolve("HEAD")));
                assertEquals(List.of("server"), List.copyOf(fetches));

                // A remote removed is no longer listened to.
                fetches.clear();
                signals.update(Map.of());
                Git.run(other, "git", "commit", "-q", "--allow-empty", "-m", "more");
                Git.run(other, "git", "push", "-q", "origin", "master:refs/heads/theirs");
                assertEquals("a removed remote still signalled", null, fetches.poll(1, TimeUnit.SECONDS));
                assertTrue(ObjectId.isId(AnnexFixture.head(other)));

                // A local remote that is not there yet (a drive not plugged in) is watched once it is.
                Path later = fixture.root.resolve("drive/later.git");
                signals.update(Map.of("later", later.toString()));
                Git.run(fixture.root, "git", "clone", "-q", "--bare", other.toString(), later.toString());
                assertEquals("a remote that was not there signalled", null, fetches.poll(500, TimeUnit.MILLISECONDS));
                signals.update(Map.of("later", later.toString()));
                assertEquals("its tips at the start of the watch: lacking here", "later", fetches.poll(10, TimeUnit.SECONDS));
            }
        } finally {
            scheduler.shutdownNow();
        }
    }
}
