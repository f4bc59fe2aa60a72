package org.annex.assistant.netmap.impl;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.annex.assistant.api.annex.AnnexRepository;
import org.annex.assistant.api.concurrent.NamedThreads;
import org.annex.assistant.api.event.EventSink;
import org.annex.assistant.api.event.Topics;
import org.annex.assistant.api.netmap.NetworkMap;
import org.annex.assistant.netmap.impl.map.RepositoryMap;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Serves the network map of every {@link AnnexRepository}: one {@link RepositoryMap} each, registered as
 * that repository's {@link NetworkMap} service. Follows reachability, merges (other repositories' links
 * arrive with the git-annex branch) and uploads (throughput); re-reads the remotes on its one scheduler.
 */
@Component(immediate = true, service = EventHandler.class, configurationPid = NetworkMapComponent.PID, property = {
        EventConstants.EVENT_TOPIC + "=" + Topics.REMOTE_REACHABLE,
        EventConstants.EVENT_TOPIC + "=" + Topics.MERGED,
        EventConstants.EVENT_TOPIC + "=" + Topics.TRANSFER_STARTED,
        EventConstants.EVENT_TOPIC + "=" + Topics.TRANSFER_DONE})
@Designate(ocd = NetworkMapComponent.Config.class)
public class NetworkMapComponent implements EventHandler {
    public static final String PID = "org.annex.assistant.netmap";

    @ObjectClassDefinition(name = "annex-assistant network map", description = "The map of the repository network and the transfer plans drawn from it")
    public @interface Config {
        @AttributeDefinition(description = "Seconds between looks at the remotes' settings (git config, remote.log) besides the events")
        int refreshSeconds() default 60;
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile EventAdmin eventAdmin;

    /** Guarded by this. */
    private final List<AnnexRepository> repositories = new ArrayList<>();
    private final Map<Path, RepositoryMap> maps = new LinkedHashMap<>();
    private final Map<RepositoryMap, ServiceRegistration<NetworkMap>> registrations = new LinkedHashMap<>();
    private BundleContext context;
    private ScheduledExecutorService scheduler;
    private ScheduledFuture<?> periodic;

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    synchronized void bindRepository(AnnexRepository repository) {
        repositories.add(repository);
        if (context != null) {
            start(repository);
        }
    }

    synchronized void unbindRepository(AnnexRepository repository) {
        repositories.remove(repository);
        RepositoryMap m = maps.get(key(repository));
        if (m != null && m.repository() == repository) {
            stop(maps.remove(key(repository)));
        }
    }

    @Activate
    synchronized void activate(BundleContext context, Config c) {
        this.context = context;
        scheduler = NamedThreads.scheduler("netmap", 1);
        schedule(c);
        repositories.forEach(this::start);
    }

    @Modified
    synchronized void modified(Config c) {
        periodic.cancel(false);
        schedule(c);
    }

    @Deactivate
    synchronized void deactivate() {
        new ArrayList<>(maps.values()).forEach(this::stop);
        maps.clear();
        scheduler.shutdownNow();
        context = null;
    }

    @Override
    public void handleEvent(Event event) {
        Object repository = event.getProperty(Topics.REPOSITORY);
        List<RepositoryMap> targets;
        synchronized (this) {
            targets = new ArrayList<>();
            for (RepositoryMap m : maps.values()) {
                if (repository == null || key(m.repository()).equals(Path.of(repository.toString()).toAbsolutePath().normalize())) {
                    targets.add(m);
                }
            }
        }
        targets.forEach(m -> m.handle(event.getTopic(), event::getProperty));
    }

    private void schedule(Config c) {
        long seconds = Math.max(1, c.refreshSeconds());
        periodic = scheduler.scheduleWithFixedDelay(this::refreshAll, seconds, seconds, TimeUnit.SECONDS);
    }

    private synchronized void refreshAll() {
        maps.values().forEach(RepositoryMap::requestRefresh);
    }

    private void start(AnnexRepository repository) {
        RepositoryMap m = new RepositoryMap(repository, EventSink.to(() -> eventAdmin), scheduler);
        RepositoryMap old = maps.put(key(repository), m);
        if (old != null) {
            stop(old);
        }
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(AnnexRepository.PROP_PATH, repository.workTree().toString());
        props.put(AnnexRepository.PROP_UUID, repository.uuid());
        registrations.put(m, context.registerService(NetworkMap.class, m, props));
        m.requestRefresh();
    }

    private void stop(RepositoryMap m) {
        ServiceRegistration<NetworkMap> r = registrations.remove(m);
        if (r != null) {
            try {
                r.unregister();
            } catch (IllegalStateException e) {
                // Already gone with the bundle.
            }
        }
        m.close();
    }

    private static Path key(AnnexRepository repository) {
        return repository.workTree().toAbsolutePath().normalize();
    }
}
