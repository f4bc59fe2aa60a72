package org.annex.assistant.gitsync.impl.refs;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;

import org.annex.assistant.api.concurrent.NamedThreads;
import org.annex.assistant.api.event.Topics;
import org.annex.assistant.testsupport.Git;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** Refs another process writes are reported at once (inotify), without waiting for the poll. */
public class RefWatcherTest {
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private Path dir;
    private Repository repo;
    private final ScheduledExecutorService scheduler = NamedThreads.scheduler("refwatch-test", 2);
    private final List<List<String>> looks = new ArrayList<>();
    private final List<Map<String, Object>> received = new ArrayList<>();
    private RefWatcher watcher;

    @Before
    public void setUp() throws Exception {
        dir = Git.init(tmp.getRoot().toPath().resolve("r"));
        Git.stdout(dir, "git", "commit", "-q", "--allow-empty", "-m", "one");
        repo = new FileRepositoryBuilder().setGitDir(dir.resolve(".git").toFile()).build();
    }

    @After
    public void tearDown() {
        if (watcher != null) {
            watcher.close();
        }
        scheduler.shutdownNow();
        repo.close();
    }

    /** A poll an hour apart: what is reported within the test's patience came through inotify. */
    private void start(Duration poll) {
        watcher = new RefWatcher(repo, dir.toString(), scheduler, poll, (topic, props) -> {
            if (topic.equals(Topics.REF_RECEIVED)) {
                synchronized (received) {
                    received.add(props);
                }
            }
        }, () -> false, changed -> {
            synchronized (looks) {
                looks.add(changed);
            }
        });
        watcher.start();
    }

    private List<String> reported() {
        synchronized (looks) {
            return looks.stream().flatMap(List::stream).toList();
        }
    }

    @Test
    public void refsWrittenByAnotherProcessAreReportedWithoutThePoll() throws Exception {
        Git.stdout(dir, "git", "update-ref", "refs/heads/synced/before", "HEAD");
        // refs/remotes exists (a first fetch made it): only refs/ itself is not watched, and a refs/remotes
        // made after the start is found by the poll, as the watcher's doc says.
        Git.stdout(dir, "git", "update-ref", "refs/remotes/origin/master", "HEAD");
        start(Duration.ofHours(1));
        Thread.sleep(300);
        assertEquals("refs there at start are seen, not reported", List.of(), reported());

        Git.stdout(dir, "git", "update-ref", "refs/heads/synced/master", "HEAD");
        Git.await(5_000, "the pushed-in ref to be reported", () -> reported().contains("refs/heads/synced/master"));
        // A remote's folder that did not exist yet: its creation wakes a look that finds the ref.
        Git.stdout(dir, "git", "update-ref", "refs/remotes/other/master", "HEAD");
        Git.await(5_000, "the fetched ref to be reported", () -> reported().contains("refs/remotes/other/master"));
        // A ref already there that moves, after the folder was registered.
        Git.stdout(dir, "git", "commit", "-q", "--allow-empty", "-m", "two");
        Git.stdout(dir, "git", "update-ref", "refs/remotes/other/master", "HEAD");
        Git.await(5_000, "the moved ref to be reported again",
                () -> reported().stream().filter("refs/remotes/other/master"::equals).count() == 2);
        // Commits to our own branch are not incoming refs.
        assertTrue(reported().toString(), reported().stream().noneMatch(r -> r.startsWith("refs/heads/master")));

        synchronized (received) {
            assertTrue(received.toString(), received.contains(Map.of(Topics.REMOTE, "", Topics.REF, "refs/heads/synced/master")));
            assertTrue(received.toString(), received.contains(Map.of(Topics.REMOTE, "other", Topics.REF, "refs/remotes/other/master")));
        }
    }

    @Test
    public void packedRefsAreSeenByThePoll() throws Exception {
        start(Duration.ofMillis(100));
        Git.stdout(dir, "git", "update-ref", "refs/heads/synced/master", "HEAD");
        Git.stdout(dir, "git", "pack-refs", "--all");
        Git.await(5_000, "the packed ref to be reported", () -> reported().contains("refs/heads/synced/master"));
    }

    @Test
    public void remoteOfNamesTheRemoteOfATrackingRef() {
        assertEquals("origin", RefWatcher.remoteOf("refs/remotes/origin/synced/git-annex"));
        assertEquals("", RefWatcher.remoteOf("refs/heads/synced/master"));
    }
}
