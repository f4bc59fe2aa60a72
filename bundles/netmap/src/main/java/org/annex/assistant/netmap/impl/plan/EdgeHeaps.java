package org.annex.assistant.netmap.impl.plan;

import java.util.Arrays;

/**
 * Mergeable min-heaps of edges by weight (leftist heaps), with an "add to every weight" that costs O(1):
 * the arborescence keeps one heap of entering edges per (contracted) node, merges two heaps when it
 * contracts a cycle and lowers a whole heap when it picks that node's entering edge. The heap nodes
 * are the edges themselves (edge i is node i), so nothing is allocated per operation. Leftist rather than
 * skew heaps: the right spine is at most log2(m) long, so the recursive merge cannot overflow the stack.
 */
final class EdgeHeaps {
    static final int EMPTY = -1;

    private final double[] weight;
    private final double[] pending;
    private final int[] left;
    private final int[] right;
    private final int[] rank;

    EdgeHeaps(double[] weights) {
        int m = weights.length;
        weight = weights.clone();
        pending = new double[m];
        left = new int[m];
        right = new int[m];
        rank = new int[m];
        Arrays.fill(left, EMPTY);
        Arrays.fill(right, EMPTY);
        Arrays.fill(rank, 1);
    }

    /** The edge of least weight in the heap {@code h}. */
    int top(int h) {
        return h;
    }

    /** The current (reduced) weight of the heap's top edge. */
    double topWeight(int h) {
        push(h);
        return weight[h];
    }

    /** Adds {@code delta} to the weight of every edge in heap {@code h}. */
    void addToAll(int h, double delta) {
        if (h != EMPTY) {
            pending[h] += delta;
        }
    }

    /** The heap without its top edge. */
    int pop(int h) {
        push(h);
        return merge(left[h], right[h]);
    }

    int merge(int a, int b) {
        if (a == EMPTY) {
            return b;
        }
        if (b == EMPTY) {
            return a;
        }
        push(a);
        push(b);
        if (weight[a] > weight[b]) {
            int t = a;
            a = b;
            b = t;
        }
        right[a] = merge(right[a], b);
        if (rankOf(left[a]) < rankOf(right[a])) {
            int t = left[a];
            left[a] = right[a];
            right[a] = t;
        }
        rank[a] = rankOf(right[a]) + 1;
        return a;
    }

    private int rankOf(int h) {
        return h == EMPTY ? 0 : rank[h];
    }

    /** Applies a pending addition to the node and hands it down to its children. */
    private void push(int h) {
        double d = pending[h];
        if (d != 0) {
            weight[h] += d;
            if (left[h] != EMPTY) {
                pending[left[h]] += d;
            }
            if (right[h] != EMPTY) {
                pending[right[h]] += d;
            }
            pending[h] = 0;
        }
    }
}
