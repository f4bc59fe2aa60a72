package org.annex.assistant.netmap.impl.plan;

import java.util.BitSet;

/**
 * Keeps the plan for one piece of content current as links change. A change that cannot make another
 * tree better keeps the plan as it is: a link outside the plan getting dearer or going down, a link in
 * the plan getting cheaper (a minimum arborescence stays minimal under both). Any other change plans
 * again, which at 1000 nodes takes a few milliseconds (bench/netmap-sim.sh measures it).
 */
public final class Replanner {
    private final NetworkGraph graph;
    private final BitSet holders;
    private final BitSet wanting;
    private TransferPlan plan;
    private int replans;

    public Replanner(NetworkGraph graph, BitSet holders, BitSet wanting) {
        this.graph = graph;
        this.holders = (BitSet) holders.clone();
        this.wanting = (BitSet) wanting.clone();
        this.plan = TransferPlanner.plan(graph, this.holders, this.wanting);
    }

    public TransferPlan plan() {
        return plan;
    }

    /** How many times a change made it plan again (the first plan not counted). */
    public int replans() {
        return replans;
    }

    /**
     * Sets the link's cost and state and plans again if that can change the plan.
     *
     * @return whether it planned again
     */
    public boolean edgeChanged(int edge, double weight, boolean up) {
        boolean wasUp = graph.isUp(edge);
        double was = graph.weight(edge);
        boolean inPlan = plan.uses(edge);
        graph.setWeight(edge, weight);
        graph.setUp(edge, up);
        boolean keep = inPlan
                ? wasUp && up && weight <= was
                : !up || (wasUp && weight >= was);
        if (keep) {
            return false;
        }
        plan = TransferPlanner.plan(graph, holders, wanting);
        replans++;
        return true;
    }
}
