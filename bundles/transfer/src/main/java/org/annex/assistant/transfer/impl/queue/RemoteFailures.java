package org.annex.assistant.transfer.impl.queue;

import java.util.HashMap;
import java.util.Map;

/**
 * The last failure of each remote, so that a remote that stays away (a drive unplugged, a host down) gets
 * one warning, not one per key: a thousand queued uploads to it fail with the same message. Not thread-safe:
 * the queue's lock guards it.
 */
final class RemoteFailures {
    private final Map<String, String> last = new HashMap<>();

    /** Records a failure; whether it differs from the remote's last one (and so is worth a warning). */
    boolean isNew(String remote, String message) {
        return !message.equals(last.put(remote, message));
    }

    /** A transfer with the remote succeeded: its next failure is news again. */
    void succeeded(String remote) {
        last.remove(remote);
    }
}
