package org.annex.assistant.netmap.impl.plan;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.BitSet;
import java.util.Random;

import org.junit.Test;

public class ReplannerTest {
    @Test
    public void afterEveryChangeThePlanCostsWhatAFreshPlanCosts() {
        Random random = new Random(5);
        int n = 300;
        NetworkGraph g = RandomNetworks.connected(random, n, 6 * n, 100);
        BitSet all = new BitSet();
        all.set(0, n);
        Replanner replanner = new Replanner(g, RandomNetworks.of(0), all);
        int kept = 0;
        for (int change = 0; change < 400; change++) {
            int e = random.nextInt(g.edges());
            boolean up = random.nextInt(4) > 0;
            if (!replanner.edgeChanged(e, 1 + random.nextInt(100), up)) {
                kept++;
            }
            TransferPlan fresh = TransferPlanner.plan(g, RandomNetworks.of(0), all);
            assertEquals("change " + change, fresh.cost(), replanner.plan().cost(), 0);
            assertEquals(fresh.unreachable(), replanner.plan().unreachable());
        }
        assertTrue(kept + " of 400 changes kept the plan", kept > 100);
        assertEquals(400 - kept, replanner.replans());
    }

    @Test
    public void aCutCheapLinkIsRoutedAroundAndItsReturnIsUsedAgain() {
        // A diamond: 0 → 1 → 3 cheap (1 + 1), 0 → 2 → 3 dearer (1 + 10).
        NetworkGraph g = new NetworkGraph(4);
        g.addEdge(0, 1, 1);
        g.addEdge(0, 2, 1);
        int cheap = g.addEdge(1, 3, 1);
        int dear = g.addEdge(2, 3, 10);
        BitSet all = RandomNetworks.of(1, 2, 3);
        Replanner replanner = new Replanner(g, RandomNetworks.of(0), all);
        assertEquals(cheap, replanner.plan().receivesOver(3));

        assertFalse("the dear link getting dearer changes nothing", replanner.edgeChanged(dear, 20, true));
        assertTrue(replanner.edgeChanged(cheap, 1, false));
        assertEquals(dear, replanner.plan().receivesOver(3));
        assertTrue(replanner.edgeChanged(cheap, 1, true));
        assertEquals(cheap, replanner.plan().receivesOver(3));
    }

    @Test
    public void planningAThousandNodesIsFarFromQuadratic() {
        // A guard against an accidental O(n·m) planner (some seconds here); the goals (< 50 ms to plan,
        // < 5 ms to re-plan) are measured by bench/netmap-sim.sh, not under the test suite's load.
        Random random = new Random(9);
        NetworkGraph g = RandomNetworks.connected(random, 1000, 8000, 1000);
        BitSet wanting = RandomNetworks.subset(random, 1000, 0.7);
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 20; i++) {
            long t = System.nanoTime();
            TransferPlanner.plan(g, RandomNetworks.of(0), wanting);
            best = Math.min(best, System.nanoTime() - t);
        }
        assertTrue(best / 1e6 + " ms", best < 500_000_000L);
    }
}
