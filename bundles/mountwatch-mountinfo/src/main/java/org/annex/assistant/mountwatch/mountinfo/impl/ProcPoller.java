package org.annex.assistant.mountwatch.mountinfo.impl;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;

/**
 * Waits for the kernel to signal a change of the mount table: {@code /proc/self/mountinfo} polls as
 * POLLPRI|POLLERR after a mount or umount in our namespace (the JDK cannot poll a procfs file, and
 * inotify does not fire on /proc). The caller re-reads the file after each wakeup.
 */
final class ProcPoller implements AutoCloseable {
    private static final int O_RDONLY = 0;
    private static final int O_CLOEXEC = 0x80000;
    private static final short POLLPRI = 0x2;
    private static final short POLLERR = 0x8;
    private static final int SEEK_SET = 0;

    interface LibC extends Library {
        int open(String path, int flags) throws LastErrorException;

        int poll(Memory fds, int nfds, int timeoutMs) throws LastErrorException;

        long lseek(int fd, long offset, int whence) throws LastErrorException;

        int read(int fd, Memory buf, long count) throws LastErrorException;

        int close(int fd) throws LastErrorException;
    }

    private final LibC libc;
    private final int fd;
    private final Memory pollfd = new Memory(8);
    private final Memory buf = new Memory(64 * 1024);

    ProcPoller(String path) {
        libc = Native.load("c", LibC.class);
        fd = libc.open(path, O_RDONLY | O_CLOEXEC);
    }

    /** Reads the whole file from the start: the kernel re-arms the notification only after a read. */
    String readAll() {
        libc.lseek(fd, 0, SEEK_SET);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int n;
        while ((n = libc.read(fd, buf, buf.size())) > 0) {
            bytes.write(buf.getByteArray(0, n), 0, n);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** Returns true if the mount table changed within the timeout. */
    boolean await(int timeoutMs) {
        pollfd.setInt(0, fd);
        pollfd.setShort(4, (short) (POLLPRI | POLLERR));
        pollfd.setShort(6, (short) 0);
        int ready = libc.poll(pollfd, 1, timeoutMs);
        return ready > 0 && (pollfd.getShort(6) & (POLLPRI | POLLERR)) != 0;
    }

    @Override
    public void close() {
        libc.close(fd);
    }
}
