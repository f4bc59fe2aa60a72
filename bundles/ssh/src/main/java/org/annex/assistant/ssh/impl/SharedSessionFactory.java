package org.annex.assistant.ssh.impl;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.annex.assistant.ssh.SshConnections;
import org.apache.sshd.common.util.security.SecurityUtils;
import org.eclipse.jgit.errors.TransportException;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.RemoteSession;
import org.eclipse.jgit.transport.RemoteSession2;
import org.eclipse.jgit.transport.SshSessionFactory;
import org.eclipse.jgit.transport.SshTransport;
import org.eclipse.jgit.transport.Transport;
import org.eclipse.jgit.transport.URIish;
import org.eclipse.jgit.transport.sshd.SshdSession;
import org.eclipse.jgit.transport.sshd.SshdSessionFactory;
import org.eclipse.jgit.util.FS;

/**
 * Keeps one {@link SshdSession} (one TCP connection) per user@host:port. JGit's own factory opens a
 * connection per transport and closes it when the transport closes; here the transport gets a wrapper
 * whose disconnect does nothing, and the connection stays until it drops (then it is evicted and the
 * next use reconnects) or the factory is closed.
 */
public final class SharedSessionFactory extends SshSessionFactory implements SshConnections.Owned {
    private static final int CONNECT_TIMEOUT_MS = 30_000;

    private final SshdSessionFactory delegate;
    private final Map<String, SshdSession> sessions = new ConcurrentHashMap<>();
    private final AtomicInteger opened = new AtomicInteger();

    SharedSessionFactory(SshdSessionFactory delegate) {
        this.delegate = delegate;
    }

    @Override
    public String getType() {
        return "shared-" + delegate.getType();
    }

    @Override
    public RemoteSession getSession(URIish uri, CredentialsProvider credentials, FS fs, int timeoutMs)
            throws TransportException {
        SshdSession session = shared(uri, credentials, fs, timeoutMs > 0 ? timeoutMs : CONNECT_TIMEOUT_MS);
        return new RemoteSession2() {
            @Override
            public Process exec(String command, int timeout) throws IOException {
                return withMinaLoader(() -> session.exec(command, timeout));
            }

            @Override
            public Process exec(String command, Map<String, String> environment, int timeout) throws IOException {
                return withMinaLoader(() -> session.exec(command, environment, timeout));
            }

            @Override
            public void disconnect() {
                // The connection is shared; it is closed by the factory, not by one transport.
            }
        };
    }

    @Override
    public void releaseSession(RemoteSession session) {
        // Same reason as disconnect() above.
    }

    @Override
    public Process exec(URIish remote, String command, int timeoutSeconds) throws IOException {
        SshdSession session = shared(remote, null, FS.DETECTED, CONNECT_TIMEOUT_MS);
        return withMinaLoader(() -> session.exec(command, timeoutSeconds));
    }

    @Override
    public void configure(Transport transport) {
        if (transport instanceof SshTransport) {
            ((SshTransport) transport).setSshSessionFactory(this);
        }
    }

    @Override
    public int connectionsOpened() {
        return opened.get();
    }

    private SshdSession shared(URIish uri, CredentialsProvider credentials, FS fs, int timeoutMs)
            throws TransportException {
        String id = identity(uri);
        // One lock per identity would allow parallel connects to different hosts; connecting is rare
        // (once per host and per drop), so one lock keeps it simple and never opens two to one host.
        synchronized (sessions) {
            SshdSession existing = sessions.get(id);
            if (existing != null) {
                return existing;
            }
            SshdSession session = withMinaLoader(() -> delegate.getSession(uri, credentials, fs, timeoutMs));
            opened.incrementAndGet();
            session.addCloseListener(closed -> sessions.remove(id, closed));
            sessions.put(id, session);
            return session;
        }
    }

    static String identity(URIish uri) {
        String user = uri.getUser() != null ? uri.getUser() : SshSessionFactory.getLocalUserName();
        int port = uri.getPort() > 0 ? uri.getPort() : 22;
        return user + "@" + uri.getHost() + ":" + port;
    }

    /**
     * MINA finds its security providers through the thread context class loader; in OSGi a component
     * thread's TCCL is arbitrary, so it is set to MINA's own loader for the call.
     */
    static <T, E extends Exception> T withMinaLoader(ThrowingSupplier<T, E> call) throws E {
        Thread thread = Thread.currentThread();
        ClassLoader saved = thread.getContextClassLoader();
        thread.setContextClassLoader(SecurityUtils.class.getClassLoader());
        try {
            return call.get();
        } finally {
            thread.setContextClassLoader(saved);
        }
    }

    interface ThrowingSupplier<T, E extends Exception> {
        T get() throws E;
    }

    @Override
    public void close() {
        synchronized (sessions) {
            sessions.values().forEach(SshdSession::disconnect);
            sessions.clear();
        }
        delegate.close();
    }
}
