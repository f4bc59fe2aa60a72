package org.annex.assistant.netwatch.impl;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.annex.assistant.api.event.Topics;
import org.annex.assistant.api.net.NetworkWatcher;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Posts {@code annex/network/CHANGED} when links or addresses change, so pushes and scans retry at once. */
@Component(immediate = true, service = NetworkWatcher.class, configurationPid = "org.annex.assistant.netwatch")
@Designate(ocd = NetlinkNetworkWatcher.Config.class)
public class NetlinkNetworkWatcher implements NetworkWatcher {
    @ObjectClassDefinition(name = "annex-assistant network watcher",
            description = "Follows rtnetlink link, address and route changes.")
    public @interface Config {
        @AttributeDefinition(name = "Debounce (ms)", description = "Quiet time before a burst of changes is reported")
        int debounceMs() default 1000;

        @AttributeDefinition(name = "Fallback interval (ms)", description = "Re-read period when netlink is unavailable")
        int fallbackMs() default 10000;

        @AttributeDefinition(name = "Network namespace",
                description = "A namespace file (such as /run/netns/NAME) to watch instead of our own; empty for our own")
        String namespace() default "";
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile EventAdmin events;

    private NetworkMonitor monitor;

    @Activate
    void activate(Config config) {
        monitor = new NetworkMonitor(config.namespace(), config.debounceMs(), config.fallbackMs(), this::post);
        monitor.start();
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        monitor.close();
    }

    private void post(NetworkState state) {
        EventAdmin ea = events;
        if (ea != null) {
            Map<String, Object> props = new HashMap<>();
            props.put(Topics.ONLINE, state.online());
            props.put("addresses", String.join(" ", state.addresses));
            props.put("links", String.join(" ", state.links));
            ea.postEvent(new Event(Topics.NETWORK_CHANGED, props));
        }
    }

    @Override
    public boolean online() {
        NetworkState s = monitor.current();
        return s == null || s.online();
    }

    @Override
    public Set<String> addresses() {
        NetworkState s = monitor.current();
        return s == null ? Set.of() : new TreeSet<>(s.addresses);
    }
}
