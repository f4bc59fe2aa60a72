package org.annex.assistant.netmap.impl.map;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.annex.assistant.api.annex.AnnexRepository;
import org.annex.assistant.api.netmap.NetworkLink;
import org.annex.assistant.api.remote.RemoteConfig;

/**
 * This repository's own links, one per remote with a uuid: its annex-cost (git-annex's defaults when
 * unset: 100 for a repository on a local path or a directory special remote, 200 for anything over a
 * network), whether it is metered ({@code remote.NAME.annex-assistant-metered}), whether the last push
 * reached it ({@code REMOTE_REACHABLE}) and the upload throughput measured.
 */
final class OwnLinks {
    static final String METERED = "annex-assistant-metered";
    static final int LOCAL_COST = 100;
    static final int NETWORK_COST = 200;

    private final AnnexRepository repository;
    private final ThroughputMeter throughput = new ThroughputMeter();
    /** Remote name to reachable; a remote not tried yet counts as up. Guarded by this. */
    private final Map<String, Boolean> reachable = new HashMap<>();
    /** Remote name by uuid, as of the last {@link #read}. */
    private volatile Map<String, String> names = Map.of();

    OwnLinks(AnnexRepository repository) {
        this.repository = repository;
    }

    ThroughputMeter throughput() {
        return throughput;
    }

    /** Returns whether that changed the remote's state. */
    synchronized boolean setReachable(String remote, boolean up) {
        Boolean was = reachable.put(remote, up);
        return was == null ? !up : was != up;
    }

    /** The links as they are now, by uuid of their far end. Remotes whose settings are wrong are left out. */
    List<NetworkLink> read(List<String> problems) throws IOException {
        Map<String, String> byUuid = new HashMap<>();
        List<NetworkLink> links = new ArrayList<>();
        for (Map.Entry<String, Map<String, String>> e : repository.remotes().entrySet()) {
            RemoteConfig c = new RemoteConfig(e.getKey(), e.getValue());
            Optional<String> uuid = c.get("annex-uuid").or(() -> c.get("uuid"));
            if (uuid.isEmpty() || c.get("annex-ignore").map(OwnLinks::isTrue).orElse(false)) {
                continue;
            }
            try {
                boolean up;
                synchronized (this) {
                    up = reachable.getOrDefault(e.getKey(), true);
                }
                links.add(new NetworkLink(repository.uuid(), uuid.get(), c.cost(defaultCost(c)),
                        c.get(METERED).map(OwnLinks::isTrue).orElse(false), up, throughput.of(e.getKey())));
                byUuid.put(uuid.get(), e.getKey());
            } catch (IOException | IllegalArgumentException ex) {
                problems.add(ex.getMessage());
            }
        }
        links.sort(Comparator.comparing(NetworkLink::to));
        names = Map.copyOf(byUuid);
        return links;
    }

    /** The remote's name for a repository uuid, if it is one of ours. */
    Optional<String> remoteName(String uuid) {
        return Optional.ofNullable(names.get(uuid));
    }

    private static int defaultCost(RemoteConfig c) {
        if (c.get("type").isPresent()) {
            return c.get("type").get().equals("directory") ? LOCAL_COST : NETWORK_COST;
        }
        String url = c.get("url").orElse("");
        boolean local = url.startsWith("/") || url.startsWith("file://") || url.startsWith(".")
                || (!url.contains(":") && !url.isEmpty());
        return local ? LOCAL_COST : NETWORK_COST;
    }

    static boolean isTrue(String v) {
        return switch (v.toLowerCase()) {
            case "true", "yes", "on", "1" -> true;
            default -> false;
        };
    }
}
