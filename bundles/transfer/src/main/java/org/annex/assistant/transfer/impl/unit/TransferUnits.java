package org.annex.assistant.transfer.impl.unit;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.function.Supplier;

import org.annex.assistant.api.annex.AnnexRepository;
import org.annex.assistant.api.event.EventSink;
import org.annex.assistant.api.event.Topics;
import org.annex.assistant.api.netmap.NetworkMap;
import org.annex.assistant.api.rate.RateController;
import org.annex.assistant.api.remote.RemoteFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@link RepositoryTransfers} per repository served, made when a repository comes and closed when it
 * goes, with the remote factories every one of them offers remotes to; events go to the repository they
 * name, or to all when they name none (network, mounts). What the transfer component is, without OSGi.
 */
public final class TransferUnits {
    private static final Logger LOG = LoggerFactory.getLogger(TransferUnits.class);

    /** Told when a repository's transfers start and stop (the component registers their queue then). */
    public interface Listener {
        void started(RepositoryTransfers unit);

        void stopped(RepositoryTransfers unit);
    }

    private final EventSink events;
    private final Listener listener;
    private final Supplier<RateController> rates;
    private final Function<Path, NetworkMap> networkMaps;
    private final List<RemoteFactory> factories = new CopyOnWriteArrayList<>();
    /** Guarded by this. */
    private final Map<Path, RepositoryTransfers> units = new LinkedHashMap<>();
    private volatile TransferSettings settings;

    /**
     * @param rates the rate controller now, or null (no limits)
     * @param networkMaps the network map of the repository at a (normalized) work tree now, or null (flood fill)
     */
    public TransferUnits(TransferSettings settings, EventSink events, Supplier<RateController> rates,
            Function<Path, NetworkMap> networkMaps, Listener listener) {
        this.settings = settings;
        this.networkMaps = networkMaps;
        this.events = events;
        this.rates = rates;
        this.listener = listener;
    }

    public void addRepository(AnnexRepository repository) {
        RepositoryTransfers unit;
        try {
            unit = new RepositoryTransfers(repository, settings, events, factories, rates, () -> networkMap(repository));
        } catch (IOException | RuntimeException e) {
            LOG.error("cannot serve transfers of {}: {}", repository.workTree(), e.getMessage(), e);
            return;
        }
        RepositoryTransfers old;
        synchronized (this) {
            old = units.put(key(repository.workTree()), unit);
        }
        if (old != null) {
            stop(old);
        }
        unit.start();
        listener.started(unit);
    }

    public void removeRepository(AnnexRepository repository) {
        RepositoryTransfers unit;
        synchronized (this) {
            unit = units.get(key(repository.workTree()));
            if (unit == null || unit.repository() != repository) {
                return;
            }
            units.remove(key(repository.workTree()));
        }
        stop(unit);
    }

    public void addFactory(RemoteFactory f) {
        factories.add(f);
        all().forEach(u -> u.addFactory(f));
    }

    public void removeFactory(RemoteFactory f) {
        factories.remove(f);
        all().forEach(u -> u.removeFactory(f));
    }

    public void modified(TransferSettings s) {
        settings = s;
        all().forEach(u -> u.setSlots(s.slots(), s.smallFileSlots()));
    }

    /** Routes an event to the repository it names ({@link Topics#REPOSITORY}), or to every one. */
    public void handle(String topic, Function<String, Object> property) {
        Object repository = property.apply(Topics.REPOSITORY);
        if (repository == null) {
            all().forEach(u -> u.handle(topic, property));
        } else {
            unit(Path.of(repository.toString())).ifPresent(u -> u.handle(topic, property));
        }
    }

    public synchronized Optional<RepositoryTransfers> unit(Path workTree) {
        return Optional.ofNullable(units.get(key(workTree)));
    }

    public void close() {
        List<RepositoryTransfers> closing;
        synchronized (this) {
            closing = new ArrayList<>(units.values());
            units.clear();
        }
        closing.forEach(this::stop);
    }

    /** The map to plan this repository's uploads by, as the settings are now: null when flooding. */
    private NetworkMap networkMap(AnnexRepository repository) {
        return settings.planning() == TransferSettings.Planning.MAP ? networkMaps.apply(key(repository.workTree())) : null;
    }

    private synchronized List<RepositoryTransfers> all() {
        return new ArrayList<>(units.values());
    }

    private void stop(RepositoryTransfers unit) {
        listener.stopped(unit);
        unit.close();
    }

    /** A work tree as the units and the network maps are keyed by. */
    public static Path key(Path workTree) {
        return workTree.toAbsolutePath().normalize();
    }
}
