package org.annex.assistant.netmap.impl.plan;

import java.util.Arrays;
import java.util.BitSet;

/**
 * Plans how content that some repositories have (the holders) reaches every repository that wants it,
 * at least cost, through repositories that do not want it (relays) where that is cheaper or the only way.
 *
 * <p>The exact problem with relays is the directed Steiner tree, NP-hard; this takes the cheaper of two
 * arborescences, each exact for what it spans:
 * <ol>
 * <li>the minimum arborescence over every node the holders reach, its branches that reach no wanting
 * node cut off (what is left is a minimum arborescence of the nodes left: a cheaper one, with the cut
 * branches hung back on, would beat the whole tree, so solving again over them gains nothing);</li>
 * <li>the minimum arborescence over the holders and the wanting nodes alone, when it reaches them all.</li>
 * </ol>
 * Either way every wanting node that a path of up links reaches is in the plan: a link going down
 * never strands a node that another path reaches.
 */
public final class TransferPlanner {
    private TransferPlanner() {
    }

    public static TransferPlan plan(NetworkGraph graph, BitSet holders, BitSet wanting) {
        int n = graph.nodes();
        if (holders.isEmpty() || holders.length() > n || wanting.length() > n) {
            throw new IllegalArgumentException("holders " + holders + " and wanting " + wanting
                    + " must be nodes of a network of " + n + ", with at least one holder");
        }
        BitSet reachable = reach(graph, holders, null);
        BitSet unreachable = (BitSet) wanting.clone();
        unreachable.andNot(reachable);
        BitSet needed = (BitSet) wanting.clone();
        needed.and(reachable);
        needed.or(holders);

        int[] best = prune(graph, solve(graph, reachable, holders), needed);
        if (!reachable.equals(needed) && reach(graph, holders, needed).equals(needed)) {
            best = cheaper(graph, best, solve(graph, needed, holders));
        }
        return new TransferPlan(graph, best, unreachable);
    }

    /** The minimum arborescence over {@code span} (all reachable from the holders within it), from a
     * virtual root with free edges to the holders; -1 for holders and nodes outside span. */
    private static int[] solve(NetworkGraph graph, BitSet span, BitSet holders) {
        int n = graph.nodes();
        int[] local = new int[n];
        Arrays.fill(local, -1);
        int[] global = new int[span.cardinality()];
        int k = 0;
        for (int v = span.nextSetBit(0); v >= 0; v = span.nextSetBit(v + 1)) {
            global[k] = v;
            local[v] = k++;
        }
        int root = k;
        int m = graph.edges();
        int[] from = new int[m + holders.cardinality()];
        int[] to = new int[from.length];
        double[] weight = new double[from.length];
        int[] edgeOf = new int[from.length];
        int count = 0;
        for (int e = 0; e < m; e++) {
            int a = local[graph.from(e)];
            int b = local[graph.to(e)];
            if (a >= 0 && b >= 0 && graph.isUp(e) && !holders.get(graph.to(e))) {
                from[count] = a;
                to[count] = b;
                weight[count] = graph.weight(e);
                edgeOf[count++] = e;
            }
        }
        for (int h = holders.nextSetBit(0); h >= 0; h = holders.nextSetBit(h + 1)) {
            from[count] = root;
            to[count] = local[h];
            weight[count] = 0;
            edgeOf[count++] = -1;
        }
        int[] chosen = MinimumArborescence.enteringEdges(k + 1, root, Arrays.copyOf(from, count),
                Arrays.copyOf(to, count), Arrays.copyOf(weight, count));
        int[] entering = new int[n];
        Arrays.fill(entering, -1);
        for (int i = 0; i < k; i++) {
            entering[global[i]] = chosen[i] < 0 ? -1 : edgeOf[chosen[i]];
        }
        return entering;
    }

    /** Cuts, leaf by leaf, the nodes of the plan that neither are needed nor lead to one that is. */
    private static int[] prune(NetworkGraph graph, int[] entering, BitSet needed) {
        int n = entering.length;
        int[] children = new int[n];
        for (int v = 0; v < n; v++) {
            if (entering[v] >= 0) {
                children[graph.from(entering[v])]++;
            }
        }
        int[] stack = new int[n];
        int top = 0;
        for (int v = 0; v < n; v++) {
            if (entering[v] >= 0 && children[v] == 0 && !needed.get(v)) {
                stack[top++] = v;
            }
        }
        while (top > 0) {
            int v = stack[--top];
            int parent = graph.from(entering[v]);
            entering[v] = -1;
            if (--children[parent] == 0 && entering[parent] >= 0 && !needed.get(parent)) {
                stack[top++] = parent;
            }
        }
        return entering;
    }

    private static int[] cheaper(NetworkGraph graph, int[] a, int[] b) {
        return cost(graph, b) < cost(graph, a) ? b : a;
    }

    private static double cost(NetworkGraph graph, int[] entering) {
        double sum = 0;
        for (int e : entering) {
            if (e >= 0) {
                sum += graph.weight(e);
            }
        }
        return sum;
    }

    /** The nodes that paths of up links from the holders reach, within {@code within} (null: anywhere). */
    static BitSet reach(NetworkGraph graph, BitSet holders, BitSet within) {
        int n = graph.nodes();
        int m = graph.edges();
        int[] outStart = new int[n + 1];
        for (int e = 0; e < m; e++) {
            outStart[graph.from(e) + 1]++;
        }
        for (int v = 0; v < n; v++) {
            outStart[v + 1] += outStart[v];
        }
        int[] out = new int[m];
        int[] fill = Arrays.copyOf(outStart, n);
        for (int e = 0; e < m; e++) {
            out[fill[graph.from(e)]++] = e;
        }
        BitSet seen = (BitSet) holders.clone();
        int[] queue = new int[n];
        int head = 0;
        int tail = 0;
        for (int h = holders.nextSetBit(0); h >= 0; h = holders.nextSetBit(h + 1)) {
            queue[tail++] = h;
        }
        while (head < tail) {
            int v = queue[head++];
            for (int i = outStart[v]; i < outStart[v + 1]; i++) {
                int e = out[i];
                int w = graph.to(e);
                if (graph.isUp(e) && !seen.get(w) && (within == null || within.get(w))) {
                    seen.set(w);
                    queue[tail++] = w;
                }
            }
        }
        return seen;
    }
}
