package org.annex.assistant.core.impl.branch;

import java.nio.file.Path;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The in-process half of a lock file's lock: one {@link ReentrantLock} per lock file, which threads of this
 * JVM take before the fcntl lock.
 *
 * <p>Process-wide by nature, hence static: fcntl locks belong to a process, not to a thread or an object
 * (a second lock by the same process succeeds at once, and closing any descriptor of the file drops them),
 * so every repository object in the JVM that opens the same journal (this repository's service, the same
 * repository opened as another one's neighbour, a tool or test opening it without OSGi) must wait on one
 * lock, whichever component made it. No component could own that. Nothing outlives its use: a lock is
 * held only while {@link Journal#locked} runs (released in a finally), and a file's entry is dropped when
 * no thread holds or waits for it, so a stopped or restarted core bundle leaves no lock held and no entry.
 */
final class InProcessLocks {
    private static final ConcurrentHashMap<Path, Held> LOCKS = new ConcurrentHashMap<>();

    private InProcessLocks() {
    }

    /** One file's lock, with the number of threads holding or waiting for it. */
    static final class Held {
        private final Path file;
        private final ReentrantLock lock = new ReentrantLock();
        /** Changed only inside {@link ConcurrentHashMap#compute} of this file's entry. */
        private int users;

        private Held(Path file) {
            this.file = file;
        }

        /** Whether this thread held the lock already (the fcntl lock is then held too). */
        boolean reentered() {
            return lock.getHoldCount() > 1;
        }

        void unlock() {
            lock.unlock();
            LOCKS.computeIfPresent(file, (f, held) -> --held.users == 0 ? null : held);
        }
    }

    /** Takes the in-process lock of {@code lockFile}, waiting for other threads; call {@link Held#unlock()} after. */
    static Held lock(Path lockFile) {
        Path file = lockFile.toAbsolutePath().normalize();
        Held held = LOCKS.compute(file, (f, h) -> {
            Held in = h == null ? new Held(f) : h;
            in.users++;
            return in;
        });
        held.lock.lock();
        return held;
    }

    /** Lock files with a thread holding or waiting for their lock now. */
    static int inUse() {
        return LOCKS.size();
    }
}
