package org.annex.assistant.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real network namespace joined to ours by a veth pair: traffic to {@link #address()} leaves this
 * namespace and crosses a link that {@code tc} can shape. Needs root and a kernel with network namespaces
 * and veth; {@link #unavailable()} says why not, for a test to skip with.
 */
public final class NetNamespace implements AutoCloseable {
    private static final AtomicInteger NEXT = new AtomicInteger();

    private final String name;
    private final String hostDevice;
    private final String address;
    private final String hostAddress;

    private NetNamespace(String name, String hostDevice, String address, String hostAddress) {
        this.name = name;
        this.hostDevice = hostDevice;
        this.address = address;
        this.hostAddress = hostAddress;
    }

    /** Why namespaces cannot be made here, or empty if they can. */
    public static Optional<String> unavailable() {
        if (!Files.isExecutable(Path.of("/usr/sbin/ip")) && !Files.isExecutable(Path.of("/sbin/ip"))) {
            return Optional.of("no ip command (Debian: iproute2)");
        }
        try {
            String probe = "aa-probe-" + ProcessHandle.current().pid();
            Git.Result r = Git.tryRun(Path.of("/"), "ip", "netns", "add", probe);
            if (r.exitCode != 0) {
                return Optional.of("ip netns add failed (needs root and a kernel with network namespaces): " + r.output.trim());
            }
            Git.tryRun(Path.of("/"), "ip", "netns", "del", probe);
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of("ip did not run: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted");
        }
    }

    /** A new namespace with a veth pair: {@link #hostAddress()} here, {@link #address()} inside, a /30 between. */
    public static NetNamespace create() throws IOException, InterruptedException {
        int n = NEXT.incrementAndGet();
        long pid = ProcessHandle.current().pid();
        String name = "aa-" + pid + "-" + n;
        String host = "vh" + (pid % 100_000) + "x" + n;
        String peer = "vp" + (pid % 100_000) + "x" + n;
        // A /30 in 10.213.0.0/16 from the pid and the counter: tests of several JVMs at once do not collide.
        int base = (int) ((pid * 8 + n) % 16384) * 4;
        String prefix = "10.213." + base / 256 + ".";
        String hostAddress = prefix + (base % 256 + 1);
        String address = prefix + (base % 256 + 2);
        run("ip", "netns", "add", name);
        NetNamespace ns = new NetNamespace(name, host, address, hostAddress);
        try {
            run("ip", "link", "add", host, "type", "veth", "peer", "name", peer);
            run("ip", "link", "set", peer, "netns", name);
            run("ip", "addr", "add", hostAddress + "/30", "dev", host);
            run("ip", "link", "set", host, "up");
            ns.exec("ip", "addr", "add", address + "/30", "dev", peer);
            ns.exec("ip", "link", "set", peer, "up");
            ns.exec("ip", "link", "set", "lo", "up");
            return ns;
        } catch (IOException | RuntimeException e) {
            ns.close();
            throw e;
        }
    }

    public String name() { return name; }
    /** The address inside the namespace. */
    public String address() { return address; }
    /** Our end of the link. */
    public String hostAddress() { return hostAddress; }
    /** Our end's device, for {@code tc} on what we send in. */
    public String hostDevice() { return hostDevice; }

    /** A command line that runs {@code cmd} inside the namespace. */
    public List<String> command(String... cmd) {
        List<String> c = new ArrayList<>(List.of("ip", "netns", "exec", name));
        c.addAll(List.of(cmd));
        return c;
    }

    /** Runs a command inside the namespace to completion; fails with its output if it fails. */
    public String exec(String... cmd) throws IOException, InterruptedException {
        return run(command(cmd).toArray(new String[0]));
    }

    private static String run(String... cmd) throws IOException, InterruptedException {
        Git.Result r = Git.tryRun(Path.of("/"), cmd);
        if (r.exitCode != 0) {
            throw new IOException(String.join(" ", cmd) + " failed: " + r.output.trim());
        }
        return r.output;
    }

    /** Deletes the namespace; its veth pair goes with it. */
    @Override
    public void close() throws IOException, InterruptedException {
        Git.tryRun(Path.of("/"), "ip", "netns", "del", name);
        Git.tryRun(Path.of("/"), "ip", "link", "del", hostDevice);
    }
}
