package org.annex.assistant.api.net;

import java.util.Set;

import org.osgi.annotation.versioning.ProviderType;

/** Tells whether the machine is online and posts {@code annex/network/CHANGED} events when that changes. */
@ProviderType
public interface NetworkWatcher {
    boolean online();

    /** Addresses of interfaces that are up, loopback excluded. */
    Set<String> addresses();
}
