package org.annex.assistant.netmap.impl.map;

import java.io.IOException;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Function;

import org.annex.assistant.api.annex.AnnexRepository;
import org.annex.assistant.api.concurrent.Coalescer;
import org.annex.assistant.api.event.EventSink;
import org.annex.assistant.api.event.Topics;
import org.annex.assistant.api.netmap.NetworkLink;
import org.annex.assistant.api.netmap.NetworkMap;
import org.annex.assistant.api.transfer.Direction;
import org.annex.assistant.netmap.impl.plan.Replanner;
import org.annex.assistant.netmap.impl.plan.TransferPlan;
import org.annex.assistant.netmap.impl.plan.TransferPlanner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One repository's network map: its own links (live) and the links every other repository published in
 * the git-annex branch ({@code annex-assistant/netmap.log}), so a clone learns remotes of remotes as far
 * as they are known. A refresh (coalesced: one at a time) re-reads both, publishes our line when it
 * changed, and re-plans; {@link Topics#NETWORK_MAP_CHANGED} says when the links or our next hops changed.
 */
public final class RepositoryMap implements NetworkMap {
    static final String LOG_NAME = "netmap";
    private static final Logger LOG = LoggerFactory.getLogger(RepositoryMap.class);

    private final AnnexRepository repository;
    private final EventSink events;
    private final OwnLinks own;
    private final Coalescer refreshes;
    /** Guarded by this: the graph the re-planner works on, the links as last read, the plan of sendTo. */
    private MapGraph map;
    private List<NetworkLink> links = List.of();
    private Replanner everyone;
    private boolean othersPublished;
    private List<String> problems = List.of();

    public RepositoryMap(AnnexRepository repository, EventSink events, ScheduledExecutorService scheduler) {
        this.repository = repository;
        this.events = events;
        this.own = new OwnLinks(repository);
        this.refreshes = new Coalescer(scheduler, 100, this::refreshLogged);
    }

    public AnnexRepository repository() {
        return repository;
    }

    public void requestRefresh() {
        refreshes.request();
    }

    public void close() {
        refreshes.close();
    }

    /** Routes the events the map follows: reachability, merges (others' links), our uploads' throughput. */
    public void handle(String topic, Function<String, Object> property) {
        switch (topic) {
            case Topics.REMOTE_REACHABLE -> {
                Object remote = property.apply(Topics.REMOTE);
                if (remote != null && own.setReachable(remote.toString(), Boolean.TRUE.equals(property.apply(Topics.REACHABLE)))) {
                    requestRefresh();
                }
            }
            case Topics.MERGED -> requestRefresh();
            case Topics.TRANSFER_STARTED, Topics.TRANSFER_DONE -> {
                if (!Direction.UPLOAD.dirName().equals(property.apply(Topics.DIRECTION))) {
                    return;
                }
                String remote = String.valueOf(property.apply(Topics.REMOTE));
                String key = String.valueOf(property.apply(Topics.KEY));
                if (topic.equals(Topics.TRANSFER_STARTED)) {
                    own.throughput().started(remote, key, System.nanoTime());
                } else if (property.apply(Topics.BYTES) instanceof Number bytes && own.throughput().done(remote, key,
                        Boolean.TRUE.equals(property.apply(Topics.OK)), bytes.longValue(), System.nanoTime())) {
                    requestRefresh();
                }
            }
            default -> { }
        }
    }

    private void refreshLogged() {
        try {
            refresh();
        } catch (IOException | RuntimeException e) {
            LOG.warn("network map of {}: {}", repository.workTree(), e.getMessage(), e);
        }
    }

    /** Reads the links, publishes ours if they changed, re-plans. Runs on the caller's thread. */
    public void refresh() throws IOException {
        List<String> found = new ArrayList<>();
        String self = repository.uuid();
        List<NetworkLink> mine = own.read(found);
        Map<String, String> published = repository.assistantLog(LOG_NAME);
        String line = NetworkLink.formatAll(mine);
        if (!line.equals(published.get(self))) {
            repository.setAssistantLog(LOG_NAME, line);
            repository.requestJournalCommit();
        }
        List<NetworkLink> all = new ArrayList<>(mine);
        boolean others = false;
        for (Map.Entry<String, String> e : published.entrySet()) {
            if (!e.getKey().equals(self)) {
                others = true;
                try {
                    all.addAll(NetworkLink.parseAll(e.getKey(), e.getValue(), found));
                } catch (IllegalArgumentException bad) {
                    found.add(bad.getMessage());
                }
            }
        }
        Set<String> nodes = new TreeSet<>(repository.repositories().keySet());
        nodes.add(self);
        MapGraph next = MapGraph.of(nodes, all);
        boolean changed;
        synchronized (this) {
            List<String> before = sendTo();
            boolean linksChanged = !next.links.equals(links);
            if (map != null && map.sameShape(next)) {
                for (int e = 0; e < next.links.size(); e++) {
                    NetworkLink l = next.links.get(e);
                    double w = MapGraph.weight(l);
                    if (w != map.graph.weight(e) || l.up() != map.graph.isUp(e)) {
                        everyone.edgeChanged(e, w, l.up());
                    }
                }
            } else {
                map = next;
                BitSet holder = new BitSet();
                holder.set(map.index.get(self));
                BitSet rest = new BitSet();
                rest.set(0, map.uuids.size());
                rest.andNot(holder);
                everyone = new Replanner(map.graph, holder, rest);
            }
            links = next.links;
            othersPublished = others;
            problems = List.copyOf(found);
            changed = linksChanged || !before.equals(sendTo());
        }
        for (String p : found) {
            LOG.debug("network map of {}: {}", repository.workTree(), p);
        }
        if (changed) {
            events.post(Topics.NETWORK_MAP_CHANGED, Map.of(Topics.REPOSITORY, repository.workTree().toString()));
        }
    }

    @Override
    public synchronized List<String> sendTo() {
        return everyone == null ? List.of() : hopsOf(everyone.plan());
    }

    @Override
    public Optional<List<String>> nextHops(Set<String> holders, Set<String> wanting) {
        synchronized (this) {
            if (!othersPublished) {
                return Optional.empty();
            }
            BitSet h = nodes(holders);
            if (h.isEmpty()) {
                return Optional.of(List.of());
            }
            return Optional.of(hopsOf(TransferPlanner.plan(map.graph, h, nodes(wanting))));
        }
    }

    @Override
    public synchronized List<NetworkLink> links() {
        return links;
    }

    /** Links that were left out (a remote's bad settings, a published word that did not parse). */
    public synchronized List<String> problems() {
        return problems;
    }

    /** Our children in the plan, as remote names, cheapest link first, ties by name (as the transfer queue
     * orders remotes). Call holding this. */
    private List<String> hopsOf(TransferPlan plan) {
        record Hop(double cost, String name) {
        }
        List<Hop> hops = new ArrayList<>();
        for (int v : plan.nextHops(map.index.get(repository.uuid()))) {
            double cost = map.graph.weight(plan.receivesOver(v));
            own.remoteName(map.uuids.get(v)).ifPresent(name -> hops.add(new Hop(cost, name)));
        }
        hops.sort(Comparator.comparingDouble(Hop::cost).thenComparing(Hop::name));
        return hops.stream().map(Hop::name).toList();
    }

    private BitSet nodes(Set<String> uuids) {
        BitSet s = new BitSet();
        for (String u : uuids) {
            Integer i = map.index.get(u);
            if (i != null) {
                s.set(i);
            }
        }
        return s;
    }

    @Override
    public synchronized String dot() {
        return map == null ? "digraph netmap {\n}\n" : MapDot.of(map, links, everyone.plan(), repository.uuid(),
                descriptions());
    }

    private Map<String, String> descriptions() {
        try {
            return repository.repositories();
        } catch (IOException e) {
            return Map.of();
        }
    }
}
