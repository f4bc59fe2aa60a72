package org.annex.assistant.netmap.impl.plan;

import java.util.Arrays;

/**
 * Repositories as nodes 0..n-1 and "can send to" links as directed edges, each with the cost of sending
 * over it and whether it is up now. Edges are numbered in the order they are added; a link's cost and
 * state change in place, so a plan's edge numbers stay valid across changes.
 */
public final class NetworkGraph {
    private final int nodes;
    private int edges;
    private int[] from = new int[16];
    private int[] to = new int[16];
    private double[] weight = new double[16];
    private boolean[] up = new boolean[16];

    public NetworkGraph(int nodes) {
        if (nodes < 1) {
            throw new IllegalArgumentException("a network has at least one node, not " + nodes);
        }
        this.nodes = nodes;
    }

    /** Adds the link {@code from → to}, up, and returns its number. */
    public int addEdge(int from, int to, double weight) {
        checkNode(from);
        checkNode(to);
        checkWeight(weight);
        if (edges == this.from.length) {
            int size = 2 * edges;
            this.from = Arrays.copyOf(this.from, size);
            this.to = Arrays.copyOf(this.to, size);
            this.weight = Arrays.copyOf(this.weight, size);
            this.up = Arrays.copyOf(this.up, size);
        }
        this.from[edges] = from;
        this.to[edges] = to;
        this.weight[edges] = weight;
        this.up[edges] = true;
        return edges++;
    }

    public int nodes() {
        return nodes;
    }

    public int edges() {
        return edges;
    }

    public int from(int edge) {
        return from[checkEdge(edge)];
    }

    public int to(int edge) {
        return to[checkEdge(edge)];
    }

    public double weight(int edge) {
        return weight[checkEdge(edge)];
    }

    public boolean isUp(int edge) {
        return up[checkEdge(edge)];
    }

    public void setWeight(int edge, double weight) {
        checkWeight(weight);
        this.weight[checkEdge(edge)] = weight;
    }

    public void setUp(int edge, boolean up) {
        this.up[checkEdge(edge)] = up;
    }

    private void checkNode(int node) {
        if (node < 0 || node >= nodes) {
            throw new IllegalArgumentException("no node " + node + " in a network of " + nodes);
        }
    }

    private int checkEdge(int edge) {
        if (edge < 0 || edge >= edges) {
            throw new IllegalArgumentException("no edge " + edge + " in a network of " + edges);
        }
        return edge;
    }

    private static void checkWeight(double weight) {
        if (!(weight >= 0) || Double.isInfinite(weight)) {
            throw new IllegalArgumentException("a link's cost is a finite number >= 0, not " + weight);
        }
    }
}
