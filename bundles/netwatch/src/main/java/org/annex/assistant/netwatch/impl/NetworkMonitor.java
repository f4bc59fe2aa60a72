package org.annex.assistant.netwatch.impl;

import java.io.IOException;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows rtnetlink and reports each settled change of {@link NetworkState}. A burst of messages (a
 * link bouncing, DHCP renewing) becomes one report after it has been quiet for the debounce time.
 * Where the kernel refuses the subscription, it re-reads the interfaces periodically instead.
 */
final class NetworkMonitor implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NetworkMonitor.class);

    private final String namespace;
    private final int debounceMs;
    private final int fallbackMs;
    private final Consumer<NetworkState> onChange;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile NetworkState current;

    NetworkMonitor(String namespace, int debounceMs, int fallbackMs, Consumer<NetworkState> onChange) {
        this.namespace = namespace;
        this.debounceMs = debounceMs;
        this.fallbackMs = fallbackMs;
        this.onChange = onChange;
        this.thread = new Thread(this::run, "netwatch");
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    NetworkState current() {
        return current;
    }

    private void run() {
        try {
            if (!namespace.isEmpty()) {
                RtNetlink.enterNamespace(namespace);
            }
            current = RtNetlink.dump();
        } catch (IOException | LinkageError e) {
            LOG.warn("network watcher cannot start: {}", e.getMessage());
            return;
        }
        try (RtNetlink netlink = new RtNetlink()) {
            followNetlink(netlink);
        } catch (IOException | RuntimeException | LinkageError e) {
            if (running) {
                LOG.info("netlink subscription unavailable ({}); re-reading interfaces every {} ms", e.getMessage(), fallbackMs);
                poll();
            }
        }
    }

    private void followNetlink(RtNetlink netlink) throws IOException {
        boolean pending = false;
        while (running) {
            int messages = netlink.await(pending ? debounceMs : 500);
            if (messages > 0) {
                pending = true;
            } else if (pending) {
                pending = false;
                settle();
            }
        }
    }

    private void poll() {
        while (running) {
            try {
                Thread.sleep(fallbackMs);
                settle();
            } catch (InterruptedException e) {
                return;
            } catch (IOException e) {
                LOG.warn("cannot read network interfaces: {}", e.getMessage());
            }
        }
    }

    private void settle() throws IOException {
        NetworkState now = RtNetlink.dump();
        if (!now.equals(current)) {
            LOG.info("network changed: {}", now);
            current = now;
            onChange.accept(now);
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.interrupt();
        thread.join(5000);
    }
}
