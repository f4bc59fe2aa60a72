package org.annex.assistant.netwatch.impl;

import java.util.Set;

/**
 * What a change is judged by: the interfaces that are up and running, and their addresses (loopback
 * excluded). Link-level changes count too: a lost carrier leaves the IPv4 address in place.
 */
final class NetworkState {
    final Set<String> links;
    final Set<String> addresses;

    NetworkState(Set<String> links, Set<String> addresses) {
        this.links = links;
        this.addresses = addresses;
    }

    boolean online() {
        return !addresses.isEmpty();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NetworkState && ((NetworkState) o).links.equals(links)
                && ((NetworkState) o).addresses.equals(addresses);
    }

    @Override
    public int hashCode() {
        return links.hashCode() * 31 + addresses.hashCode();
    }

    @Override
    public String toString() {
        return "links " + links + " addresses " + addresses;
    }
}
