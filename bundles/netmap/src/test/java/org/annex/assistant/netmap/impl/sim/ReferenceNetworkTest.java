package org.annex.assistant.netmap.impl.sim;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

import org.junit.Test;

public class ReferenceNetworkTest {
    @Test
    public void thePlanSendsAtMostSixTenthsOfFloodFillsBytesOverCostlyLinks() throws Exception {
        SimNetwork net = NetmapSim.reference();
        assertEquals(20, net.size());
        Simulation sim = new Simulation(net, NetmapSim.SIZE, NetmapSim.SLOTS);
        Simulation.Result flood = sim.flood();
        Simulation.Result plan = sim.follow(NetmapSim.plan(net, net.graph()));
        assertEquals(19, flood.wanting());
        assertEquals("flood fill reaches everyone", 19, flood.reached());
        assertEquals("so does the plan", 19, plan.reached());
        double ratio = (double) plan.costlyBytes() / flood.costlyBytes();
        assertTrue("plan/flood on costly links " + ratio, ratio <= 0.6);
        assertTrue("no more bytes in all", plan.totalBytes() <= flood.totalBytes());
    }

    @Test
    public void onGeneratedNetworksThePlanReachesEveryoneFloodFillDoes() {
        for (int n : new int[] {100, 300}) {
            SimNetwork net = SimNetwork.generate(n, n);
            Simulation sim = new Simulation(net, NetmapSim.SIZE, NetmapSim.SLOTS);
            Simulation.Result flood = sim.flood();
            Simulation.Result plan = sim.follow(NetmapSim.plan(net, net.graph()));
            assertTrue(n + ": " + plan + " vs " + flood, plan.reached() >= flood.reached());
            assertTrue(n + ": " + plan + " vs " + flood, plan.costlyBytes() < flood.costlyBytes());
        }
    }

    @Test
    public void aBadNetworkFileNamesItsLine() {
        String text = "node a want\nnode b want\nlink a-c cost=100 mbps=10 ms=1\norigin a\n";
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SimNetwork.read(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8))));
        assertTrue(e.getMessage(), e.getMessage().startsWith("line 3 ") && e.getMessage().contains("unknown node c"));
    }
}
