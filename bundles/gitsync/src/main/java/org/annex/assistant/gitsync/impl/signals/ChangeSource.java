package org.annex.assistant.gitsync.impl.signals;

import java.util.List;

import org.eclipse.jgit.lib.ObjectId;

/**
 * Tells, out of band, that a remote's refs changed: another clone pushed there. Without one, such a change
 * is only noticed when our own next push is refused. One kind per way of hearing it:
 * {@link NotifyChanges} (git-annex-shell over ssh) and {@link LocalRefChanges} (inotify on a local path).
 */
interface ChangeSource extends AutoCloseable {
    /** Told what changed on the remote. */
    @FunctionalInterface
    interface Listener {
        /**
         * @param tips the new values of the changed refs; empty when the source cannot tell (it has just
         *     started listening, and what changed before is unknown)
         */
        void changed(List<ObjectId> tips);
    }

    /** Starts listening; returns at once. */
    void start();

    /** Stops listening; nothing is told after it returns. */
    @Override
    void close();
}
