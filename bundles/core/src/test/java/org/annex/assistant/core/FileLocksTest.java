package org.annex.assistant.core;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * Two processes, each with a lock the other one waits for, where in this one the holder and the waiter are
 * different threads: the kernel (which sees processes, not threads) reports a deadlock that is not one.
 * The holder lets go after a while, so a waiter that keeps trying gets its lock.
 */
public class FileLocksTest {
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    /** The other process: takes Y, says so, then waits for X; once it has X it lets both go. */
    public static final class OtherProcess {
        public static void main(String[] args) throws Exception {
            try (FileChannel y = open(Path.of(args[1])); FileLock ly = y.lock()) {
                System.out.println("holding y");
                System.out.flush();
                try (FileChannel x = open(Path.of(args[0])); FileLock lx = x.lock()) {
                    System.out.println("got x");
                }
            }
        }
    }

    private static FileChannel open(Path p) throws IOException {
        return FileChannel.open(p, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    }

    @Test
    public void aDeadlockThatIsNotOneIsWaitedOut() throws Exception {
        assertEquals("the plain wait is refused", "refused", crossWait(false));
        assertEquals("FileLocks waits it out", "locked", crossWait(true));
    }

    /** Holds X on one thread, waits for Y (held by the other process, which waits for X) on another. */
    private String crossWait(boolean withFileLocks) throws Exception {
        Path x = tmp.newFile().toPath();
        Path y = tmp.newFile().toPath();
        String java = ProcessHandle.current().info().command().orElse("java");
        try (FileChannel cx = open(x); FileLock lx = cx.lock()) {
            Process other = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                    OtherProcess.class.getName(), x.toString(), y.toString()).redirectErrorStream(true).start();
            try {
                BufferedReader out = new BufferedReader(new InputStreamReader(other.getInputStream(), StandardCharsets.UTF_8));
                assertEquals("holding y", out.readLine());
                awaitBlocked(other.pid());
                CompletableFuture<String> waiter = CompletableFuture.supplyAsync(() -> {
                    try (FileChannel cy = open(y)) {
                        FileLock ly = withFileLocks ? FileLocks.exclusive(cy) : cy.lock();
                        ly.release();
                        return "locked";
                    } catch (IOException e) {
                        return "refused";
                    }
                });
                // Let the waiter ask for Y while this thread still holds X, then let X go.
                Thread.sleep(300);
                lx.release();
                String result = waiter.get(20, TimeUnit.SECONDS);
                assertEquals("got x", out.readLine());
                return result;
            } finally {
                if (!other.waitFor(20, TimeUnit.SECONDS)) {
                    other.destroyForcibly();
                    fail("the other process did not end");
                }
            }
        }
    }

    /** Until /proc/locks shows the other process waiting for a lock (a "->" line with its pid). */
    private static void awaitBlocked(long pid) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            for (String line : java.nio.file.Files.readAllLines(Path.of("/proc/locks"))) {
                if (line.contains("->") && line.contains(" " + pid + " ")) {
                    return;
                }
            }
            Thread.sleep(10);
        }
        fail("the other process never waited for the lock");
    }
}
