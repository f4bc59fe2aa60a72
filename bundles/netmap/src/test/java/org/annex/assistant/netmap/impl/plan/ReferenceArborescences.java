package org.annex.assistant.netmap.impl.plan;

import java.util.Arrays;

/**
 * Independent answers to check {@link MinimumArborescence} against: every arborescence enumerated
 * (small graphs), and the textbook O(nm) Chu–Liu/Edmonds by repeated contraction (large ones).
 */
public final class ReferenceArborescences {
    private ReferenceArborescences() {
    }

    /** The least cost over all arborescences rooted at {@code root}, or +inf if there is none. */
    static double bruteForce(int n, int root, int[] from, int[] to, double[] weight) {
        int[] choice = new int[n];
        return enumerate(0, n, root, from, to, weight, choice);
    }

    private static double enumerate(int v, int n, int root, int[] from, int[] to, double[] weight, int[] choice) {
        if (v == n) {
            return isArborescence(n, root, from, choice) ? total(root, weight, choice) : Double.POSITIVE_INFINITY;
        }
        if (v == root) {
            choice[v] = -1;
            return enumerate(v + 1, n, root, from, to, weight, choice);
        }
        double best = Double.POSITIVE_INFINITY;
        for (int e = 0; e < from.length; e++) {
            if (to[e] == v && from[e] != v) {
                choice[v] = e;
                best = Math.min(best, enumerate(v + 1, n, root, from, to, weight, choice));
            }
        }
        return best;
    }

    private static boolean isArborescence(int n, int root, int[] from, int[] choice) {
        for (int v = 0; v < n; v++) {
            int u = v;
            for (int steps = 0; u != root; steps++) {
                if (steps > n) {
                    return false;
                }
                u = from[choice[u]];
            }
        }
        return true;
    }

    private static double total(int root, double[] weight, int[] choice) {
        double sum = 0;
        for (int v = 0; v < choice.length; v++) {
            if (v != root) {
                sum += weight[choice[v]];
            }
        }
        return sum;
    }

    /** The textbook Chu–Liu/Edmonds: pick each node's cheapest entering edge, contract a cycle, repeat. */
    public static double edmonds(int n, int root, int[] from0, int[] to0, double[] weight0) {
        int[] from = from0.clone();
        int[] to = to0.clone();
        double[] weight = weight0.clone();
        double result = 0;
        while (true) {
            double[] in = new double[n];
            int[] pre = new int[n];
            Arrays.fill(in, Double.POSITIVE_INFINITY);
            for (int e = 0; e < from.length; e++) {
                if (from[e] != to[e] && weight[e] < in[to[e]]) {
                    in[to[e]] = weight[e];
                    pre[to[e]] = from[e];
                }
            }
            in[root] = 0;
            for (int v = 0; v < n; v++) {
                if (in[v] == Double.POSITIVE_INFINITY) {
                    return Double.POSITIVE_INFINITY;
                }
            }
            int[] id = new int[n];
            int[] visit = new int[n];
            Arrays.fill(id, -1);
            Arrays.fill(visit, -1);
            int cycles = 0;
            for (int v = 0; v < n; v++) {
                result += in[v];
                int u = v;
                while (visit[u] != v && id[u] == -1 && u != root) {
                    visit[u] = v;
                    u = pre[u];
                }
                if (u != root && id[u] == -1) {
                    for (int x = pre[u]; x != u; x = pre[x]) {
                        id[x] = cycles;
                    }
                    id[u] = cycles++;
                }
            }
            if (cycles == 0) {
                return result;
            }
            for (int v = 0; v < n; v++) {
                if (id[v] == -1) {
                    id[v] = cycles++;
                }
            }
            for (int e = 0; e < from.length; e++) {
                int v = to[e];
                from[e] = id[from[e]];
                to[e] = id[to[e]];
                if (from[e] != to[e]) {
                    weight[e] -= in[v];
                }
            }
            n = cycles;
            root = id[root];
        }
    }
}
