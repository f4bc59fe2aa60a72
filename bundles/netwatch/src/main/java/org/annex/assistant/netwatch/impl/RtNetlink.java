package org.annex.assistant.netwatch.impl;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;

/**
 * A NETLINK_ROUTE socket subscribed to link, address and route changes. The JDK has no netlink; this is
 * the handful of libc calls it takes. Messages are only counted, never trusted for state: the caller
 * re-reads the interfaces after each burst.
 */
final class RtNetlink implements AutoCloseable {
    private static final int AF_NETLINK = 16;
    private static final int SOCK_RAW = 3;
    private static final int SOCK_CLOEXEC = 0x80000;
    private static final int NETLINK_ROUTE = 0;
    private static final int RTMGRP_LINK = 0x1;
    private static final int RTMGRP_IPV4_IFADDR = 0x10;
    private static final int RTMGRP_IPV4_ROUTE = 0x40;
    private static final int RTMGRP_IPV6_IFADDR = 0x100;
    private static final int RTMGRP_IPV6_ROUTE = 0x400;
    private static final int CLONE_NEWNET = 0x40000000;
    private static final short POLLIN = 0x1;
    private static final int MSG_DONTWAIT = 0x40;
    private static final int NLM_F_REQUEST = 0x1;
    private static final int NLM_F_DUMP = 0x300;
    private static final int NLMSG_ERROR = 2;
    private static final int NLMSG_DONE = 3;
    private static final int RTM_GETLINK = 18;
    private static final int RTM_GETADDR = 22;
    private static final int IFLA_IFNAME = 3;
    private static final int IFA_ADDRESS = 1;
    private static final int IFA_LOCAL = 2;
    private static final int IFF_UP = 0x1;
    private static final int IFF_LOOPBACK = 0x8;
    private static final int IFF_RUNNING = 0x40;

    interface LibC extends Library {
        int socket(int domain, int type, int protocol) throws LastErrorException;

        int bind(int fd, Memory addr, int len) throws LastErrorException;

        int poll(Memory fds, int nfds, int timeoutMs) throws LastErrorException;

        long recv(int fd, Memory buf, long len, int flags) throws LastErrorException;

        long send(int fd, Memory buf, long len, int flags) throws LastErrorException;

        int open(String path, int flags) throws LastErrorException;

        int setns(int fd, int nstype) throws LastErrorException;

        int close(int fd) throws LastErrorException;
    }

    private static final LibC LIBC = Native.load("c", LibC.class);

    private final int fd;
    private final Memory pollfd = new Memory(8);
    private final Memory buf = new Memory(64 * 1024);

    /** A socket subscribed to change notifications. */
    RtNetlink() throws IOException {
        this(RTMGRP_LINK | RTMGRP_IPV4_IFADDR | RTMGRP_IPV4_ROUTE | RTMGRP_IPV6_IFADDR | RTMGRP_IPV6_ROUTE);
    }

    private RtNetlink(int groups) throws IOException {
        try {
            fd = LIBC.socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
            Memory addr = new Memory(12);
            addr.clear();
            addr.setShort(0, (short) AF_NETLINK);
            addr.setInt(8, groups);
            LIBC.bind(fd, addr, 12);
        } catch (LastErrorException e) {
            throw new IOException("cannot open a netlink route socket: " + e.getMessage(), e);
        }
    }

    /**
     * Moves the calling thread into another network namespace (a file such as /run/netns/NAME). Only this
     * thread moves: sockets it opens afterwards, and interfaces it lists, are that namespace's.
     */
    static void enterNamespace(String path) throws IOException {
        int ns = -1;
        try {
            ns = LIBC.open(path, 0);
            LIBC.setns(ns, CLONE_NEWNET);
        } catch (LastErrorException e) {
            throw new IOException("cannot enter network namespace " + path + ": " + e.getMessage(), e);
        } finally {
            if (ns >= 0) {
                LIBC.close(ns);
            }
        }
    }

    /** Waits up to the timeout; returns the number of netlink messages that arrived (0 on timeout). */
    int await(int timeoutMs) {
        pollfd.setInt(0, fd);
        pollfd.setShort(4, POLLIN);
        pollfd.setShort(6, (short) 0);
        if (LIBC.poll(pollfd, 1, timeoutMs) <= 0) {
            return 0;
        }
        int messages = 0;
        while (true) {
            long n;
            try {
                n = LIBC.recv(fd, buf, buf.size(), MSG_DONTWAIT);
            } catch (LastErrorException e) {
                return messages;
            }
            if (n <= 0) {
                return messages;
            }
            messages += countMessages(buf.getByteArray(0, (int) n));
        }
    }

    /**
     * Asks the kernel for every link and address (RTM_GETLINK and RTM_GETADDR dumps). Unlike the JDK's
     * NetworkInterface, which mixes /proc (the process's namespace) with ioctls (the thread's), this sees
     * only the calling thread's namespace.
     */
    static NetworkState dump() throws IOException {
        try (RtNetlink nl = new RtNetlink(0)) {
            Map<Integer, String> upLinks = new HashMap<>();
            for (ByteBuffer m : nl.request(RTM_GETLINK, 16)) {
                int index = m.getInt(16 + 4);
                int flags = m.getInt(16 + 8);
                String name = attribute(m, 32, IFLA_IFNAME).map(RtNetlink::cString).orElse("if" + index);
                if ((flags & IFF_LOOPBACK) == 0 && (flags & IFF_UP) != 0 && (flags & IFF_RUNNING) != 0) {
                    upLinks.put(index, name);
                }
            }
            Set<String> addresses = new TreeSet<>();
            for (ByteBuffer m : nl.request(RTM_GETADDR, 8)) {
                int index = m.getInt(16 + 4);
                if (upLinks.containsKey(index)) {
                    attribute(m, 24, IFA_LOCAL).or(() -> attribute(m, 24, IFA_ADDRESS)).ifPresent(a -> {
                        try {
                            addresses.add(InetAddress.getByAddress(a).getHostAddress());
                        } catch (UnknownHostException bad) {
                            // Not an IPv4 or IPv6 address length: nothing to report.
                        }
                    });
                }
            }
            return new NetworkState(new TreeSet<>(upLinks.values()), addresses);
        } catch (LastErrorException e) {
            throw new IOException("netlink dump failed: " + e.getMessage(), e);
        }
    }

    /** Sends one dump request and collects the replies up to NLMSG_DONE. */
    private List<ByteBuffer> request(int type, int bodyLength) throws IOException {
        Memory req = new Memory(16 + bodyLength);
        req.clear();
        req.setInt(0, 16 + bodyLength);
        req.setShort(4, (short) type);
        req.setShort(6, (short) (NLM_F_REQUEST | NLM_F_DUMP));
        req.setInt(8, 1);
        LIBC.send(fd, req, req.size(), 0);
        List<ByteBuffer> replies = new ArrayList<>();
        while (true) {
            long n = LIBC.recv(fd, buf, buf.size(), 0);
            ByteBuffer d = ByteBuffer.wrap(buf.getByteArray(0, (int) n)).order(ByteOrder.nativeOrder());
            int offset = 0;
            while (offset + 16 <= n) {
                int len = d.getInt(offset);
                int msgType = d.getShort(offset + 4) & 0xffff;
                if (len < 16 || offset + len > n) {
                    throw new IOException("malformed netlink reply");
                }
                if (msgType == NLMSG_DONE) {
                    return replies;
                }
                if (msgType == NLMSG_ERROR) {
                    throw new IOException("netlink error " + d.getInt(offset + 16));
                }
                ByteBuffer m = ByteBuffer.wrap(d.array(), offset, len).slice().order(ByteOrder.nativeOrder());
                replies.add(m);
                offset += (len + 3) & ~3;
            }
        }
    }

    /** The payload of the first rtattr of the given type, walking from {@code start}. */
    private static Optional<byte[]> attribute(ByteBuffer m, int start, int type) {
        int offset = start;
        while (offset + 4 <= m.limit()) {
            int len = m.getShort(offset) & 0xffff;
            int t = m.getShort(offset + 2) & 0xffff;
            if (len < 4 || offset + len > m.limit()) {
                return Optional.empty();
            }
            if (t == type) {
                byte[] v = new byte[len - 4];
                m.get(offset + 4, v);
                return Optional.of(v);
            }
            offset += (len + 3) & ~3;
        }
        return Optional.empty();
    }

    private static String cString(byte[] b) {
        int end = 0;
        while (end < b.length && b[end] != 0) {
            end++;
        }
        return new String(b, 0, end, StandardCharsets.UTF_8);
    }

    /** Walks the nlmsghdr chain (length, type, ...) of one datagram. */
    static int countMessages(byte[] datagram) {
        int count = 0;
        int offset = 0;
        while (offset + 16 <= datagram.length) {
            int len = (datagram[offset] & 0xff) | (datagram[offset + 1] & 0xff) << 8
                    | (datagram[offset + 2] & 0xff) << 16 | (datagram[offset + 3] & 0xff) << 24;
            if (len < 16 || offset + len > datagram.length) {
                break;
            }
            count++;
            offset += (len + 3) & ~3;
        }
        return count;
    }

    @Override
    public void close() {
        LIBC.close(fd);
    }
}
