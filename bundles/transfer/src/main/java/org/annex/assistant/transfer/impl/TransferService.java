package org.annex.assistant.transfer.impl;

import java.nio.file.Path;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.annex.assistant.api.annex.AnnexRepository;
import org.annex.assistant.api.event.EventSink;
import org.annex.assistant.api.event.Topics;
import org.annex.assistant.api.netmap.NetworkMap;
import org.annex.assistant.api.rate.RateController;
import org.annex.assistant.api.remote.RemoteFactory;
import org.annex.assistant.api.transfer.TransferQueue;
import org.annex.assistant.transfer.impl.unit.RepositoryTransfers;
import org.annex.assistant.transfer.impl.unit.TransferSettings;
import org.annex.assistant.transfer.impl.unit.TransferUnits;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the transfers of every {@link AnnexRepository}: one {@link RepositoryTransfers} each, registered as
 * that repository's {@link TransferQueue} service (with its {@link AnnexRepository#PROP_PATH}). Listens to
 * work-tree commits, received refs, merges, network and mount changes and reachability; not to our own
 * journal commits (ANNEX_BRANCH_COMMITTED), which record what a scan already decided.
 */
@Component(immediate = true, service = EventHandler.class, configurationPid = TransferService.PID, property = {
        EventConstants.EVENT_TOPIC + "=" + Topics.WORKTREE_COMMITTED,
        EventConstants.EVENT_TOPIC + "=" + Topics.REF_RECEIVED,
        EventConstants.EVENT_TOPIC + "=" + Topics.MERGED,
        EventConstants.EVENT_TOPIC + "=" + Topics.NETWORK_CHANGED,
        EventConstants.EVENT_TOPIC + "=" + Topics.MOUNT_ADDED,
        EventConstants.EVENT_TOPIC + "=" + Topics.REMOTE_REACHABLE,
        EventConstants.EVENT_TOPIC + "=" + Topics.REMOTE_MOUNTED,
        EventConstants.EVENT_TOPIC + "=" + Topics.REMOTE_UNMOUNTED})
@Designate(ocd = TransferService.Config.class)
public class TransferService implements EventHandler {
    private static final Logger LOG = LoggerFactory.getLogger(TransferService.class);
    public static final String PID = "org.annex.assistant.transfer";

    @ObjectClassDefinition(name = "annex-assistant transfers", description = "Transfer queue and scanner")
    public @interface Config {
        @AttributeDefinition(description = "Transfers that run at the same time")
        int slots() default 2;

        @AttributeDefinition(description = "More transfers of files under 1 MiB that may run besides those (a burst of "
                + "small files is bound by each one's latency, not by bandwidth)")
        int smallFileSlots() default 4;

        @AttributeDefinition(description = "Seconds before a failed transfer is first retried (doubling after each failure)")
        int retrySeconds() default 60;

        @AttributeDefinition(description = "Minutes between periodic scans of all remotes")
        int scanIntervalMinutes() default 60;

        @AttributeDefinition(description = "Minutes a remote may stay unreachable before it is scanned again")
        int unreachableRescanMinutes() default 10;

        // flood by default until relays are proven end to end (four daemons; a relay that downloaded a key
        // forwards it only at its next scan today): map can leave content waiting at a relay.
        @AttributeDefinition(description = "How uploads choose remotes: flood (every remote that wants the content, "
                + "as git-annex does) or map (along the network map's minimum-cost plan, relays included; flood fill "
                + "while there is no map yet)")
        String planning() default "flood";
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile EventAdmin eventAdmin;

    /** The speed knob, looked up at each transfer's start; without one, transfers run at full speed. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile RateController rateController;

    /** Each repository's network map (by its normalized work tree), asked at each scan's start; none: flood fill. */
    private final Map<Path, NetworkMap> networkMaps = new ConcurrentHashMap<>();

    /** What DS bound before activation (and since), handed to the units once they exist. */
    private final List<AnnexRepository> repositories = new CopyOnWriteArrayList<>();
    private final List<RemoteFactory> factories = new CopyOnWriteArrayList<>();
    private final Map<RepositoryTransfers, ServiceRegistration<TransferQueue>> registrations = new ConcurrentHashMap<>();
    private volatile TransferUnits units;

    static TransferSettings settings(Config c) {
        TransferSettings.Planning planning;
        try {
            planning = TransferSettings.Planning.parse(c.planning());
        } catch (IllegalArgumentException e) {
            LOG.error("{} in {}; flood fill", e.getMessage(), PID);
            planning = TransferSettings.Planning.FLOOD;
        }
        return new TransferSettings(c.slots(), c.smallFileSlots(), c.retrySeconds() * 1000L, c.scanIntervalMinutes(),
                c.unreachableRescanMinutes(), planning);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void bindNetworkMap(NetworkMap map, Map<String, Object> properties) {
        Object path = properties.get(AnnexRepository.PROP_PATH);
        if (path != null) {
            networkMaps.put(TransferUnits.key(Path.of(path.toString())), map);
        }
    }

    void unbindNetworkMap(NetworkMap map, Map<String, Object> properties) {
        Object path = properties.get(AnnexRepository.PROP_PATH);
        if (path != null) {
            networkMaps.remove(TransferUnits.key(Path.of(path.toString())), map);
        }
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    synchronized void bindRepository(AnnexRepository repository) {
        repositories.add(repository);
        if (units != null) {
            units.addRepository(repository);
        }
    }

    synchronized void unbindRepository(AnnexRepository repository) {
        repositories.remove(repository);
        if (units != null) {
            units.removeRepository(repository);
        }
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    synchronized void bindRemoteFactory(RemoteFactory f) {
        factories.add(f);
        if (units != null) {
            units.addFactory(f);
        }
    }

    synchronized void unbindRemoteFactory(RemoteFactory f) {
        factories.remove(f);
        if (units != null) {
            units.removeFactory(f);
        }
    }

    @Activate
    synchronized void activate(BundleContext context, Config c) {
        units = new TransferUnits(settings(c), EventSink.to(() -> eventAdmin), () -> rateController, networkMaps::get, new TransferUnits.Listener() {
            @Override
            public void started(RepositoryTransfers unit) {
                Dictionary<String, Object> props = new Hashtable<>();
                props.put(AnnexRepository.PROP_PATH, unit.repository().workTree().toString());
                props.put(AnnexRepository.PROP_UUID, unit.repository().uuid());
                registrations.put(unit, context.registerService(TransferQueue.class, unit, props));
            }

            @Override
            public void stopped(RepositoryTransfers unit) {
                ServiceRegistration<TransferQueue> r = registrations.remove(unit);
                if (r != null) {
                    try {
                        r.unregister();
                    } catch (IllegalStateException e) {
                        // Already gone with the bundle.
                    }
                }
            }
        });
        factories.forEach(units::addFactory);
        repositories.forEach(units::addRepository);
    }

    @Modified
    void modified(Config c) {
        units.modified(settings(c));
    }

    @Deactivate
    void deactivate() {
        TransferUnits u;
        synchronized (this) {
            u = units;
            units = null;
        }
        u.close();
    }

    @Override
    public void handleEvent(Event event) {
        TransferUnits u = units;
        if (u != null) {
            u.handle(event.getTopic(), event::getProperty);
        }
    }
}
