package org.annex.assistant.netmap.impl.plan;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;

/**
 * A minimum-cost spanning arborescence (directed spanning tree, every edge pointing away from the root)
 * by Chu–Liu/Edmonds in Tarjan's O(m log n) form (Gabow, Galil, Spencer and Tarjan 1986): each node picks
 * its cheapest entering edge from a mergeable heap; a walk along picked edges that closes a cycle
 * contracts the cycle into one node (union-find), whose heap is the cycles' heaps merged, every edge
 * lowered by what its head's picked edge cost. Undoing the contractions in reverse (a rollback
 * union-find) tells which edge of each cycle is dropped: the one into the node the cycle is entered at.
 *
 * <p>Every node must be reachable from the root: the caller ({@link TransferPlanner}) keeps only those.
 * Measured (bench/netmap-sim.sh): 1000 nodes and 8000 edges in about a millisecond.
 */
public final class MinimumArborescence {
    private MinimumArborescence() {
    }

    /**
     * The edge entering each node in a minimum arborescence of the graph rooted at {@code root};
     * {@code -1} for the root.
     *
     * @throws IllegalArgumentException if some node cannot be reached from the root
     */
    public static int[] enteringEdges(int nodes, int root, int[] from, int[] to, double[] weight) {
        int m = from.length;
        EdgeHeaps heaps = new EdgeHeaps(weight);
        int[] heap = new int[nodes];
        Arrays.fill(heap, EdgeHeaps.EMPTY);
        for (int e = 0; e < m; e++) {
            if (from[e] != to[e] && to[e] != root) {
                heap[to[e]] = heaps.merge(heap[to[e]], e);
            }
        }
        RollbackUnionFind components = new RollbackUnionFind(nodes);
        int[] seen = new int[nodes];
        Arrays.fill(seen, -1);
        seen[root] = root;
        int[] walkEdges = new int[nodes];
        int[] walkNodes = new int[nodes];
        int[] entering = new int[nodes];
        Arrays.fill(entering, -1);
        Deque<Contraction> contractions = new ArrayDeque<>();
        for (int start = 0; start < nodes; start++) {
            int u = start;
            int length = 0;
            while (seen[u] < 0) {
                if (heap[u] == EdgeHeaps.EMPTY) {
                    throw new IllegalArgumentException("node " + u + " cannot be reached from the root " + root);
                }
                int e = heaps.top(heap[u]);
                heaps.addToAll(heap[u], -heaps.topWeight(heap[u]));
                heap[u] = heaps.pop(heap[u]);
                walkEdges[length] = e;
                walkNodes[length++] = u;
                seen[u] = start;
                u = components.find(from[e]);
                if (seen[u] == start) { // the walk closed a cycle: contract it into one node
                    int cycleHeap = EdgeHeaps.EMPTY;
                    int end = length;
                    int time = components.time();
                    int w;
                    do {
                        w = walkNodes[--length];
                        cycleHeap = heaps.merge(cycleHeap, heap[w]);
                    } while (components.union(u, w));
                    u = components.find(u);
                    heap[u] = cycleHeap;
                    seen[u] = -1;
                    contractions.push(new Contraction(u, time, Arrays.copyOfRange(walkEdges, length, end)));
                }
            }
            for (int i = 0; i < length; i++) {
                entering[components.find(to[walkEdges[i]])] = walkEdges[i];
            }
        }
        for (Contraction c : contractions) { // the last contraction first
            components.rollback(c.time);
            int into = entering[c.node];
            for (int e : c.cycle) {
                entering[components.find(to[e])] = e;
            }
            entering[components.find(to[into])] = into;
        }
        entering[root] = -1;
        return entering;
    }

    /** A cycle contracted into {@code node} when the union-find stood at {@code time}. */
    private record Contraction(int node, int time, int[] cycle) {
    }
}
