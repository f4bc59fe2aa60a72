package org.annex.assistant.gitsync.impl.signals;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.annex.assistant.api.concurrent.NamedThreads;
import org.annex.assistant.ssh.SshConnections;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.transport.URIish;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Changes of a remote over ssh, from git-annex's own {@code git-annex-shell notifychanges} on the far side
 * (what git-annex's remotedaemon reads): it prints {@code READY}, then {@code CHANGED <sha>...} whenever a
 * ref there moves, until its stdin closes. It runs as a channel of the ssh bundle's shared connection to
 * that host, so it costs no login of its own.
 *
 * <p>A thread of its own reads it (the read blocks until the server writes). When the channel ends (the
 * connection dropped, the host is down, the server lacks git-annex-shell) it is opened again after a wait
 * that doubles from 1 s up to {@link #MAX_BACKOFF_MILLIS}, and reset once a channel says READY; what changed
 * while nobody listened is unknown, so each READY is told as "changed, tips unknown".
 */
final class NotifyChanges implements ChangeSource {
    private static final Logger LOG = LoggerFactory.getLogger(NotifyChanges.class);
    static final long FIRST_BACKOFF_MILLIS = 1_000;
    static final long MAX_BACKOFF_MILLIS = 5 * 60_000;
    private static final int OPEN_TIMEOUT_SECONDS = 30;

    private final String description;
    private final URIish uri;
    private final Supplier<SshConnections> ssh;
    private final Listener listener;
    private final Thread reader;
    private volatile boolean closed;
    private volatile Process process;

    /** @param description names the remote in logs and the thread ("repository/remote") */
    NotifyChanges(String description, URIish uri, Supplier<SshConnections> ssh, Listener listener) {
        this.description = description;
        this.uri = uri;
        this.ssh = ssh;
        this.listener = listener;
        this.reader = NamedThreads.factory("gitsync-notifychanges-" + description).newThread(this::run);
    }

    /** The command, as git-annex's remotedaemon sends it. */
    static String command(String path) {
        return "git-annex-shell 'notifychanges' " + SshConnections.quote(path);
    }

    @Override
    public void start() {
        reader.start();
    }

    private void run() {
        long backoff = FIRST_BACKOFF_MILLIS;
        boolean warned = false;
        while (!closed) {
            String failure;
            try {
                if (listen()) {
                    backoff = FIRST_BACKOFF_MILLIS;
                    warned = false;
                }
                failure = "channel ended";
            } catch (IOException | RuntimeException e) {
                failure = e.getMessage();
            }
            if (closed) {
                return;
            }
            // Once per outage at info: a remote without git-annex-shell would otherwise log every few minutes.
            if (!warned) {
                LOG.info("{}: no change notifications ({}); trying again, every {} s at most", description, failure,
                        MAX_BACKOFF_MILLIS / 1000);
                warned = true;
            }
            try {
                Thread.sleep(backoff);
            } catch (InterruptedException e) {
                return;
            }
            backoff = Math.min(backoff * 2, MAX_BACKOFF_MILLIS);
        }
    }

    /** One channel, read until it ends; whether it said READY. */
    private boolean listen() throws IOException {
        SshConnections connections = ssh.get();
        if (connections == null) {
            throw new IOException("no ssh connections service");
        }
        Process p = connections.exec(uri, command(uri.getPath()), OPEN_TIMEOUT_SECONDS);
        process = p;
        boolean ready = false;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            if (closed) {
                return false;
            }
            String line;
            while ((line = in.readLine()) != null) {
                if (line.equals("READY")) {
                    ready = true;
                    listener.changed(List.of());
                } else if (line.startsWith("CHANGED")) {
                    List<ObjectId> tips = tips(line);
                    if (!tips.isEmpty()) {
                        listener.changed(tips);
                    }
                }
            }
            return ready;
        } finally {
            p.destroy();
            try {
                p.waitFor(1, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The shas of a {@code CHANGED} line; anything that is not a sha is left out. */
    static List<ObjectId> tips(String line) {
        List<ObjectId> tips = new ArrayList<>();
        for (String word : line.substring("CHANGED".length()).trim().split("\\s+")) {
            if (ObjectId.isId(word)) {
                tips.add(ObjectId.fromString(word));
            }
        }
        return tips;
    }

    @Override
    public void close() {
        closed = true;
        Process p = process;
        if (p != null) {
            p.destroy(); // closes the channel: git-annex-shell sees its stdin end and exits; our read ends
        }
        reader.interrupt();
    }
}
