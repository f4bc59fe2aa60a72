package org.annex.assistant.remote.ssh.impl;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.annex.assistant.api.annex.Key;
import org.annex.assistant.api.remote.Remote;

/**
 * The client side of git-annex's P2P protocol (version 1), as {@code git-annex-shell p2pstdio} speaks it:
 * text lines, binary payloads framed by {@code DATA n}. The server is not trusted: line lengths and
 * payload sizes are bounded, a payload larger than the key says is refused, and the caller verifies the
 * hash of whatever arrives.
 */
final class P2PClient implements Closeable {
    private static final int MAX_LINE = 64 * 1024;
    /**
     * Bytes per write and progress report; the rate limit is paid per report, so a buffer is at most a
     * sixteenth of a second at 1 MiB/s (the SSH channel sends 32 KiB packets anyway).
     */
    private static final int BUFFER = 64 * 1024;

    private final InputStream in;
    private final OutputStream out;
    private final Closeable transport;
    private final String serverUuid;

    /** Reads the server's greeting and agrees on protocol version 1. */
    P2PClient(InputStream in, OutputStream out, Closeable transport) throws IOException {
        this.in = new BufferedInputStream(in, BUFFER);
        this.out = new BufferedOutputStream(out, BUFFER);
        this.transport = transport;
        String hello = readLine();
        if (!hello.startsWith("AUTH-SUCCESS ")) {
            throw new IOException("the remote did not greet with AUTH-SUCCESS: " + printable(hello));
        }
        serverUuid = hello.substring("AUTH-SUCCESS ".length()).trim();
        send("VERSION 1");
        String version = readLine();
        if (!version.equals("VERSION 1")) {
            throw new IOException("the remote does not speak P2P protocol version 1: " + printable(version));
        }
    }

    String serverUuid() {
        return serverUuid;
    }

    boolean checkPresent(Key key) throws IOException {
        send("CHECKPRESENT " + key);
        return successOrFailure("CHECKPRESENT");
    }

    /** Removes the key from the remote; true if it is gone (removing an absent key succeeds). */
    boolean remove(Key key) throws IOException {
        send("REMOVE " + key);
        return successOrFailure("REMOVE");
    }

    /**
     * Sends content, resuming where the remote's partial copy ends. Content that changed while it was read
     * (size differs from the key) is marked INVALID, so the remote discards it.
     */
    void put(Key key, String file, Path content, Remote.Progress progress) throws IOException {
        send("PUT " + fileField(file) + " " + key);
        String reply = readLine();
        if (reply.equals("ALREADY-HAVE")) {
            return;
        }
        if (!reply.startsWith("PUT-FROM ")) {
            throw unexpected("PUT", reply);
        }
        long offset = number(reply.substring("PUT-FROM ".length()), "PUT-FROM");
        long size = Files.size(content);
        if (offset > size) {
            throw new IOException("the remote asked to resume at " + offset + " beyond the end of " + size + " bytes");
        }
        long length = size - offset;
        out.write(("DATA " + length + "\n").getBytes(StandardCharsets.US_ASCII));
        long sent = 0;
        try (InputStream data = Files.newInputStream(content)) {
            data.skipNBytes(offset);
            byte[] buf = new byte[BUFFER];
            while (sent < length) {
                int n = data.read(buf, 0, (int) Math.min(buf.length, length - sent));
                if (n < 0) {
                    break;
                }
                out.write(buf, 0, n);
                sent += n;
                progress.bytes(offset + sent);
            }
        }
        boolean intact = sent == length && Files.size(content) == size
                && (key.size().isEmpty() || key.size().getAsLong() == size);
        if (sent < length) {
            // The file shrank while we sent it: pad the frame so the protocol stays in step, and disown it.
            byte[] zeros = new byte[BUFFER];
            for (long left = length - sent; left > 0; left -= Math.min(left, zeros.length)) {
                out.write(zeros, 0, (int) Math.min(left, zeros.length));
            }
        }
        send(intact ? "VALID" : "INVALID");
        if (!successOrFailure("PUT") || !intact) {
            throw new IOException(intact ? "the remote refused " + key : "content of " + key + " changed while it was sent");
        }
    }

    /**
     * Fetches content into {@code destination}, appending from its current length (resume). Returns when
     * the remote marked the data VALID; the caller verifies the hash.
     */
    void get(Key key, String file, Path destination, Remote.Progress progress) throws IOException {
        long offset = Files.exists(destination) ? Files.size(destination) : 0;
        if (key.size().isPresent() && offset > key.size().getAsLong()) {
            Files.delete(destination);
            offset = 0;
        }
        send("GET " + offset + " " + fileField(file) + " " + key);
        String reply = readLine();
        if (reply.startsWith("ERROR")) {
            throw unexpected("GET", reply);
        }
        if (!reply.startsWith("DATA ")) {
            throw unexpected("GET", reply);
        }
        long length = number(reply.substring(5), "DATA");
        if (key.size().isPresent() && offset + length > key.size().getAsLong()) {
            // A hostile or confused remote; the stream cannot be resynchronised, so the connection goes.
            close();
            throw new IOException("the remote offered " + length + " bytes from " + offset + " for " + key
                    + ", more than its size " + key.size().getAsLong());
        }
        long received = 0;
        try (OutputStream file2 = Files.newOutputStream(destination, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
            byte[] buf = new byte[BUFFER];
            while (received < length) {
                int n = in.read(buf, 0, (int) Math.min(buf.length, length - received));
                if (n < 0) {
                    throw new IOException("the remote closed the connection after " + received + " of " + length + " bytes");
                }
                file2.write(buf, 0, n);
                received += n;
                progress.bytes(offset + received);
            }
        }
        String trailer = readLine();
        boolean valid = trailer.equals("VALID");
        if (!valid && !trailer.equals("INVALID")) {
            throw unexpected("GET", trailer);
        }
        send(valid ? "SUCCESS" : "FAILURE");
        if (!valid) {
            throw new IOException("the remote does not have " + key + " (or it changed while being sent)");
        }
    }

    private boolean successOrFailure(String command) throws IOException {
        String reply = readLine();
        if (reply.equals("SUCCESS")) {
            return true;
        }
        if (reply.equals("FAILURE")) {
            return false;
        }
        throw unexpected(command, reply);
    }

    private IOException unexpected(String command, String reply) {
        if (reply.startsWith("ERROR")) {
            return new IOException("the remote answered " + command + " with: " + printable(reply));
        }
        return new IOException("unexpected answer to " + command + ": " + printable(reply));
    }

    private void send(String line) throws IOException {
        out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** The associated file is informational; a name with a space or newline would break the line. */
    private static String fileField(String file) {
        if (file == null || file.isEmpty()) {
            return "\"\"";
        }
        return file.replaceAll("[\\s]", "_");
    }

    private String readLine() throws IOException {
        byte[] buf = new byte[256];
        int len = 0;
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new IOException(len == 0 ? "the remote closed the connection" : "the remote closed mid-line");
            }
            if (b == '\n') {
                return new String(buf, 0, len, StandardCharsets.UTF_8);
            }
            if (len == MAX_LINE) {
                throw new IOException("the remote sent a line longer than " + MAX_LINE + " bytes");
            }
            if (len == buf.length) {
                buf = java.util.Arrays.copyOf(buf, Math.min(MAX_LINE, buf.length * 2));
            }
            buf[len++] = (byte) b;
        }
    }

    private static long number(String s, String what) throws IOException {
        try {
            long n = Long.parseLong(s.trim());
            if (n < 0) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IOException("bad number in " + what + ": " + printable(s));
        }
    }

    private static String printable(String s) {
        String t = s.length() > 200 ? s.substring(0, 200) + "..." : s;
        return t.replaceAll("\\p{Cntrl}", "?");
    }

    @Override
    public void close() throws IOException {
        try {
            out.close();
        } finally {
            transport.close();
        }
    }
}
