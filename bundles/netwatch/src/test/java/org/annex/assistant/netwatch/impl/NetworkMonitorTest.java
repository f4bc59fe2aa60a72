package org.annex.assistant.netwatch.impl;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeTrue;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/**
 * Real link changes in a network namespace of the test's own (a veth pair, no traffic leaves it): each
 * toggle of the peer is reported once, debounced, with the state read inside the namespace.
 */
public class NetworkMonitorTest {
    private final String ns = "annexnet" + ProcessHandle.current().pid();
    private NetworkMonitor monitor;

    @Before
    public void namespace() throws Exception {
        assumeTrue("root is needed for network namespaces", "root".equals(System.getProperty("user.name")));
        ip("netns", "add", ns);
        ip("-n", ns, "link", "add", "va", "type", "veth", "peer", "name", "vb");
        ip("-n", ns, "addr", "add", "192.0.2.10/24", "dev", "va");
        ip("-n", ns, "link", "set", "va", "up");
        ip("-n", ns, "link", "set", "vb", "up");
    }

    @After
    public void cleanup() throws Exception {
        if (monitor != null) {
            monitor.close();
        }
        new ProcessBuilder("ip", "netns", "del", ns).inheritIO().start().waitFor();
    }

    @Test
    public void peerDownAndUpAreReportedOnceEach() throws Exception {
        BlockingQueue<NetworkState> changes = new LinkedBlockingQueue<>();
        monitor = new NetworkMonitor("/run/netns/" + ns, 300, 10_000, changes::add);
        monitor.start();
        long end = System.currentTimeMillis() + 5000;
        while (monitor.current() == null && System.currentTimeMillis() < end) {
            Thread.sleep(20);
        }
        assertNotNull(monitor.current());
        assertTrue("the namespace's own interfaces are read: " + monitor.current(),
                monitor.current().addresses.contains("192.0.2.10"));

        ip("-n", ns, "link", "set", "vb", "down");
        NetworkState down = changes.poll(5, TimeUnit.SECONDS);
        assertNotNull("carrier loss not reported", down);
        assertFalse(down.toString(), down.links.contains("va"));
        assertFalse(down.online());

        ip("-n", ns, "link", "set", "vb", "up");
        NetworkState up = changes.poll(5, TimeUnit.SECONDS);
        assertNotNull("link up not reported", up);
        assertTrue(up.toString(), up.links.contains("va") && up.addresses.contains("192.0.2.10"));
        Thread.sleep(1000);
        assertEquals("one report per toggle", 0, changes.size());
    }

    private static void ip(String... args) throws Exception {
        String[] cmd = new String[args.length + 1];
        cmd[0] = "ip";
        System.arraycopy(args, 0, cmd, 1, args.length);
        assertEquals(String.join(" ", cmd), 0, new ProcessBuilder(cmd).inheritIO().start().waitFor());
    }
}
