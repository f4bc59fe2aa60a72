package org.annex.assistant.netmap.impl.plan;

import java.util.Arrays;

/**
 * Union-find that can undo its unions in reverse order: the arborescence contracts cycles into one
 * node while it searches, and undoes the contractions one by one to tell which edge of each cycle stays.
 * Union by size without path compression (compression could not be undone), so a find is O(log n).
 */
final class RollbackUnionFind {
    /** A root holds minus its set's size; any other node holds its parent. */
    private final int[] parentOrSize;
    /** Pairs (node, its previous value) in the order they were overwritten. */
    private int[] history;
    private int historySize;

    RollbackUnionFind(int n) {
        parentOrSize = new int[n];
        Arrays.fill(parentOrSize, -1);
        history = new int[Math.max(8, 4 * n)];
    }

    int find(int x) {
        while (parentOrSize[x] >= 0) {
            x = parentOrSize[x];
        }
        return x;
    }

    /** Joins the sets of a and b; false if they were one set already. */
    boolean union(int a, int b) {
        a = find(a);
        b = find(b);
        if (a == b) {
            return false;
        }
        if (parentOrSize[a] > parentOrSize[b]) { // a's set is the smaller: the smaller set hangs under the larger
            int t = a;
            a = b;
            b = t;
        }
        remember(a);
        remember(b);
        parentOrSize[a] += parentOrSize[b];
        parentOrSize[b] = a;
        return true;
    }

    /** A point to {@link #rollback} to. */
    int time() {
        return historySize;
    }

    /** Undoes every union made since {@code time}. */
    void rollback(int time) {
        while (historySize > time) {
            historySize -= 2;
            parentOrSize[history[historySize]] = history[historySize + 1];
        }
    }

    private void remember(int node) {
        if (historySize + 2 > history.length) {
            history = Arrays.copyOf(history, 2 * history.length);
        }
        history[historySize++] = node;
        history[historySize++] = parentOrSize[node];
    }
}
