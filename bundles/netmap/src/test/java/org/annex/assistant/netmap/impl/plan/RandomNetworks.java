package org.annex.assistant.netmap.impl.plan;

import java.util.BitSet;
import java.util.Random;

/** Random networks for the tests: integer costs, so the references' sums compare exactly. */
final class RandomNetworks {
    private RandomNetworks() {
    }

    /** n nodes, each with a path from node 0 (a random tree), plus {@code extra} random edges. */
    static NetworkGraph connected(Random random, int n, int extra, int maxCost) {
        NetworkGraph g = new NetworkGraph(n);
        for (int v = 1; v < n; v++) {
            g.addEdge(random.nextInt(v), v, 1 + random.nextInt(maxCost));
        }
        for (int i = 0; i < extra; i++) {
            int a = random.nextInt(n);
            int b = random.nextInt(n);
            if (a != b) {
                g.addEdge(a, b, 1 + random.nextInt(maxCost));
            }
        }
        return g;
    }

    static BitSet subset(Random random, int n, double p) {
        BitSet s = new BitSet(n);
        for (int v = 0; v < n; v++) {
            if (random.nextDouble() < p) {
                s.set(v);
            }
        }
        return s;
    }

    static BitSet of(int... nodes) {
        BitSet s = new BitSet();
        for (int v : nodes) {
            s.set(v);
        }
        return s;
    }
}
