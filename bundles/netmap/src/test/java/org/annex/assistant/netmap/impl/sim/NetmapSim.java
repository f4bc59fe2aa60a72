package org.annex.assistant.netmap.impl.sim;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Random;

import org.annex.assistant.netmap.impl.plan.MinimumArborescence;
import org.annex.assistant.netmap.impl.plan.NetworkGraph;
import org.annex.assistant.netmap.impl.plan.ReferenceArborescences;
import org.annex.assistant.netmap.impl.plan.Replanner;
import org.annex.assistant.netmap.impl.plan.TransferPlan;
import org.annex.assistant.netmap.impl.plan.TransferPlanner;

/**
 * The simulator's table (bench/netmap-sim.sh): flood fill against the plan on the 20-repository reference
 * network and on generated ones of 100 and 1000, then the planner's speed at 1000 against the textbook
 * O(nm) Chu–Liu/Edmonds in the same run.
 */
public final class NetmapSim {
    static final long SIZE = 100_000_000L;
    static final int SLOTS = 2;

    private NetmapSim() {
    }

    static SimNetwork reference() throws IOException {
        try (InputStream in = NetmapSim.class.getResourceAsStream("/netmap/reference-20.net")) {
            return SimNetwork.read(in);
        }
    }

    static BitSet wanting(SimNetwork net) {
        BitSet w = new BitSet();
        for (int v = 0; v < net.size(); v++) {
            if (net.wants.get(v)) {
                w.set(v);
            }
        }
        return w;
    }

    static TransferPlan plan(SimNetwork net, NetworkGraph g) {
        BitSet holders = new BitSet();
        holders.set(net.origin);
        return TransferPlanner.plan(g, holders, wanting(net));
    }

    public static void main(String[] args) throws IOException {
        System.out.printf("content %d MB from one repository, %d transfer slots per repository%n", SIZE / 1_000_000, SLOTS);
        System.out.printf("%-14s %-6s %12s %12s %10s %9s%n", "network", "mode", "costly MB", "total MB", "seconds", "reached");
        row("reference-20", reference());
        row("random-100", SimNetwork.generate(100, 100));
        row("random-1000", SimNetwork.generate(1000, 1000));
        speed(SimNetwork.generate(1000, 1000));
    }

    private static void row(String name, SimNetwork net) {
        NetworkGraph g = net.graph();
        Simulation sim = new Simulation(net, SIZE, SLOTS);
        Simulation.Result flood = sim.flood();
        Simulation.Result planned = sim.follow(plan(net, g));
        print(name, "flood", flood);
        print(name, "plan", planned);
        System.out.printf("%-14s ratio plan/flood: costly bytes %.2f, total bytes %.2f, time %.2f%n", name,
                (double) planned.costlyBytes() / flood.costlyBytes(), (double) planned.totalBytes() / flood.totalBytes(),
                planned.seconds() / flood.seconds());
    }

    private static void print(String name, String mode, Simulation.Result r) {
        System.out.printf("%-14s %-6s %12d %12d %10.1f %5d/%d%n", name, mode, r.costlyBytes() / 1_000_000,
                r.totalBytes() / 1_000_000, r.seconds(), r.reached(), r.wanting());
    }

    /** Median milliseconds: planning, re-planning after one change that forces it, the textbook Edmonds. */
    private static void speed(SimNetwork net) {
        NetworkGraph g = net.graph();
        // Warm up for seconds, not a count of runs: on a loaded machine the JIT takes that long to settle.
        for (long end = System.nanoTime() + 5_000_000_000L; System.nanoTime() < end; ) {
            plan(net, g);
        }
        double[] planning = new double[31];
        for (int i = 0; i < planning.length; i++) {
            long t = System.nanoTime();
            plan(net, g);
            planning[i] = (System.nanoTime() - t) / 1e6;
        }
        BitSet holders = new BitSet();
        holders.set(net.origin);
        Replanner replanner = new Replanner(g, holders, wanting(net));
        Random random = new Random(1);
        double[] replanning = new double[201];
        for (int i = 0; i < replanning.length; i++) {
            int e;
            do {
                e = random.nextInt(g.edges());
            } while (!replanner.plan().uses(e)); // a link of the plan going down or dearer: always re-plans
            boolean down = i % 2 == 0;
            double weight = g.weight(e);
            long t = System.nanoTime();
            replanner.edgeChanged(e, down ? weight : 3 * weight, !down);
            replanning[i] = (System.nanoTime() - t) / 1e6;
            replanner.edgeChanged(e, weight, true);
        }
        int m = g.edges();
        int[] from = new int[m];
        int[] to = new int[m];
        double[] w = new double[m];
        for (int e = 0; e < m; e++) {
            from[e] = g.from(e);
            to[e] = g.to(e);
            w[e] = g.weight(e);
        }
        double[] textbook = new double[11];
        double[] tarjan = new double[11];
        for (int i = -20; i < textbook.length; i++) {
            long t = System.nanoTime();
            ReferenceArborescences.edmonds(g.nodes(), net.origin, from, to, w);
            long u = System.nanoTime();
            MinimumArborescence.enteringEdges(g.nodes(), net.origin, from, to, w);
            long v = System.nanoTime();
            if (i >= 0) {
                textbook[i] = (u - t) / 1e6;
                tarjan[i] = (v - u) / 1e6;
            }
        }
        System.out.printf("%n%d nodes, %d links (medians):%n", g.nodes(), m);
        System.out.printf("  plan (goal < 50 ms):                                  %8.2f ms%n", median(planning));
        System.out.printf("  re-plan after a plan link goes down or dearer (< 5 ms): %8.2f ms%n", median(replanning));
        System.out.printf("  one arborescence, Tarjan O(m log n):                   %8.2f ms%n", median(tarjan));
        System.out.printf("  one arborescence, textbook O(nm) Edmonds (reference):  %8.2f ms  (ratio %.1fx)%n",
                median(textbook), median(textbook) / median(tarjan));
    }

    private static double median(double[] xs) {
        double[] s = xs.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }
}
