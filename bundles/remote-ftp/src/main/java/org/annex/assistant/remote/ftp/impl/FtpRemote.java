package org.annex.assistant.remote.ftp.impl;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;

import javax.net.ssl.SSLException;

import org.annex.assistant.api.annex.Key;
import org.annex.assistant.api.remote.AbstractRemote;
import org.annex.assistant.api.remote.RemoteConfig;
import org.apache.commons.net.ftp.FTP;
import org.apache.commons.net.ftp.FTPClient;
import org.apache.commons.net.ftp.FTPReply;
import org.apache.commons.net.ftp.FTPSClient;

/**
 * A remote on an FTP or FTPS server, in the special-remote layout ({@code DIR/hashdirlower/KEY/KEY}).
 * Uploads go to {@code DIR/tmp/KEY} and are renamed into place (RNFR/RNTO) when complete, and an interrupted
 * upload is continued by appending (APPE). Downloads resume with REST. Binary mode, passive mode; one
 * connection per request.
 *
 * <p>With FTPS the data connections are encrypted too (PROT P) or nothing is sent, and the server must pass
 * {@link ServerTrust}.
 */
final class FtpRemote extends AbstractRemote {
    enum Security { NONE, EXPLICIT, IMPLICIT }

    private final String host;
    private final int port;
    private final Security security;
    private final List<String> pins;
    private final Duration timeout;
    private final String user;
    private final String password;
    private final String base;

    /** {@code pins}: SHA-256 fingerprints in {@link ServerTrust#fingerprint}'s form; empty for the JVM's trust store. */
    FtpRemote(String name, String uuid, int cost, String host, int port, Security security, List<String> pins,
            Duration timeout, String user, String password, String directory) {
        super(name, uuid, cost);
        this.host = host;
        this.port = port;
        this.security = security;
        this.pins = List.copyOf(pins);
        this.timeout = timeout;
        this.user = user;
        this.password = password;
        this.base = directory.isEmpty() || directory.endsWith("/") ? directory : directory + "/";
    }

    @Override
    public boolean checkPresent(Key key) throws IOException {
        FTPClient ftp = connect();
        try {
            return size(ftp, base + RemoteConfig.objectPath(key)) >= 0;
        } finally {
            disconnect(ftp);
        }
    }

    @Override
    public void store(Key key, Path content, String file, Progress progress) throws IOException {
        String dest = base + RemoteConfig.objectPath(key);
        String tmp = base + "tmp/" + key.fileName();
        FTPClient ftp = connect();
        try {
            if (size(ftp, dest) >= 0) {
                return;
            }
            makeDirectories(ftp, base + "tmp/");
            long have = Math.max(0, size(ftp, tmp));
            if (have > Files.size(content)) {
                ftp.deleteFile(tmp);
                have = 0;
            }
            try (InputStream in = Files.newInputStream(content)) {
                in.skipNBytes(have);
                InputStream counted = progress.counting(in, have);
                boolean ok = have > 0 ? ftp.appendFile(tmp, counted) : ftp.storeFile(tmp, counted);
                if (!ok) {
                    throw failure(ftp, "storing " + key);
                }
            }
            makeDirectories(ftp, base + key.hashDirLower() + key.fileName() + "/");
            if (!ftp.rename(tmp, dest)) {
                throw failure(ftp, "moving " + key + " into place");
            }
        } catch (IOException e) {
            throw wrap(e, "storing " + key);
        } finally {
            disconnect(ftp);
        }
    }

    @Override
    public void retrieve(Key key, Path destination, String file, Progress progress) throws IOException {
        FTPClient ftp = connect();
        try (FileChannel out = FileChannel.open(destination, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                LinkOption.NOFOLLOW_LINKS)) {
            long have = out.size();
            long size = size(ftp, base + RemoteConfig.objectPath(key));
            if (size < 0) {
                throw new IOException("remote " + name() + " does not have " + key);
            }
            if (have > size) {
                have = 0;
            }
            out.truncate(have);
            out.position(have);
            ftp.setRestartOffset(have);
            InputStream in = ftp.retrieveFileStream(base + RemoteConfig.objectPath(key));
            if (in == null) {
                throw failure(ftp, "retrieving " + key);
            }
            OutputStream os = Channels.newOutputStream(out);
            try (InputStream counted = progress.counting(in, have)) {
                counted.transferTo(os);
            }
            if (!ftp.completePendingCommand()) {
                throw failure(ftp, "retrieving " + key);
            }
            out.force(false);
        } catch (IOException e) {
            throw wrap(e, "retrieving " + key);
        } finally {
            disconnect(ftp);
        }
    }

    @Override
    public void remove(Key key) throws IOException {
        String dest = base + RemoteConfig.objectPath(key);
        FTPClient ftp = connect();
        try {
            if (size(ftp, dest) >= 0 && !ftp.deleteFile(dest)) {
                throw failure(ftp, "removing " + key);
            }
            // The empty key directory is left if the server refuses; it holds nothing a checkPresent would see.
            ftp.removeDirectory(base + key.hashDirLower() + key.fileName());
        } finally {
            disconnect(ftp);
        }
    }

    private FTPClient connect() throws IOException {
        ServerTrust trust = security == Security.NONE ? null : new ServerTrust(name(), pins);
        FTPClient ftp;
        if (trust == null) {
            ftp = new FTPClient();
        } else {
            FTPSClient ftps = new FTPSClient(security == Security.IMPLICIT);
            // Commons Net's own default only looks at the certificate's dates: any server would pass.
            ftps.setTrustManager(trust);
            ftps.setEndpointCheckingEnabled(pins.isEmpty());
            ftp = ftps;
        }
        ftp.setConnectTimeout((int) timeout.toMillis());
        ftp.setDefaultTimeout((int) timeout.toMillis());
        ftp.setDataTimeout(timeout);
        try {
            ftp.connect(host, port);
            if (!FTPReply.isPositiveCompletion(ftp.getReplyCode())) {
                throw new IOException("the server at " + address() + " refused the connection: "
                        + ftp.getReplyString().trim());
            }
            if (!ftp.login(user, password)) {
                throw new IOException("remote " + name() + ": login as " + user + " to " + address() + " refused ("
                        + ftp.getReplyString().trim() + ")"
                        + (security == Security.NONE ? "; if the server wants FTPS, set annex-ftp-ftps" : ""));
            }
            if (ftp instanceof FTPSClient) {
                protectData((FTPSClient) ftp);
            }
            if (!ftp.setFileType(FTP.BINARY_FILE_TYPE)) {
                throw failure(ftp, "switching to binary mode");
            }
            ftp.enterLocalPassiveMode();
            return ftp;
        } catch (UnknownHostException e) {
            disconnect(ftp);
            throw new IOException("remote " + name() + ": unknown host " + host, e);
        } catch (ConnectException e) {
            disconnect(ftp);
            throw new IOException("remote " + name() + ": cannot connect to " + address() + ": " + e.getMessage(), e);
        } catch (IOException e) {
            IOException failure = connectFailure(e, ftp, trust);
            disconnect(ftp);
            throw failure;
        }
    }

    /**
     * PBSZ 0 and PROT P after login, as in RFC 4217's example session. A server that refuses them gets no content:
     * there is no falling back to clear text.
     */
    private void protectData(FTPSClient ftps) throws IOException {
        try {
            ftps.execPBSZ(0);
            ftps.execPROT("P");
        } catch (SSLException e) {
            throw new IOException("remote " + name() + ": the server at " + address()
                    + " refuses to encrypt data connections (" + ftps.getReplyString().trim() + ")", e);
        }
    }

    /**
     * What went wrong while connecting, with the likely fix when the security mode does not fit the port. Asks
     * {@code ftp} for its last reply, so before it is disconnected.
     */
    private IOException connectFailure(IOException e, FTPClient ftp, ServerTrust trust) {
        if (trust != null && trust.refusal() != null) {
            return new IOException("remote " + name() + ": " + address() + ": " + trust.refusal(), e);
        }
        if (ftp.isConnected() && causedBy(e, SocketTimeoutException.class)) {
            // An implicit FTPS server waits for the TLS handshake; a client that waits for its greeting waits forever.
            return new IOException("remote " + name() + ": no answer from " + address() + " within "
                    + timeout.toSeconds() + " s" + (security == Security.IMPLICIT ? ""
                            : "; if that port wants TLS from the start (implicit FTPS), set annex-ftp-ftps=implicit"), e);
        }
        if (e instanceof SSLException && security == Security.EXPLICIT && ftp.getReplyCode() >= 400) {
            return new IOException("remote " + name() + ": the server at " + address()
                    + " does not offer FTPS: AUTH TLS was answered " + ftp.getReplyString().trim(), e);
        }
        if (e instanceof SSLException) {
            return new IOException("remote " + name() + ": TLS with " + address() + " failed: " + e.getMessage()
                    + (security == Security.IMPLICIT
                            ? "; if that port is plain FTP or explicit FTPS (AUTH TLS), set annex-ftp-ftps=explicit" : ""),
                    e);
        }
        return wrap(e, "connecting");
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    private String address() {
        return host + ":" + port;
    }

    /** The file's size (SIZE), or -1 if the server says it is not there. */
    private long size(FTPClient ftp, String path) throws IOException {
        int reply = ftp.sendCommand("SIZE", path);
        if (reply == FTPReply.FILE_STATUS) {
            try {
                return Long.parseLong(ftp.getReplyString().substring(4).trim());
            } catch (NumberFormatException | IndexOutOfBoundsException e) {
                throw new IOException("bad SIZE reply: " + ftp.getReplyString().trim(), e);
            }
        }
        if (reply == FTPReply.FILE_UNAVAILABLE) {
            return -1;
        }
        throw failure(ftp, "asking for the size of " + path);
    }

    private static void makeDirectories(FTPClient ftp, String dir) throws IOException {
        StringBuilder path = new StringBuilder(dir.startsWith("/") ? "/" : "");
        for (String part : dir.split("/")) {
            if (part.isEmpty()) {
                continue;
            }
            path.append(part).append('/');
            // MKD fails for a directory that exists; only a failing upload tells a real problem.
            ftp.makeDirectory(path.toString());
        }
    }

    private IOException failure(FTPClient ftp, String what) {
        int code = ftp.getReplyCode();
        String reply = ftp.getReplyString() == null ? "" : ftp.getReplyString().trim();
        if (code == 452 || code == 552) {
            return new IOException("remote " + name() + ": the server is out of space " + what + " (" + reply + ")");
        }
        return new IOException("remote " + name() + ": " + what + " failed (" + reply + ")");
    }

    private IOException wrap(IOException e, String what) {
        return e.getMessage() != null && e.getMessage().startsWith("remote " + name())
                ? e : new IOException("remote " + name() + ": " + what + " failed: " + e.getMessage(), e);
    }

    private static void disconnect(FTPClient ftp) {
        if (ftp.isConnected()) {
            try {
                ftp.logout();
            } catch (IOException e) {
                // The connection is going away either way.
            }
            try {
                ftp.disconnect();
            } catch (IOException e) {
                // Nothing left to release.
            }
        }
    }

    @Override
    public String toString() {
        return "ftp remote " + name() + " at " + address() + "/" + base;
    }
}
