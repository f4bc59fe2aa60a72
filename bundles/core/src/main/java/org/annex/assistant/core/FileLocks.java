package org.annex.assistant.core;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.FileLockInterruptionException;
import java.util.concurrent.TimeUnit;

/**
 * Waiting for an fcntl lock that git-annex (or another daemon) also takes.
 *
 * <p>fcntl locks belong to a process, not a thread, and Linux's deadlock check follows that: when a thread
 * of daemon A waits for a lock daemon B holds while some other thread of B waits for a lock an unrelated
 * thread of A holds, the kernel sees A and B waiting on each other and fails the wait with EDEADLK, though
 * both holders are about to let go. Two daemons uploading to each other hit this within seconds (each
 * writes the other's journal while merging into its own). So a wait that the kernel refuses becomes a poll.
 */
public final class FileLocks {
    private static final long MAX_POLL_MILLIS = 16;

    private FileLocks() {
    }

    /** An exclusive lock on the whole file, waiting as long as it takes. */
    public static FileLock exclusive(FileChannel channel) throws IOException {
        FileLock lock = channel.tryLock();
        if (lock != null) {
            return lock;
        }
        try {
            return channel.lock();
        } catch (ClosedChannelException | FileLockInterruptionException e) {
            throw e;
        } catch (IOException e) {
            // EDEADLK (its text depends on the locale, so any refused wait is treated alike): poll instead.
            return poll(channel);
        }
    }

    private static FileLock poll(FileChannel channel) throws IOException {
        long sleep = 1;
        while (true) {
            FileLock lock = channel.tryLock();
            if (lock != null) {
                return lock;
            }
            try {
                TimeUnit.MILLISECONDS.sleep(sleep);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while waiting for a lock");
            }
            sleep = Math.min(MAX_POLL_MILLIS, sleep * 2);
        }
    }
}
