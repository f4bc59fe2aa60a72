package org.annex.assistant.api.netmap;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The map of the repository network, and the plan drawn from it: to whom this repository sends new
 * content, so that every repository is reached at least cost, instead of flooding every remote.
 */
@ProviderType
public interface NetworkMap {
    /** Remote names this repository should send new content to, cheapest first. */
    List<String> sendTo();
}
