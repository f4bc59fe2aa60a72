package org.annex.assistant.gitsync;

import java.time.Instant;
import java.util.Optional;

/** What the last push to one remote did. Immutable. */
public final class RemoteStatus {
    private final String remote;
    private final String url;
    private final Instant lastPush;
    private final String lastError;
    private final boolean reachable;

    public RemoteStatus(String remote, String url, Instant lastPush, String lastError, boolean reachable) {
        this.remote = remote;
        this.url = url;
        this.lastPush = lastPush;
        this.lastError = lastError;
        this.reachable = reachable;
    }

    public String remote() { return remote; }
    public String url() { return url; }
    /** When a push last succeeded. */
    public Optional<Instant> lastPush() { return Optional.ofNullable(lastPush); }
    /** Why the newest push or fetch failed; empty once one succeeds again. */
    public Optional<String> lastError() { return Optional.ofNullable(lastError); }
    public boolean reachable() { return reachable; }

    @Override
    public String toString() {
        return remote + " (" + url + "): reachable=" + reachable + ", lastPush=" + lastPush
                + (lastError == null ? "" : ", lastError=" + lastError);
    }
}
