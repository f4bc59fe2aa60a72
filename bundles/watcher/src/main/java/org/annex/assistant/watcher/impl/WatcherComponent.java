package org.annex.assistant.watcher.impl;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;

import org.annex.assistant.api.annex.AnnexRepository;
import org.annex.assistant.api.concurrent.NamedThreads;
import org.annex.assistant.api.event.EventSink;
import org.annex.assistant.watcher.WatchStatus;
import org.annex.assistant.watcher.WorkTreeWatchers;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One watcher per {@link AnnexRepository} service: each repository the launcher configures is watched. */
@Component(immediate = true, service = WorkTreeWatchers.class, configurationPid = "org.annex.assistant.watcher")
@Designate(ocd = WatcherComponent.Config.class)
public class WatcherComponent implements WorkTreeWatchers {
    private static final Logger LOG = LoggerFactory.getLogger(WatcherComponent.class);

    @ObjectClassDefinition(name = "annex-assistant work-tree watcher",
            description = "Adds, removes and moves files of the watched repositories and batches commits.")
    public @interface Config {
        @AttributeDefinition(name = "Settle time (ms)",
                description = "How long a file must be closed and quiet before it is added.")
        long settleMillis() default 20;

        @AttributeDefinition(name = "Batch window (ms)",
                description = "A commit is made when no change came for this long.")
        long batchWindowMillis() default 20;

        @AttributeDefinition(name = "Burst batch window (ms)",
                description = "The same while many changes are waiting (a burst), so that it becomes few commits.")
        long burstWindowMillis() default 1000;

        @AttributeDefinition(name = "Longest batch (s)",
                description = "While changes keep coming, a commit is made at least this often.")
        long maxBatchSeconds() default 10;

        @AttributeDefinition(name = "Rescan interval (s)",
                description = "How often directories without an inotify watch (limit reached) are scanned.")
        long rescanIntervalSeconds() default 60;
    }

    private final Map<AnnexRepository, RepositoryWatcher> watchers = new HashMap<>();
    private final List<AnnexRepository> repositories = new ArrayList<>();
    private volatile EventAdmin eventAdmin;
    private RepositoryWatcher.Settings settings;
    /** The periodic scans of unwatched directories and the busy ticks of every repository's watcher. */
    private ScheduledExecutorService scheduler;
    private boolean active;

    @Activate
    synchronized void activate(Config config) {
        settings = settings(config);
        scheduler = NamedThreads.scheduler("watcher", 1);
        active = true;
        for (AnnexRepository r : repositories) {
            startWatcher(r);
        }
    }

    @Modified
    synchronized void modified(Config config) {
        settings = settings(config);
        for (AnnexRepository r : new ArrayList<>(watchers.keySet())) {
            stopWatcher(r);
            startWatcher(r);
        }
    }

    @Deactivate
    synchronized void deactivate() {
        active = false;
        for (AnnexRepository r : new ArrayList<>(watchers.keySet())) {
            stopWatcher(r);
        }
        scheduler.shutdownNow();
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    synchronized void bindRepository(AnnexRepository repository) {
        repositories.add(repository);
        if (active) {
            startWatcher(repository);
        }
    }

    synchronized void unbindRepository(AnnexRepository repository) {
        repositories.remove(repository);
        stopWatcher(repository);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void setEventAdmin(EventAdmin eventAdmin) {
        this.eventAdmin = eventAdmin;
    }

    void unsetEventAdmin(EventAdmin eventAdmin) {
        if (this.eventAdmin == eventAdmin) {
            this.eventAdmin = null;
        }
    }

    @Override
    public synchronized List<WatchStatus> status() {
        List<WatchStatus> out = new ArrayList<>();
        for (RepositoryWatcher w : watchers.values()) {
            out.add(w.status());
        }
        return out;
    }

    private void startWatcher(AnnexRepository repository) {
        try {
            RepositoryWatcher w = new RepositoryWatcher(repository, settings, EventSink.to(() -> eventAdmin),
                    scheduler);
            watchers.put(repository, w);
            w.start();
        } catch (IOException | RuntimeException e) {
            LOG.error("cannot watch {}: {}", repository.workTree(), e.toString(), e);
        }
    }

    private void stopWatcher(AnnexRepository repository) {
        RepositoryWatcher w = watchers.remove(repository);
        if (w != null) {
            w.close();
        }
    }

    static RepositoryWatcher.Settings settings(Config config) {
        RepositoryWatcher.Settings s = new RepositoryWatcher.Settings();
        s.settleMillis = config.settleMillis();
        s.batchWindowMillis = config.batchWindowMillis();
        s.burstWindowMillis = config.burstWindowMillis();
        s.maxBatchMillis = config.maxBatchSeconds() * 1000;
        s.rescanIntervalMillis = config.rescanIntervalSeconds() * 1000;
        return s;
    }
}
