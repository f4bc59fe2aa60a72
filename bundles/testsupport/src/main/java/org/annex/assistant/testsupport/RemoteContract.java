package org.annex.assistant.testsupport;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import org.annex.assistant.api.annex.AnnexRepository;
import org.annex.assistant.api.annex.Key;
import org.annex.assistant.api.remote.Remote;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/**
 * What every {@link Remote} must do, run against a real one: each remote bundle's tests extend this with a
 * subclass that sets up its target (a folder, a server, a program, a repository) and creates the remote.
 * Content comes back the way the transfer queue fetches it: retrieved into the repository's
 * {@code .git/annex/tmp} and moved into the object store by {@link AnnexRepository#storeVerified}, so a
 * remote that sends wrong bytes is caught where it would be in the daemon.
 *
 * <p>The repository comes from the subclass ({@link #openRepository}) because its implementation lives in
 * core, whose own tests use this bundle.
 */
public abstract class RemoteContract {
    /** Large enough to take several buffers and progress reports, small enough to be quick. */
    private static final int SIZE = 300_000;
    private static final int PREFIX = 100_000;

    private Path scratch;
    private GitAnnexRepo here;
    private AnnexRepository repository;
    private Remote remote;

    /**
     * Creates the remote under test. {@code scratch} is a fresh folder for its target; {@code repository} is
     * the local repository it serves (a git remote needs it, a special remote may ignore it).
     */
    protected abstract Remote createRemote(Path scratch, AnnexRepository repository) throws Exception;

    /** Opens the git-annex repository at {@code workTree} (initialised by git-annex) as the daemon would. */
    protected abstract AnnexRepository openRepository(Path workTree) throws Exception;

    /** Puts {@code bytes} where the remote keeps the content of {@code key}, behind its back: a remote gone bad. */
    protected abstract void replaceStoredContent(Key key, byte[] bytes) throws Exception;

    /** Takes the remote's target away: removes its folder or repository, or stops its server or program. */
    protected abstract void makeUnreachable() throws Exception;

    /** Whether retrieve continues after bytes already in the destination rather than fetching them again. */
    protected abstract boolean resumesRetrieve();

    /** Where a special remote in git-annex's folder layout (directory, rsync, FTP) keeps a key: hashdirlower/key/key. */
    protected static Path specialRemoteObject(Path folder, Key key) {
        return folder.resolve(key.hashDirLower()).resolve(key.fileName()).resolve(key.fileName());
    }

    /**
     * Replaces a stored object file with {@code bytes}, for {@link #replaceStoredContent}: git-annex's layouts
     * keep objects and their folders read-only, so the folder is opened for the swap and closed again.
     */
    protected static void overwriteReadOnly(Path object, byte[] bytes) throws IOException {
        Path folder = object.getParent();
        Set<PosixFilePermission> folderMode = Files.getPosixFilePermissions(folder);
        Set<PosixFilePermission> objectMode = Files.getPosixFilePermissions(object);
        Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwx------"));
        try {
            Files.delete(object);
            Files.write(object, bytes);
            Files.setPosixFilePermissions(object, objectMode);
        } finally {
            Files.setPosixFilePermissions(folder, folderMode);
        }
    }

    @Before
    public final void createRemoteAndRepository() throws Exception {
        scratch = Files.createTempDirectory("remote-contract").toRealPath();
        here = GitAnnexRepo.init(scratch.resolve("here"), "here");
        repository = openRepository(here.dir());
        remote = createRemote(Files.createDirectory(scratch.resolve("remote")), repository);
    }

    /**
     * Stops what {@link #createRemote} started (a server). Called after the remote is closed, and not from an
     * {@code @After} of the subclass, which JUnit would run first: a server stopped under an open session
     * leaves its children writing into the folder being deleted.
     */
    protected void stopTarget() throws Exception {
    }

    /** Whether the remote reports progress itself; an external program reports only what it chooses to. */
    protected boolean reportsProgress() {
        return true;
    }

    /** What checkpresent on an unreachable remote must say besides the remote's name; null when nothing more is promised. */
    protected String unreachableReason() {
        return null;
    }

    @After
    public final void closeAndDelete() throws Exception {
        if (remote != null) {
            remote.close();
            stopTarget();
        }
        if (repository instanceof AutoCloseable closeable) {
            closeable.close();
        }
        GitAnnexRepo.deleteTree(scratch);
    }

    @Test
    public void storedContentIsPresentAndOtherContentIsNot() throws Exception {
        byte[] data = GitAnnexRepo.randomBytes(SIZE, 1);
        Key key = key(data);
        Key other = key(GitAnnexRepo.randomBytes(10, 2));
        assertFalse(remote.checkPresent(key));
        AtomicLong stored = new AtomicLong();
        remote.store(key, contentFile(data), "a.bin", stored::set);
        if (reportsProgress()) {
            assertEquals("progress of the upload ends at the size", data.length, stored.get());
        }
        assertTrue(remote.checkPresent(key));
        assertFalse(remote.checkPresent(other));
    }

    @Test
    public void retrievedContentPassesVerificationIntoTheObjectStore() throws Exception {
        byte[] data = GitAnnexRepo.randomBytes(SIZE, 3);
        Key key = key(data);
        remote.store(key, contentFile(data), "a.bin", total -> { });
        AtomicLong retrieved = new AtomicLong();
        downloadAsTheTransferQueueDoes(key, retrieved);
        if (reportsProgress()) {
            assertEquals("progress of the download ends at the size", data.length, retrieved.get());
        }
        assertTrue(repository.hasContent(key));
        assertArrayEquals(data, Files.readAllBytes(repository.contentPath(key)));
    }

    /** A destination that holds the start of the content already (an interrupted download) ends up whole. */
    @Test
    public void anInterruptedRetrieveCompletes() throws Exception {
        byte[] data = GitAnnexRepo.randomBytes(SIZE, 4);
        Key key = key(data);
        remote.store(key, contentFile(data), "a.bin", total -> { });
        Path partial = Files.write(scratch.resolve("partial"), Arrays.copyOf(data, PREFIX));
        AtomicLong first = new AtomicLong(-1);
        remote.retrieve(key, partial, "a.bin", total -> first.compareAndSet(-1, total));
        assertArrayEquals(data, Files.readAllBytes(partial));
        if (resumesRetrieve()) {
            assertTrue("progress starts at the bytes already there: " + first.get(), first.get() >= PREFIX);
        }
    }

    @Test
    public void removedContentIsAbsentAndRemovingItAgainIsNoError() throws Exception {
        byte[] data = GitAnnexRepo.randomBytes(SIZE, 5);
        Key key = key(data);
        remote.store(key, contentFile(data), "a.bin", total -> { });
        remote.remove(key);
        assertFalse(remote.checkPresent(key));
        remote.remove(key);
        assertFalse(remote.checkPresent(key));
    }

    /** The remote holds bytes that do not match the key: they are refused, and nothing enters the object store. */
    @Test
    public void wrongBytesAreRefusedAndLeaveNothingBehind() throws Exception {
        byte[] data = GitAnnexRepo.randomBytes(SIZE, 6);
        Key key = key(data);
        remote.store(key, contentFile(data), "a.bin", total -> { });
        byte[] wrong = data.clone();
        wrong[SIZE / 2] ^= 1;
        replaceStoredContent(key, wrong);
        try {
            downloadAsTheTransferQueueDoes(key, new AtomicLong());
            fail("content that does not match " + key + " entered the object store");
        } catch (IOException expected) {
            assertNotNull(expected.getMessage());
        }
        assertFalse(repository.hasContent(key));
        assertFalse("nothing at the object's path", Files.exists(repository.contentPath(key)));
        assertFalse("the download is not left in tmp", Files.exists(downloadPath(key)));
    }

    /** Not a hang, and not "absent": a remote that cannot be reached says so, and says which remote. */
    @Test(timeout = 60_000)
    public void anUnreachableRemoteIsAClearError() throws Exception {
        byte[] data = GitAnnexRepo.randomBytes(SIZE, 7);
        Key key = key(data);
        remote.store(key, contentFile(data), "a.bin", total -> { });
        // Released first, so that what the remote holds between requests (a connection, a process) does
        // not hide that its target is gone; the next request must reopen it, as after an idle time.
        remote.close();
        makeUnreachable();
        // checkpresent is where "unreachable" must not pass for "absent", so its reason is checked
        expectUnreachable("checkpresent", unreachableReason(), () -> remote.checkPresent(key));
        expectUnreachable("retrieve", null, () -> remote.retrieve(key, scratch.resolve("unreachable"), "a.bin", total -> { }));
    }

    private interface Request {
        void run() throws Exception;
    }

    private void expectUnreachable(String what, String reason, Request request) throws Exception {
        try {
            request.run();
            fail(what + " on an unreachable remote succeeded");
        } catch (IOException e) {
            assertNotNull(what + ": an IOException with no message", e.getMessage());
            assertTrue(what + " names the remote: " + e.getMessage(), e.getMessage().contains(remote.name()));
            assertTrue(what + " says " + reason + ": " + e.getMessage(), reason == null || e.getMessage().contains(reason));
        }
    }

    /** What the transfer queue does for a download: retrieve into .git/annex/tmp, then the verified store. */
    private void downloadAsTheTransferQueueDoes(Key key, AtomicLong progress) throws IOException {
        Path tmp = downloadPath(key);
        Files.createDirectories(tmp.getParent());
        remote.retrieve(key, tmp, "a.bin", progress::set);
        repository.storeVerified(key, tmp);
    }

    private Path downloadPath(Key key) {
        return repository.gitDir().resolve("annex").resolve("tmp").resolve(key.fileName());
    }

    private Path contentFile(byte[] data) throws IOException {
        return Files.write(Files.createTempFile(scratch, "content", ".bin"), data);
    }

    private static Key key(byte[] data) {
        return Key.parse(GitAnnexRepo.sha256eKey(data, ".bin"));
    }
}
