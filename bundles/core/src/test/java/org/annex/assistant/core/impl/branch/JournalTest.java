package org.annex.assistant.core.impl.branch;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** The journal's file names, and its lock: shared by every journal object of a folder in this JVM, and gone after use. */
public class JournalTest {
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    @Test
    public void journalNamesFollowGitAnnex() {
        String p = "25e/f29/WORM-s1-m1795594751--x_y,38z.txt.log";
        assertEquals("25e_f29_WORM-s1-m1795594751--x__y,38z.txt.log", Journal.fileName(p));
        assertEquals(p, Journal.branchPath(Journal.fileName(p)));
        assertEquals("uuid.log", Journal.branchPath("uuid.log"));
    }

    @Test
    public void writtenFilesAreListedReadAndRemoved() throws Exception {
        Journal journal = new Journal(tmp.getRoot().toPath().resolve("annex"));
        assertEquals(List.of(), journal.list());
        journal.locked(() -> {
            journal.write("aaa/bbb/K.log", "1 1 u\n");
            return null;
        });
        assertEquals(List.of("aaa/bbb/K.log"), journal.list());
        assertEquals("1 1 u\n", new String(journal.read("aaa/bbb/K.log"), java.nio.charset.StandardCharsets.UTF_8));
        journal.remove("aaa/bbb/K.log");
        assertEquals(List.of(), journal.list());
        assertEquals(null, journal.read("aaa/bbb/K.log"));
    }

    /** Two objects of one journal (a repository and the same one opened as a neighbour) exclude each other. */
    @Test(timeout = 30_000)
    public void twoJournalObjectsOfOneFolderShareTheLock() throws Exception {
        Path annexDir = tmp.getRoot().toPath().resolve("annex");
        Journal first = new Journal(annexDir);
        // The same folder, spelt differently: the lock is the file's, not the path's spelling.
        Journal second = new Journal(annexDir.resolve("..").resolve("annex"));
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean secondRan = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<?> holder = pool.submit(() -> first.locked(() -> {
                inside.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return null;
            }));
            assertTrue(inside.await(10, TimeUnit.SECONDS));
            Future<?> waiter = pool.submit(() -> second.locked(() -> {
                secondRan.set(true);
                return null;
            }));
            Thread.sleep(200);
            assertFalse("the second journal object ran while the first held the lock", secondRan.get());
            release.countDown();
            holder.get(10, TimeUnit.SECONDS);
            waiter.get(10, TimeUnit.SECONDS);
            assertTrue(secondRan.get());
        } finally {
            release.countDown();
            pool.shutdownNow();
        }
        assertEquals("no lock left in use", 0, InProcessLocks.inUse());
    }

    @Test
    public void nestedAndFailedActionsLeaveNoLockBehind() throws Exception {
        Journal journal = new Journal(tmp.getRoot().toPath().resolve("annex"));
        int nested = journal.locked(() -> journal.locked(() -> {
            assertEquals(1, InProcessLocks.inUse());
            return 7;
        }));
        assertEquals(7, nested);
        try {
            journal.locked(() -> {
                throw new IOException("the action failed");
            });
            fail("the action's failure is passed on");
        } catch (IOException e) {
            assertEquals("the action failed", e.getMessage());
        }
        assertEquals(0, InProcessLocks.inUse());
        // Another thread gets the lock at once: nothing is held.
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            assertEquals(Integer.valueOf(1), pool.submit(() -> journal.locked(() -> 1)).get(10, TimeUnit.SECONDS));
        } finally {
            pool.shutdownNow();
        }
    }
}
