package org.annex.assistant.gitsync.impl.push;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.annex.assistant.testsupport.Git;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.RemoteRefUpdate;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** To a local path: loose objects when small, JGit's pack transport when large; to anything else, the transport. */
public class PushRouteTest {
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private PushPair pair;
    private Path a;
    private Path b;
    private LocalLoosePush loose;
    private TransportPush transport;
    private PushRoute route;

    @Before
    public void setUp() throws Exception {
        pair = new PushPair(tmp.getRoot().toPath(), true);
        a = pair.a;
        b = pair.b;
        Git.stdout(a, "git", "remote", "add", "b", "../b.git");
        loose = new LocalLoosePush(pair.repoA, pair.neighbours);
        transport = new TransportPush(new GitTransport(pair.repoA, Duration.ofSeconds(20), () -> null));
        route = new PushRoute(loose, transport);
    }

    @After
    public void tearDown() {
        pair.close();
    }

    @Test
    public void localPathsTryLoosePushFirstAndOthersOnlyTheTransport() {
        PushTarget local = PushTarget.of("b", "../b.git", a.toFile());
        assertTrue("a relative url is relative to the work tree", local.isLocal());
        assertEquals(List.of(loose, transport), route.ways(local));
        PushTarget fileUrl = PushTarget.of("b", "file://" + b, a.toFile());
        assertEquals(List.of(loose, transport), route.ways(fileUrl));
        for (String url : List.of("ssh://host/srv/b.git", "host:srv/b.git", "https://example.org/b.git")) {
            PushTarget other = PushTarget.of("b", url, a.toFile());
            assertFalse(url, other.isLocal());
            assertEquals(url, List.of(transport), route.ways(other));
        }
        assertFalse("no url, no local path", PushTarget.of("b", null, a.toFile()).isLocal());
        assertFalse("a path with no repository", PushTarget.of("b", "../nothing", a.toFile()).isLocal());
    }

    @Test
    public void smallPushGoesLooseAndLargePushFallsBackToThePackTransport() throws Exception {
        PushTarget target = PushTarget.of("b", "../b.git", a.toFile());
        long packs = pair.packs();
        commitFiles(3, "small");
        List<PushedRef> small = route.push(target, List.of(new RefSpec("refs/heads/master:refs/heads/synced/master")));
        assertEquals(RemoteRefUpdate.Status.OK, small.get(0).status());
        assertEquals(packs, pair.packs());

        commitFiles(LocalLoosePush.UNPACK_LIMIT, "large");
        List<PushedRef> large = route.push(target, List.of(new RefSpec("refs/heads/master:refs/heads/synced/master")));
        assertEquals(RemoteRefUpdate.Status.OK, large.get(0).status());
        assertEquals(packs + 1, pair.packs());
        assertEquals(Git.stdout(a, "git", "rev-parse", "master"), Git.stdout(b, "git", "rev-parse", "synced/master"));
        Git.stdout(b, "git", "fsck", "--strict", "--no-dangling");
    }

    private void commitFiles(int n, String prefix) throws Exception {
        for (int i = 0; i < n; i++) {
            Files.writeString(a.resolve(prefix + i), prefix + " " + i + "\n");
        }
        Git.stdout(a, "git", "add", ".");
        Git.stdout(a, "git", "commit", "-q", "-m", prefix);
    }
}
