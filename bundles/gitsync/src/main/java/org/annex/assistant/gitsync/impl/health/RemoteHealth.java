package org.annex.assistant.gitsync.impl.health;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import org.annex.assistant.api.event.EventSink;
import org.annex.assistant.api.event.Topics;
import org.annex.assistant.gitsync.RemoteStatus;
import org.eclipse.jgit.api.errors.InvalidRemoteException;
import org.eclipse.jgit.api.errors.TransportException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How each remote of one repository is doing: whether it can be reached, when a push last succeeded, why
 * the newest push or fetch failed, and so whether it needs a retry (at the retry interval, when the network
 * changes, or when another bundle sees it come back). Posts {@link Topics#PUSHED} for every push outcome and
 * {@link Topics#REMOTE_REACHABLE} when reachability flips. There is no backoff: a failed remote is retried
 * at the fixed retry interval and on those two cues, and one success clears its failure.
 *
 * <p>A remote on a volume that was unmounted is {@link #unmounted unmounted}: unreachable, and not pushed to or
 * retried until it is {@link #mounted mounted} again. A failure that repeats the last one is logged at debug
 * level only: a remote that stays away must not fill the log with one warning per commit.
 */
public final class RemoteHealth {
    private static final Logger LOG = LoggerFactory.getLogger(RemoteHealth.class);

    private static final class State {
        final String name;
        volatile String url;
        volatile Instant lastPush;
        volatile String lastError;
        volatile boolean reachable = true;
        volatile boolean needsRetry;
        /** The volume holding it is unmounted (where it was, when mountsync said so); null when not known to be. */
        volatile String unmountedFrom;

        State(String name) {
            this.name = name;
        }
    }

    private final String repositoryPath;
    private final EventSink events;
    private final Map<String, State> remotes = new ConcurrentHashMap<>();

    /** @param events posts with the repository's {@link Topics#REPOSITORY} already added */
    public RemoteHealth(String repositoryPath, EventSink events) {
        this.repositoryPath = repositoryPath;
        this.events = events;
    }

    /** Records a remote and its current url (from the repository's configuration). */
    public void track(String remote, String url) {
        state(remote).url = url;
    }

    /** The url last {@link #track tracked} for the remote, null when none. */
    public String url(String remote) {
        return state(remote).url;
    }

    /** A push to the remote succeeded: it is reachable and needs no retry. */
    public void succeeded(String remote) {
        State state = state(remote);
        boolean wasReachable = state.reachable;
        state.lastPush = Instant.now();
        state.lastError = null;
        state.reachable = true;
        state.needsRetry = false;
        events.post(Topics.PUSHED, Map.of(Topics.REMOTE, remote, Topics.OK, true, Topics.MESSAGE, "pushed"));
        if (!wasReachable) {
            events.post(Topics.REMOTE_REACHABLE, Map.of(Topics.REMOTE, remote, Topics.REACHABLE, true));
        }
    }

    /**
     * {@code what} ("push", "fetch", "merge") failed: the remote needs a retry; a transport failure also
     * makes it unreachable.
     */
    public void failed(String remote, String what, Exception e) {
        State state = state(remote);
        boolean unreachable = e instanceof TransportException || e instanceof InvalidRemoteException;
        boolean wasReachable = state.reachable;
        String message = what + " failed: " + (e.getMessage() == null ? e.toString() : e.getMessage());
        boolean repeated = message.equals(state.lastError);
        state.lastError = message;
        state.needsRetry = true;
        if (repeated) {
            LOG.debug("{}: remote {}: {} (again)", repositoryPath, remote, message);
        } else {
            LOG.warn("{}: remote {}: {}", repositoryPath, remote, message);
        }
        if (what.equals("push")) {
            events.post(Topics.PUSHED, Map.of(Topics.REMOTE, remote, Topics.OK, false, Topics.MESSAGE, message));
        }
        if (unreachable) {
            state.reachable = false;
            if (wasReachable) {
                events.post(Topics.REMOTE_REACHABLE, Map.of(Topics.REMOTE, remote, Topics.REACHABLE, false));
            }
        }
    }

    /**
     * The volume holding the remote, mounted at {@code mountPoint}, went away: it is unreachable, and neither
     * pushed to nor retried until {@link #mounted}.
     */
    public void unmounted(String remote, String mountPoint) {
        State state = state(remote);
        boolean wasReachable = state.reachable;
        state.unmountedFrom = mountPoint;
        state.reachable = false;
        state.needsRetry = true;
        state.lastError = "not mounted (its volume was unmounted from " + mountPoint + ")";
        LOG.info("{}: remote {}: {}", repositoryPath, remote, state.lastError);
        if (wasReachable) {
            events.post(Topics.REMOTE_REACHABLE, Map.of(Topics.REMOTE, remote, Topics.REACHABLE, false));
        }
    }

    /** The remote's volume is mounted again: it is to be synced with (and counts as reachable once that works). */
    public void mounted(String remote) {
        state(remote).unmountedFrom = null;
    }

    /** Whether the remote's volume is known to be unmounted. */
    public boolean isUnmounted(String remote) {
        return state(remote).unmountedFrom != null;
    }

    /** The remotes whose last push or fetch failed, but for those whose volume is unmounted. */
    public List<String> needingRetry() {
        List<String> out = new ArrayList<>();
        remotes.values().forEach(s -> {
            if (s.needsRetry && s.unmountedFrom == null) {
                out.add(s.name);
            }
        });
        return out;
    }

    /** The failing remotes named {@code nameOrUrl} or at that url (what another bundle saw come back). */
    public List<String> needingRetry(String nameOrUrl) {
        List<String> out = new ArrayList<>();
        remotes.values().forEach(s -> {
            if (s.needsRetry && s.unmountedFrom == null && (s.name.equals(nameOrUrl) || Objects.equals(s.url, nameOrUrl))) {
                out.add(s.name);
            }
        });
        return out;
    }

    /** Per remote name (sorted), what the console shows. */
    public Map<String, RemoteStatus> status() {
        Map<String, RemoteStatus> out = new LinkedHashMap<>();
        new TreeMap<>(remotes).forEach((name, s) ->
                out.put(name, new RemoteStatus(name, s.url, s.lastPush, s.lastError, s.reachable)));
        return out;
    }

    private State state(String remote) {
        return remotes.computeIfAbsent(remote, State::new);
    }

}
