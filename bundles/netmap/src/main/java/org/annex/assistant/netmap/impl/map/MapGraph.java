package org.annex.assistant.netmap.impl.map;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import org.annex.assistant.api.netmap.NetworkLink;
import org.annex.assistant.netmap.impl.plan.LinkCost;
import org.annex.assistant.netmap.impl.plan.NetworkGraph;

/**
 * The map as the planner's graph: repositories (uuids, sorted) as nodes, links as edges numbered in the
 * order given, each weighted by {@link LinkCost}. Two maps of the same shape (same nodes, same links in
 * the same order) differ only in costs and states, which the re-planner takes edge by edge.
 */
final class MapGraph {
    final List<String> uuids;
    final Map<String, Integer> index = new HashMap<>();
    final List<NetworkLink> links;
    final NetworkGraph graph;

    private MapGraph(List<String> uuids, List<NetworkLink> links) {
        this.uuids = uuids;
        for (int i = 0; i < uuids.size(); i++) {
            index.put(uuids.get(i), i);
        }
        this.links = links;
        this.graph = new NetworkGraph(Math.max(1, uuids.size()));
        for (NetworkLink l : links) {
            int e = graph.addEdge(index.get(l.from()), index.get(l.to()), weight(l));
            graph.setUp(e, l.up());
        }
    }

    /** The map of these repositories and links; a link's ends are nodes too; a later (from, to) wins. */
    static MapGraph of(Collection<String> repositories, List<NetworkLink> links) {
        Map<String, NetworkLink> unique = new LinkedHashMap<>();
        TreeSet<String> nodes = new TreeSet<>(repositories);
        for (NetworkLink l : links) {
            if (!l.from().equals(l.to())) {
                unique.put(l.from() + ' ' + l.to(), l);
                nodes.add(l.from());
                nodes.add(l.to());
            }
        }
        List<NetworkLink> sorted = new ArrayList<>(unique.values());
        sorted.sort((a, b) -> (a.from() + ' ' + a.to()).compareTo(b.from() + ' ' + b.to()));
        return new MapGraph(new ArrayList<>(nodes), sorted);
    }

    static double weight(NetworkLink l) {
        return LinkCost.of(l.annexCost(), l.metered(), l.bytesPerSecond(), 0);
    }

    boolean sameShape(MapGraph other) {
        if (!uuids.equals(other.uuids) || links.size() != other.links.size()) {
            return false;
        }
        for (int i = 0; i < links.size(); i++) {
            NetworkLink a = links.get(i);
            NetworkLink b = other.links.get(i);
            if (!a.from().equals(b.from()) || !a.to().equals(b.to())) {
                return false;
            }
        }
        return true;
    }
}
