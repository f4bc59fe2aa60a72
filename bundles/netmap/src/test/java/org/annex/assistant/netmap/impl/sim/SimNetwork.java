package org.annex.assistant.netmap.impl.sim;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.annex.assistant.netmap.impl.plan.LinkCost;
import org.annex.assistant.netmap.impl.plan.NetworkGraph;

/**
 * A network for the simulator: repositories (wanting the content or not) and the links between them as
 * git remotes are set up (a link a → b: a has b as a remote), each with annex-cost, bandwidth, latency and
 * whether it is metered. Read from a file ({@code reference-20.net}) or generated.
 */
final class SimNetwork {
    /** Links at least this dear (git-annex's cost for an ssh remote), or metered, cost money or time. */
    static final double COSTLY = 200;

    record Link(int from, int to, double annexCost, double bytesPerSecond, double latencySeconds, boolean metered) {
        boolean costly() {
            return metered || annexCost >= COSTLY;
        }
    }

    final List<String> names = new ArrayList<>();
    final List<Boolean> wants = new ArrayList<>();
    final List<Link> links = new ArrayList<>();
    private final Map<String, Integer> index = new HashMap<>();
    int origin;

    int size() {
        return names.size();
    }

    int addNode(String name, boolean wanting) {
        if (index.containsKey(name)) {
            throw new IllegalArgumentException("node " + name + " is defined twice");
        }
        index.put(name, names.size());
        names.add(name);
        wants.add(wanting);
        return names.size() - 1;
    }

    /** The planner's graph: one edge per link, numbered as the links are. */
    NetworkGraph graph() {
        NetworkGraph g = new NetworkGraph(size());
        for (Link l : links) {
            g.addEdge(l.from, l.to, LinkCost.of(l.annexCost, l.metered, l.bytesPerSecond, 1000 * l.latencySeconds));
        }
        return g;
    }

    /**
     * Reads lines {@code node NAME want|relay}, {@code link A>B|A-B cost=C mbps=M ms=L [metered]}
     * ({@code A-B} is both directions: each a remote of the other), {@code origin NAME}; {@code #} starts a comment.
     */
    static SimNetwork read(InputStream in) throws IOException {
        SimNetwork net = new SimNetwork();
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        String line;
        int number = 0;
        String origin = null;
        while ((line = r.readLine()) != null) {
            number++;
            String[] w = line.replaceFirst("#.*", "").trim().split("\\s+");
            try {
                switch (w[0]) {
                    case "" -> { }
                    case "node" -> net.addNode(w[1], switch (w[2]) {
                        case "want" -> true;
                        case "relay" -> false;
                        default -> throw new IllegalArgumentException("want or relay, not " + w[2]);
                    });
                    case "link" -> net.parseLinks(w);
                    case "origin" -> origin = w[1];
                    default -> throw new IllegalArgumentException("unknown line");
                }
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("line " + number + " (" + line + "): " + e.getMessage(), e);
            }
        }
        if (origin == null) {
            throw new IllegalArgumentException("no origin line");
        }
        net.origin = net.node(origin);
        return net;
    }

    private void parseLinks(String[] w) {
        Map<String, String> props = new HashMap<>();
        boolean metered = false;
        for (int i = 2; i < w.length; i++) {
            if (w[i].equals("metered")) {
                metered = true;
            } else {
                String[] kv = w[i].split("=", 2);
                if (kv.length != 2) {
                    throw new IllegalArgumentException("key=value or metered, not " + w[i]);
                }
                props.put(kv[0], kv[1]);
            }
        }
        double cost = number(props, "cost");
        double bytesPerSecond = number(props, "mbps") * 1e6 / 8;
        double latency = number(props, "ms") / 1000;
        String[] both = w[1].split("-", 2);
        String[] oneWay = w[1].split(">", 2);
        if (both.length == 2) {
            links.add(new Link(node(both[0]), node(both[1]), cost, bytesPerSecond, latency, metered));
            links.add(new Link(node(both[1]), node(both[0]), cost, bytesPerSecond, latency, metered));
        } else if (oneWay.length == 2) {
            links.add(new Link(node(oneWay[0]), node(oneWay[1]), cost, bytesPerSecond, latency, metered));
        } else {
            throw new IllegalArgumentException("a link is A-B (both ways) or A>B, not " + w[1]);
        }
    }

    private static double number(Map<String, String> props, String key) {
        String v = props.get(key);
        if (v == null) {
            throw new IllegalArgumentException("missing " + key + "=");
        }
        return Double.parseDouble(v);
    }

    private int node(String name) {
        Integer i = index.get(name);
        if (i == null) {
            throw new IllegalArgumentException("unknown node " + name);
        }
        return i;
    }

    /**
     * Sites of 4 to 16 repositories on a LAN (each a remote of each: gigabit, annex-cost 100), and each
     * repository with two remotes at other sites (annex-cost 200, 10 to 100 Mbit/s, 20 to 80 ms, one in
     * ten metered), both ways, as clones made from each other are. 85% of the repositories want the
     * content; the others are relays (git-annex's "transfer" group).
     */
    static SimNetwork generate(int n, long seed) {
        Random random = new Random(seed);
        SimNetwork net = new SimNetwork();
        List<int[]> sites = new ArrayList<>();
        while (net.size() < n) {
            int size = Math.min(n - net.size(), 4 + random.nextInt(13));
            int first = net.size();
            for (int i = 0; i < size; i++) {
                net.addNode("s" + sites.size() + "n" + i, random.nextDouble() < 0.85);
            }
            sites.add(new int[] {first, first + size});
            for (int a = first; a < first + size; a++) {
                for (int b = first; b < first + size; b++) {
                    if (a != b) {
                        net.links.add(new Link(a, b, 100, 125e6, 0.001, false));
                    }
                }
            }
        }
        for (int[] site : sites) {
            for (int a = site[0]; a < site[1] && sites.size() > 1; a++) {
                for (int k = 0; k < 2; k++) {
                    int b;
                    do {
                        b = random.nextInt(n);
                    } while (b >= site[0] && b < site[1]);
                    double bytesPerSecond = (10 + random.nextInt(91)) * 1e6 / 8;
                    double latency = (20 + random.nextInt(61)) / 1000.0;
                    boolean metered = random.nextInt(10) == 0;
                    net.links.add(new Link(a, b, 200, bytesPerSecond, latency, metered));
                    net.links.add(new Link(b, a, 200, bytesPerSecond, latency, metered));
                }
            }
        }
        net.origin = 0;
        net.wants.set(0, true);
        return net;
    }
}
