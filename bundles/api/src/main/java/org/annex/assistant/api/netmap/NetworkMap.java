package org.annex.assistant.api.netmap;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The map of the repository network, and the plans drawn from it: to whom this repository sends content,
 * so that every repository that wants it is reached at least cost, instead of flooding every remote.
 * One service per repository, with the {@code annex.path} and {@code annex.uuid} service properties of
 * its {@code AnnexRepository}.
 */
@ProviderType
public interface NetworkMap {
    /** Remote names this repository should send new content to, cheapest first. */
    List<String> sendTo();

    /**
     * The remotes (by name) this repository sends to, in the plan that takes content from the
     * repositories that have it ({@code holders}) to those that want it ({@code wanting}), both by uuid:
     * this repository's children in a minimum-cost arborescence over the map's up links, relays included.
     * Empty while the map has no link besides our own remotes (a new network): the caller floods then.
     *
     * @since 1.1
     */
    Optional<List<String>> nextHops(Set<String> holders, Set<String> wanting);

    /** Every link the map knows: this repository's own (live) and those other repositories published. @since 1.1 */
    List<NetworkLink> links();

    /**
     * The map and the plan of {@link #sendTo()} as Graphviz DOT: a node per repository, an edge per link,
     * the plan's edges bold, links that are down dashed, metered ones red. @since 1.1
     */
    String dot();
}
