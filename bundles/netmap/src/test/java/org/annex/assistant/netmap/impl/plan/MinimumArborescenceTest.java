package org.annex.assistant.netmap.impl.plan;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.Random;

import org.junit.Test;

public class MinimumArborescenceTest {
    /** The graph's edges as the arrays {@link MinimumArborescence} takes. */
    private record Edges(int n, int[] from, int[] to, double[] weight) {
        static Edges of(NetworkGraph g) {
            int m = g.edges();
            int[] from = new int[m];
            int[] to = new int[m];
            double[] weight = new double[m];
            for (int e = 0; e < m; e++) {
                from[e] = g.from(e);
                to[e] = g.to(e);
                weight[e] = g.weight(e);
            }
            return new Edges(g.nodes(), from, to, weight);
        }

        double solve(int root) {
            int[] entering = MinimumArborescence.enteringEdges(n, root, from, to, weight);
            return checkedCost(root, entering);
        }

        /** The cost of the arborescence, after checking it is one: each node's edge enters it, and
         * following them from any node reaches the root. */
        double checkedCost(int root, int[] entering) {
            double sum = 0;
            for (int v = 0; v < n; v++) {
                if (v == root) {
                    assertEquals(-1, entering[v]);
                    continue;
                }
                assertEquals("edge entering " + v, v, to[entering[v]]);
                sum += weight[entering[v]];
                int u = v;
                for (int steps = 0; u != root; steps++) {
                    assertTrue("a cycle through " + v, steps <= n);
                    u = from[entering[u]];
                }
            }
            return sum;
        }
    }

    @Test
    public void matchesEveryArborescenceEnumeratedOnSmallRandomGraphs() {
        Random random = new Random(14);
        for (int round = 0; round < 600; round++) {
            int n = 2 + random.nextInt(6);
            Edges g = Edges.of(RandomNetworks.connected(random, n, random.nextInt(3 * n), 1 + random.nextInt(9)));
            int root = 0;
            double expected = ReferenceArborescences.bruteForce(n, root, g.from, g.to, g.weight);
            assertEquals("round " + round, expected, g.solve(root), 0);
        }
    }

    @Test
    public void matchesTextbookEdmondsOnLargeRandomGraphs() {
        Random random = new Random(1414);
        for (int round = 0; round < 12; round++) {
            int n = round < 10 ? 50 + random.nextInt(300) : 1000;
            Edges g = Edges.of(RandomNetworks.connected(random, n, 8 * n, 1000));
            double expected = ReferenceArborescences.edmonds(n, 0, g.from, g.to, g.weight);
            assertEquals("round " + round + ", " + n + " nodes", expected, g.solve(0), 0);
        }
    }

    @Test
    public void everyNodeARootOfADenseGraphWithTiedCosts() {
        Random random = new Random(7);
        Edges g = Edges.of(RandomNetworks.connected(random, 40, 600, 2));
        for (int root = 0; root < 40; root++) {
            double expected = ReferenceArborescences.edmonds(40, root, g.from, g.to, g.weight);
            if (expected != Double.POSITIVE_INFINITY) {
                assertEquals("root " + root, expected, g.solve(root), 0);
            }
        }
    }

    @Test
    public void aCheapCycleIsBrokenWhereItIsEnteredCheapest() {
        // 0 → 1 (10), 0 → 2 (12), 1 ⇄ 2 (1 each): the tree is 0 → 1 → 2, cost 11.
        int[] from = {0, 0, 1, 2};
        int[] to = {1, 2, 2, 1};
        double[] weight = {10, 12, 1, 1};
        int[] entering = MinimumArborescence.enteringEdges(3, 0, from, to, weight);
        assertEquals(0, entering[1]);
        assertEquals(2, entering[2]);
    }

    @Test
    public void aNodeTheRootCannotReachIsAnError() {
        int[] from = {0, 2};
        int[] to = {1, 1};
        double[] weight = {1, 1};
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MinimumArborescence.enteringEdges(3, 0, from, to, weight));
        assertTrue(e.getMessage(), e.getMessage().contains("node 2"));
    }
}
