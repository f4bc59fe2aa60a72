package org.annex.assistant.remote.ssh.impl;

import java.io.IOException;
import java.nio.file.Path;

import org.annex.assistant.api.annex.Key;
import org.annex.assistant.api.remote.AbstractRemote;
import org.annex.assistant.ssh.SshConnections;

/**
 * A git-annex repository reached over ssh. Content goes through {@code git-annex-shell p2pstdio}, one
 * session kept open and reused for every request (the protocol is sequential, so requests take turns);
 * a session that broke is opened again once before the request fails.
 */
final class SshRemote extends AbstractRemote {
    /** Starts a command on the remote host (over the shared SSH connection, in production). */
    @FunctionalInterface
    interface Shell {
        Process exec(String command) throws IOException;
    }

    private final String path;
    private final String ourUuid;
    private final Shell shell;
    private P2PClient session;

    SshRemote(String name, String uuid, int cost, String path, String ourUuid, Shell shell) {
        super(name, uuid, cost);
        this.path = path;
        this.ourUuid = ourUuid;
        this.shell = shell;
    }

    @FunctionalInterface
    private interface Request<T> {
        T run(P2PClient client) throws IOException;
    }

    private synchronized <T> T call(Request<T> request) throws IOException {
        for (int attempt = 0; ; attempt++) {
            boolean fresh = session == null;
            try {
                if (session == null) {
                    session = open();
                }
                return request.run(session);
            } catch (IOException e) {
                closeSession();
                if (fresh || attempt > 0) {
                    throw new IOException("remote " + name() + ": " + e.getMessage(), e);
                }
            }
        }
    }

    private P2PClient open() throws IOException {
        Process p = shell.exec("git-annex-shell 'p2pstdio' " + SshConnections.quote(path) + " " + SshConnections.quote(ourUuid)
                + " --uuid " + SshConnections.quote(uuid()));
        P2PClient client = new P2PClient(p.getInputStream(), p.getOutputStream(), p::destroy);
        if (!client.serverUuid().equals(uuid())) {
            client.close();
            throw new IOException("expected repository " + uuid() + " but found " + client.serverUuid());
        }
        return client;
    }

    @Override
    public boolean checkPresent(Key key) throws IOException {
        return call(c -> c.checkPresent(key));
    }

    @Override
    public void store(Key key, Path content, String file, Progress progress) throws IOException {
        call(c -> {
            c.put(key, file, content, progress);
            return null;
        });
    }

    @Override
    public void retrieve(Key key, Path destination, String file, Progress progress) throws IOException {
        call(c -> {
            c.get(key, file, destination, progress);
            return null;
        });
    }

    @Override
    public void remove(Key key) throws IOException {
        if (!call(c -> c.remove(key))) {
            throw new IOException("remote " + name() + " refused to remove " + key);
        }
    }

    private void closeSession() {
        if (session != null) {
            try {
                session.close();
            } catch (IOException ignored) {
                // The session is being thrown away.
            }
            session = null;
        }
    }

    @Override
    public synchronized void close() {
        closeSession();
    }
}
