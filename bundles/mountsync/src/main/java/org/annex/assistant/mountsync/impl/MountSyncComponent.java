package org.annex.assistant.mountsync.impl;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;

import org.annex.assistant.api.annex.AnnexRepository;
import org.annex.assistant.api.concurrent.NamedThreads;
import org.annex.assistant.api.event.EventSink;
import org.annex.assistant.api.event.Topics;
import org.annex.assistant.mountsync.FoundRepository;
import org.annex.assistant.mountsync.MountedRepositories;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;

/**
 * Serves every repository: listens to the mount watcher's {@code annex/mount/ADDED|REMOVED} (whichever
 * variant is running) and tells which remotes came and went ({@link MountSync}). The volume walk runs on
 * the component's one thread, in the order the mounts came, never on Event Admin's.
 */
@Component(immediate = true, service = { MountedRepositories.class, EventHandler.class },
        property = { EventConstants.EVENT_TOPIC + "=" + Topics.MOUNT_ADDED,
                EventConstants.EVENT_TOPIC + "=" + Topics.MOUNT_REMOVED })
public class MountSyncComponent implements MountedRepositories, EventHandler {
    private final List<AnnexRepository> repositories = new CopyOnWriteArrayList<>();

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile EventAdmin eventAdmin;

    private final MountSync sync = new MountSync(EventSink.to(() -> eventAdmin));
    private volatile ExecutorService worker;

    @Activate
    void activate() {
        worker = Executors.newSingleThreadExecutor(NamedThreads.factory("mountsync"));
    }

    @Deactivate
    void deactivate() {
        worker.shutdownNow();
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void bindRepository(AnnexRepository repository) {
        repositories.add(repository);
    }

    void unbindRepository(AnnexRepository repository) {
        repositories.remove(repository);
        run(() -> sync.forget(repository));
    }

    @Override
    public void handleEvent(Event event) {
        Object mountPoint = event.getProperty(Topics.MOUNT_POINT);
        if (mountPoint == null) {
            return;
        }
        List<AnnexRepository> served = new ArrayList<>(repositories);
        if (event.getTopic().equals(Topics.MOUNT_ADDED)) {
            run(() -> sync.mounted(mountPoint.toString(), String.valueOf(event.getProperty(Topics.FS_TYPE)), served));
        } else {
            run(() -> sync.unmounted(mountPoint.toString(), served));
        }
    }

    private void run(Runnable task) {
        ExecutorService w = worker;
        if (w != null) {
            try {
                w.execute(task);
            } catch (RejectedExecutionException e) {
                // Deactivated meanwhile.
            }
        }
    }

    @Override
    public List<FoundRepository> found() {
        return sync.found();
    }
}
