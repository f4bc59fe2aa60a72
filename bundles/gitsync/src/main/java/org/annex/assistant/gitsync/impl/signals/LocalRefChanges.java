package org.annex.assistant.gitsync.impl.signals;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;

import org.annex.assistant.api.annex.AnnexRefs;
import org.annex.assistant.api.event.EventSink;
import org.annex.assistant.gitsync.impl.refs.RefWatcher;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Changes of a remote on a local path, seen as gitsync sees what arrives in our own repository: a
 * {@link RefWatcher} (inotify on the ref folders and packed-refs, with the poll as safety net) on the
 * branches other clones push to. In a bare remote that is every branch; in a non-bare one only
 * {@code synced/}: its own branches move with its own work (its commits, its journal commits), which its
 * daemon or {@code git annex sync} there pushes to us anyway, and a fetch after each of its commits would
 * only race that push.
 */
final class LocalRefChanges implements ChangeSource {
    private static final Logger LOG = LoggerFactory.getLogger(LocalRefChanges.class);

    private final Repository remote;
    private final String description;
    private final Listener listener;
    private final String prefix;
    private final RefWatcher watcher;

    /**
     * @param remote the remote's repository (core's {@code NeighbourRepositories}: shared, never closed here)
     * @param description names the remote in logs and the watch thread ("repository/remote")
     */
    LocalRefChanges(Repository remote, String description, ScheduledExecutorService scheduler, Duration pollInterval,
            Listener listener) {
        this.remote = remote;
        this.description = description;
        this.listener = listener;
        this.prefix = remote.isBare() ? Constants.R_HEADS : AnnexRefs.SYNCED_HEADS;
        this.watcher = new RefWatcher(remote, description, description, List.of(prefix), scheduler,
                pollInterval, EventSink.NONE, () -> false, changed -> {
                    if (!changed.isEmpty()) {
                        listener.changed(tips(changed));
                    }
                });
    }

    /** Watches from now on, and tells the branches there are now (what changed while nobody watched). */
    @Override
    public void start() {
        watcher.start();
        List<ObjectId> now = tips(List.of());
        if (!now.isEmpty()) {
            listener.changed(now);
        }
    }

    /** The values of the named branches of the remote; with no names, of all those watched. */
    private List<ObjectId> tips(List<String> names) {
        List<ObjectId> tips = new ArrayList<>();
        try {
            List<Ref> refs = names.isEmpty() ? remote.getRefDatabase().getRefsByPrefix(prefix) : new ArrayList<>();
            for (String name : names) {
                Ref r = remote.exactRef(name);
                if (r != null) {
                    refs.add(r);
                }
            }
            for (Ref r : refs) {
                if (r.getObjectId() != null) {
                    tips.add(r.getObjectId());
                }
            }
        } catch (IOException e) {
            LOG.warn("{}: cannot read the remote's refs: {}", description, e.getMessage());
        }
        return tips;
    }

    @Override
    public void close() {
        watcher.close();
    }
}
