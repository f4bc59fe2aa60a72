package org.annex.assistant.netmap.impl.plan;

/**
 * What sending content over a link costs the planner, from what the map knows of it. git-annex's
 * annex-cost is the base (100 for a local repository, 200 for one over ssh, as git-annex gives them),
 * so a user's ordering of remotes is kept; a metered link (mobile data, a capped plan) costs
 * {@link #METERED_FACTOR} times as much, so the plan crosses one only when nothing else reaches the far
 * side; measured throughput and latency add what a slow link costs in time, scaled so that a
 * 100 Mbit/s link adds 10 and a 10 Mbit/s one 100: a slow link loses to a fast one of equal
 * annex-cost, but never outweighs the user's own ordering by much.
 */
public final class LinkCost {
    /** How many times dearer a metered link is. */
    public static final double METERED_FACTOR = 10;
    /** 100 Mbit/s in bytes per second: a link this fast adds {@link #THROUGHPUT_WEIGHT}. */
    static final double REFERENCE_BYTES_PER_SECOND = 12.5e6;
    static final double THROUGHPUT_WEIGHT = 10;
    /** What one millisecond of round-trip latency adds. */
    static final double PER_MILLISECOND = 0.1;

    private LinkCost() {
    }

    /**
     * @param annexCost the remote's annex-cost
     * @param metered whether the link is metered
     * @param bytesPerSecond measured throughput, or 0 when not measured yet (adds nothing)
     * @param latencyMillis measured latency, or 0 when not measured yet
     */
    public static double of(double annexCost, boolean metered, double bytesPerSecond, double latencyMillis) {
        if (!(annexCost >= 0) || !(bytesPerSecond >= 0) || !(latencyMillis >= 0)) {
            throw new IllegalArgumentException("link figures are >= 0: cost " + annexCost + ", throughput "
                    + bytesPerSecond + ", latency " + latencyMillis);
        }
        double cost = annexCost * (metered ? METERED_FACTOR : 1);
        if (bytesPerSecond > 0) {
            cost += THROUGHPUT_WEIGHT * REFERENCE_BYTES_PER_SECOND / bytesPerSecond;
        }
        return cost + PER_MILLISECOND * latencyMillis;
    }
}
