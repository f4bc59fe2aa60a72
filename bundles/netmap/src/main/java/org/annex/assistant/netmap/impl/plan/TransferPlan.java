package org.annex.assistant.netmap.impl.plan;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * Which link each repository receives the content over (a forest rooted at the repositories that have
 * it), what that costs, and which wanting repositories no up link reaches.
 */
public final class TransferPlan {
    private final NetworkGraph graph;
    private final int[] entering;
    private final BitSet unreachable;

    TransferPlan(NetworkGraph graph, int[] entering, BitSet unreachable) {
        this.graph = graph;
        this.entering = entering;
        this.unreachable = unreachable;
    }

    /** The edge {@code node} receives over, or -1 (it has the content, or is not in the plan). */
    public int receivesOver(int node) {
        return entering[node];
    }

    /** Whether the plan sends over {@code edge}. */
    public boolean uses(int edge) {
        return entering[graph.to(edge)] == edge;
    }

    /** The nodes {@code node} sends to (its children in the plan), in node order. */
    public List<Integer> nextHops(int node) {
        List<Integer> hops = new ArrayList<>();
        for (int v = 0; v < entering.length; v++) {
            if (entering[v] >= 0 && graph.from(entering[v]) == node) {
                hops.add(v);
            }
        }
        return hops;
    }

    /** The sum of the costs of the edges the plan sends over (costs as they are in the graph now). */
    public double cost() {
        double sum = 0;
        for (int e : entering) {
            if (e >= 0) {
                sum += graph.weight(e);
            }
        }
        return sum;
    }

    /** Wanting nodes that no path of up links from a holder reaches. */
    public BitSet unreachable() {
        return (BitSet) unreachable.clone();
    }

    int[] entering() {
        return entering;
    }
}
