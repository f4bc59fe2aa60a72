package org.annex.assistant.gitsync.impl.push;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.annex.assistant.testsupport.Git;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.RemoteRefUpdate;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** Small pushes to a local repository arrive as loose objects (no pack per push) and move refs as git does. */
public class LocalLoosePushTest {
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private PushPair pair;
    private Path a;
    private Path b;
    private LocalLoosePush localPush;

    @Before
    public void setUp() throws Exception {
        pair = new PushPair(tmp.getRoot().toPath(), false);
        a = pair.a;
        b = pair.b;
        localPush = new LocalLoosePush(pair.repoA, pair.neighbours);
    }

    @After
    public void tearDown() {
        pair.close();
    }

    private List<PushedRef> push(String... specs) throws Exception {
        List<RefSpec> list = Stream.of(specs).map(RefSpec::new).toList();
        return localPush.push(b.resolve(".git").toFile(), list).orElseThrow();
    }

    private long packs() throws Exception {
        return pair.packs();
    }

    @Test
    public void smallPushIsCopiedAsLooseObjects() throws Exception {
        long packsBefore = packs();
        Files.writeString(a.resolve("g"), "two\n");
        Git.stdout(a, "git", "add", "g");
        Git.stdout(a, "git", "commit", "-q", "-m", "two");
        List<PushedRef> result = push("refs/heads/master:refs/heads/synced/master");
        assertEquals(RemoteRefUpdate.Status.OK, result.get(0).status());
        assertEquals(Git.stdout(a, "git", "rev-parse", "master"), Git.stdout(b, "git", "rev-parse", "synced/master"));
        assertEquals(packsBefore, packs());
        Git.stdout(b, "git", "fsck", "--strict", "--no-dangling");
        assertEquals("two", Git.stdout(b, "git", "show", "synced/master:g").trim());
        assertEquals(RemoteRefUpdate.Status.UP_TO_DATE, push("refs/heads/master:refs/heads/synced/master").get(0).status());
    }

    @Test
    public void nonFastForwardIsRejectedUnlessForced() throws Exception {
        Git.stdout(b, "git", "branch", "synced/master", "master");
        Files.writeString(b.resolve("h"), "b only\n");
        Git.stdout(b, "git", "add", "h");
        Git.stdout(b, "git", "commit", "-q", "-m", "b");
        Git.stdout(b, "git", "branch", "-f", "synced/master", "master");
        String theirs = Git.stdout(b, "git", "rev-parse", "synced/master");
        Files.writeString(a.resolve("g"), "a only\n");
        Git.stdout(a, "git", "add", "g");
        Git.stdout(a, "git", "commit", "-q", "-m", "a");
        assertEquals(RemoteRefUpdate.Status.REJECTED_NONFASTFORWARD,
                push("refs/heads/master:refs/heads/synced/master").get(0).status());
        assertEquals(theirs, Git.stdout(b, "git", "rev-parse", "synced/master"));
        assertEquals(RemoteRefUpdate.Status.OK, push("+refs/heads/master:refs/heads/synced/master").get(0).status());
        assertEquals(Git.stdout(a, "git", "rev-parse", "master"), Git.stdout(b, "git", "rev-parse", "synced/master"));
        Git.stdout(b, "git", "fsck", "--strict", "--no-dangling");
    }

    @Test
    public void largePushIsLeftToThePackTransport() throws Exception {
        for (int i = 0; i < LocalLoosePush.UNPACK_LIMIT; i++) {
            Files.writeString(a.resolve("file" + i), "content " + i + "\n");
        }
        Git.stdout(a, "git", "add", ".");
        Git.stdout(a, "git", "commit", "-q", "-m", "many");
        assertTrue(localPush.push(b.resolve(".git").toFile(),
                List.of(new RefSpec("refs/heads/master:refs/heads/synced/master"))).isEmpty());
        assertTrue(Git.tryRun(b, "git", "rev-parse", "--verify", "-q", "synced/master").exitCode != 0);
    }
}
