package org.annex.assistant.watcher.impl.inotify;

import java.io.Closeable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import org.annex.assistant.watcher.impl.fs.ProcFiles;
import org.annex.assistant.watcher.impl.fs.RawPaths;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Linux inotify instance through JNA, with one reader thread.
 *
 * <p>Why not {@link java.nio.file.WatchService}: it has no close-write event (a file being written gives a
 * stream of ENTRY_MODIFY and no "done", yet "closed and quiet" is exactly when a file may be added), no move
 * cookies (a rename is an unrelated delete + create, so renamed files would be re-hashed), no recursion and
 * an OVERFLOW without directory context. Measured on 20,101 directories (docs/ssh-and-watching.md §7): adding
 * the watches takes 234 ms here against 1,244 ms with WatchService, and a burst of 100,000 creations is
 * delivered in 2.8 s against 13 s. jna-platform has no inotify binding, hence this small one.
 *
 * <p>Names arrive as bytes and stay bytes: Linux names need not be UTF-8.
 */
final class Inotify implements Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(Inotify.class);
    static final int IN_ATTRIB = 0x4;
    static final int IN_CLOSE_WRITE = 0x8;
    static final int IN_MOVED_FROM = 0x40;
    static final int IN_MOVED_TO = 0x80;
    static final int IN_CREATE = 0x100;
    static final int IN_DELETE = 0x200;
    static final int IN_DELETE_SELF = 0x400;
    static final int IN_MOVE_SELF = 0x800;
    static final int IN_Q_OVERFLOW = 0x4000;
    static final int IN_IGNORED = 0x8000;
    static final int IN_ONLYDIR = 0x1000000;
    static final int IN_DONT_FOLLOW = 0x2000000;
    static final int IN_EXCL_UNLINK = 0x4000000;
    static final int IN_ISDIR = 0x40000000;

    static final int ENOENT = 2;
    static final int EAGAIN = 11;
    static final int EINTR = 4;
    static final int ENOTDIR = 20;
    static final int EMFILE = 24;
    static final int ENOSPC = 28;

    private static final int IN_CLOEXEC = 0x80000;
    private static final int IN_NONBLOCK = 0x800;
    private static final short POLLIN = 1;
    private static final int POLL_TIMEOUT_MS = 100;
    private static final int BUFFER_SIZE = 256 * 1024;

    /** The libc calls; {@code throws LastErrorException} makes JNA report errno. */
    interface LibC extends Library {
        int inotify_init1(int flags) throws LastErrorException;

        int inotify_add_watch(int fd, byte[] pathname, int mask) throws LastErrorException;

        int inotify_rm_watch(int fd, int wd) throws LastErrorException;

        NativeLong read(int fd, Pointer buf, NativeLong count) throws LastErrorException;

        int poll(Pointer fds, int nfds, int timeout) throws LastErrorException;

        int close(int fd) throws LastErrorException;
    }

    private static final class Holder {
        static final LibC LIBC = Native.load("c", LibC.class);
    }

    /** One inotify record; {@code name} is empty for events on the watched directory itself. */
    static final class Event {
        final int wd;
        final int mask;
        final int cookie;
        final byte[] name;

        Event(int wd, int mask, int cookie, byte[] name) {
            this.wd = wd;
            this.mask = mask;
            this.cookie = cookie;
            this.name = name;
        }

        boolean is(int bits) {
            return (mask & bits) != 0;
        }

        @Override
        public String toString() {
            return "wd=" + wd + " mask=0x" + Integer.toHexString(mask) + " cookie=" + cookie + " name="
                    + RawPaths.display(name);
        }
    }

    /** Receives the events of one read, and a tick after every poll timeout; on the reader thread. */
    interface Handler {
        void events(List<Event> events);

        void idle();
    }

    /** inotify_add_watch failed because a per-user limit is reached (ENOSPC: watches; EMFILE: instances). */
    static final class LimitException extends IOException {
        private static final long serialVersionUID = 1L;
        final int errno;

        LimitException(int errno, String message) {
            super(message);
            this.errno = errno;
        }
    }

    private final LibC libc;
    private final int fd;
    private final Thread reader;
    private volatile boolean closed;

    private Inotify(int fd, Handler handler, String threadName) {
        this.libc = Holder.LIBC;
        this.fd = fd;
        this.reader = new Thread(() -> readLoop(handler), threadName);
        this.reader.setDaemon(true);
    }

    static Inotify open(Handler handler, String threadName) throws IOException {
        int fd;
        try {
            fd = Holder.LIBC.inotify_init1(IN_CLOEXEC | IN_NONBLOCK);
        } catch (LastErrorException e) {
            if (e.getErrorCode() == EMFILE) {
                throw new LimitException(EMFILE, "cannot create an inotify instance: the per-user limit is reached;"
                        + " raise it with: sysctl fs.inotify.max_user_instances=" + suggestedLimit("max_user_instances", 1024));
            }
            throw new IOException("inotify_init1 failed: errno " + e.getErrorCode(), e);
        }
        Inotify in = new Inotify(fd, handler, threadName);
        in.reader.start();
        return in;
    }

    /** Adds (or updates) a watch on a directory given by its raw absolute path bytes; returns the wd. */
    int addWatch(byte[] absolutePath, int mask) throws IOException {
        byte[] cpath = new byte[absolutePath.length + 1];
        System.arraycopy(absolutePath, 0, cpath, 0, absolutePath.length);
        try {
            return libc.inotify_add_watch(fd, cpath, mask);
        } catch (LastErrorException e) {
            int errno = e.getErrorCode();
            if (errno == ENOSPC) {
                throw new LimitException(errno, "inotify watch limit reached (fs.inotify.max_user_watches="
                        + currentLimit("max_user_watches") + "); raise it with: sysctl fs.inotify.max_user_watches="
                        + suggestedLimit("max_user_watches", 524288));
            }
            if (errno == EMFILE) {
                throw new LimitException(errno, "inotify instance limit reached; raise it with: sysctl"
                        + " fs.inotify.max_user_instances=" + suggestedLimit("max_user_instances", 1024));
            }
            throw new NoWatch(errno, "inotify_add_watch " + RawPaths.display(absolutePath) + ": errno " + errno);
        }
    }

    /** inotify_add_watch failed for a reason other than a limit (the directory vanished, is not one, ...). */
    static final class NoWatch extends IOException {
        private static final long serialVersionUID = 1L;
        final int errno;

        NoWatch(int errno, String message) {
            super(message);
            this.errno = errno;
        }
    }

    void removeWatch(int wd) {
        try {
            libc.inotify_rm_watch(fd, wd);
        } catch (LastErrorException e) {
            // EINVAL: the kernel already dropped the watch (its directory was deleted); nothing to undo.
        }
    }

    /** Stops the reader thread (within one poll timeout), then closes the descriptor. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (Thread.currentThread() != reader) {
            try {
                reader.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        libc.close(fd);
    }

    private void readLoop(Handler handler) {
        Memory pollfd = new Memory(8);
        Memory buf = new Memory(BUFFER_SIZE);
        while (!closed) {
            pollfd.setInt(0, fd);
            pollfd.setShort(4, POLLIN);
            pollfd.setShort(6, (short) 0);
            int ready;
            try {
                ready = libc.poll(pollfd, 1, POLL_TIMEOUT_MS);
            } catch (LastErrorException e) {
                if (e.getErrorCode() == EINTR) {
                    continue;
                }
                throw e;
            }
            if (closed) {
                break;
            }
            if (ready <= 0) {
                handler.idle();
                continue;
            }
            long n;
            try {
                n = libc.read(fd, buf, new NativeLong(BUFFER_SIZE)).longValue();
            } catch (LastErrorException e) {
                if (e.getErrorCode() == EAGAIN || e.getErrorCode() == EINTR) {
                    continue;
                }
                throw e;
            }
            try {
                handler.events(decode(buf, n));
            } catch (RuntimeException e) {
                // One bad event must not end the watching of the whole tree.
                LOG.error("inotify event handling failed: {}", e.toString(), e);
            }
        }
    }

    static List<Event> decode(Pointer buf, long n) {
        List<Event> events = new ArrayList<>();
        long o = 0;
        while (o + 16 <= n) {
            int wd = buf.getInt(o);
            int mask = buf.getInt(o + 4);
            int cookie = buf.getInt(o + 8);
            int len = buf.getInt(o + 12);
            byte[] name = buf.getByteArray(o + 16, len);
            int end = 0;
            while (end < len && name[end] != 0) {
                end++;
            }
            byte[] trimmed = new byte[end];
            System.arraycopy(name, 0, trimmed, 0, end);
            events.add(new Event(wd, mask, cookie, trimmed));
            o += 16 + len;
        }
        return events;
    }

    static long currentLimit(String name) {
        try {
            return Long.parseLong(ProcFiles.read(java.nio.file.Path.of("/proc/sys/fs/inotify/" + name)));
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }

    private static long suggestedLimit(String name, long floor) {
        long current = currentLimit(name);
        return current > 0 ? Math.max(current * 4, floor) : floor;
    }
}
