package org.annex.assistant.netmap.impl.plan;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Random;

import org.junit.Test;

public class TransferPlannerTest {
    /** Checks the plan is a forest from the holders over up edges, and returns the nodes it reaches. */
    private static BitSet checkForest(NetworkGraph g, TransferPlan plan, BitSet holders) {
        BitSet reached = (BitSet) holders.clone();
        for (int v = 0; v < g.nodes(); v++) {
            int e = plan.receivesOver(v);
            if (holders.get(v)) {
                assertEquals("a holder receives nothing", -1, e);
                continue;
            }
            if (e < 0) {
                continue;
            }
            assertEquals(v, g.to(e));
            assertTrue("edge " + e + " is up", g.isUp(e));
            int u = v;
            for (int steps = 0; !holders.get(u); steps++) {
                assertTrue("a cycle through " + v, steps <= g.nodes());
                assertTrue("node " + u + " on the way to " + v + " is in the plan", plan.receivesOver(u) >= 0);
                u = g.from(plan.receivesOver(u));
            }
            reached.set(v);
        }
        return reached;
    }

    /** The least cost of any tree from the holders reaching every needed node: every set of relays tried,
     * each with every arborescence over it enumerated. */
    private static double exactSteiner(NetworkGraph g, BitSet holders, BitSet needed) {
        List<Integer> others = new ArrayList<>();
        for (int v = 0; v < g.nodes(); v++) {
            if (!needed.get(v)) {
                others.add(v);
            }
        }
        double best = Double.POSITIVE_INFINITY;
        for (int mask = 0; mask < 1 << others.size(); mask++) {
            BitSet span = (BitSet) needed.clone();
            for (int i = 0; i < others.size(); i++) {
                if ((mask >> i & 1) != 0) {
                    span.set(others.get(i));
                }
            }
            best = Math.min(best, bruteForceOver(g, span, holders));
        }
        return best;
    }

    private static double bruteForceOver(NetworkGraph g, BitSet span, BitSet holders) {
        int[] local = new int[g.nodes()];
        int k = 0;
        for (int v = 0; v < g.nodes(); v++) {
            local[v] = span.get(v) ? k++ : -1;
        }
        List<int[]> edges = new ArrayList<>();
        List<Double> weights = new ArrayList<>();
        for (int e = 0; e < g.edges(); e++) {
            if (g.isUp(e) && local[g.from(e)] >= 0 && local[g.to(e)] >= 0 && !holders.get(g.to(e))) {
                edges.add(new int[] {local[g.from(e)], local[g.to(e)]});
                weights.add(g.weight(e));
            }
        }
        for (int h = holders.nextSetBit(0); h >= 0; h = holders.nextSetBit(h + 1)) {
            edges.add(new int[] {k, local[h]});
            weights.add(0.0);
        }
        int[] from = edges.stream().mapToInt(x -> x[0]).toArray();
        int[] to = edges.stream().mapToInt(x -> x[1]).toArray();
        double[] weight = weights.stream().mapToDouble(Double::doubleValue).toArray();
        return ReferenceArborescences.bruteForce(k + 1, k, from, to, weight);
    }

    private static BitSet reachable(NetworkGraph g, BitSet holders) {
        return TransferPlanner.reach(g, holders, null);
    }

    @Test
    public void reachesEveryReachableWantingNodeAndCostsNoLessThanTheExactOptimum() {
        Random random = new Random(20);
        int optimal = 0;
        int rounds = 400;
        for (int round = 0; round < rounds; round++) {
            int n = 3 + random.nextInt(5);
            NetworkGraph g = RandomNetworks.connected(random, n, random.nextInt(3 * n), 1 + random.nextInt(9));
            for (int e = 0; e < g.edges(); e++) {
                g.setUp(e, random.nextInt(5) > 0);
            }
            BitSet holders = RandomNetworks.of(0);
            if (random.nextBoolean()) {
                holders.set(1 + random.nextInt(n - 1));
            }
            BitSet wanting = RandomNetworks.subset(random, n, 0.6);
            TransferPlan plan = TransferPlanner.plan(g, holders, wanting);

            BitSet reached = checkForest(g, plan, holders);
            BitSet reachableWanting = (BitSet) wanting.clone();
            reachableWanting.and(reachable(g, holders));
            BitSet missed = (BitSet) reachableWanting.clone();
            missed.andNot(reached);
            assertTrue("round " + round + ": wanting nodes " + missed + " have a path but no plan", missed.isEmpty());
            BitSet unreachable = (BitSet) wanting.clone();
            unreachable.andNot(reachableWanting);
            assertEquals(unreachable, plan.unreachable());

            BitSet needed = (BitSet) reachableWanting.clone();
            needed.or(holders);
            double exact = exactSteiner(g, holders, needed);
            assertTrue("round " + round + ": " + plan.cost() + " below the optimum " + exact, plan.cost() >= exact);
            if (plan.cost() == exact) {
                optimal++;
            }
        }
        // The heuristic's quality on these graphs (not a correctness bound): it finds the optimum in
        // most rounds. Seeded, so a change to the planner that makes it worse shows here.
        assertTrue(optimal + " of " + rounds + " optimal", optimal >= rounds * 9 / 10);
    }

    @Test
    public void whenEveryNodeWantsItThePlanIsTheMinimumSpanningArborescence() {
        Random random = new Random(21);
        for (int round = 0; round < 300; round++) {
            int n = 2 + random.nextInt(6);
            NetworkGraph g = RandomNetworks.connected(random, n, random.nextInt(3 * n), 9);
            BitSet all = new BitSet();
            all.set(0, n);
            TransferPlan plan = TransferPlanner.plan(g, RandomNetworks.of(0), all);
            assertEquals("round " + round, exactSteiner(g, RandomNetworks.of(0), all), plan.cost(), 0);
        }
    }

    @Test
    public void aRelayThatWantsNothingCarriesContentOverTheCheapPath() {
        // 0 → 2 costs 100; 0 → 1 → 2 costs 2, through 1, which wants nothing.
        NetworkGraph g = new NetworkGraph(3);
        g.addEdge(0, 2, 100);
        int toRelay = g.addEdge(0, 1, 1);
        int fromRelay = g.addEdge(1, 2, 1);
        TransferPlan plan = TransferPlanner.plan(g, RandomNetworks.of(0), RandomNetworks.of(2));
        assertEquals(toRelay, plan.receivesOver(1));
        assertEquals(fromRelay, plan.receivesOver(2));
        assertEquals(List.of(1), plan.nextHops(0));
        assertEquals(List.of(2), plan.nextHops(1));
        assertEquals(2, plan.cost(), 0);
    }

    @Test
    public void aRelayLeadingNowhereWantedIsLeftOut() {
        NetworkGraph g = new NetworkGraph(3);
        int direct = g.addEdge(0, 2, 5);
        g.addEdge(0, 1, 1);
        TransferPlan plan = TransferPlanner.plan(g, RandomNetworks.of(0), RandomNetworks.of(2));
        assertEquals(-1, plan.receivesOver(1));
        assertEquals(direct, plan.receivesOver(2));
    }

    @Test
    public void aNodeWithoutAnUpPathIsReportedNotPlanned() {
        NetworkGraph g = new NetworkGraph(3);
        int e = g.addEdge(0, 1, 1);
        g.addEdge(1, 2, 1);
        g.setUp(e, false);
        TransferPlan plan = TransferPlanner.plan(g, RandomNetworks.of(0), RandomNetworks.of(1, 2));
        assertEquals(RandomNetworks.of(1, 2), plan.unreachable());
        assertEquals(0, plan.cost(), 0);
    }
}
