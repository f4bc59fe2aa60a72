package org.annex.assistant.transfer.impl.scan;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.annex.assistant.api.annex.AnnexRepository;
import org.annex.assistant.api.annex.Key;
import org.annex.assistant.api.netmap.NetworkLink;
import org.annex.assistant.api.netmap.NetworkMap;
import org.annex.assistant.api.remote.Remote;

/**
 * To which remotes a key this repository has is uploaded. With a network map, to the plan's next hops
 * ({@link NetworkMap#nextHops}): from the repositories that have it (its locations and this one) to every
 * repository of the map or of our remotes that wants it and lacks it; a next hop gets it even when it does
 * not want it itself, as it relays it. Without a map (planning set to flood, no NetworkMap service, or a map
 * that has no plan yet: a new network), flood fill: every remote that wants it and lacks it. Made once per
 * scan: the map's repositories are read once, not for every key.
 */
public final class UploadChoice {
    private final AnnexRepository repository;
    private final NetworkMap map;
    /** Every repository at either end of a link the map knows (remotes of remotes included). */
    private final Set<String> mapped;

    /** @param map the repository's network map, or null to flood */
    public UploadChoice(AnnexRepository repository, NetworkMap map) {
        this.repository = repository;
        this.map = map;
        this.mapped = new LinkedHashSet<>();
        if (map != null) {
            for (NetworkLink l : map.links()) {
                mapped.add(l.from());
                mapped.add(l.to());
            }
        }
    }

    /**
     * The remotes among {@code uploadTo} to upload {@code key} to, given its {@code locations};
     * {@code all} is every remote of this repository (the wanting ones among those the scan does not
     * target still shape the plan).
     */
    public List<Remote> choose(Key key, String file, Set<String> locations, List<Remote> uploadTo, List<Remote> all)
            throws IOException {
        Optional<List<String>> hops = map == null ? Optional.empty() : map.nextHops(holders(locations), wanting(key, file, locations, all));
        List<Remote> chosen = new ArrayList<>();
        for (Remote r : uploadTo) {
            if (locations.contains(r.uuid())) {
                continue;
            }
            if (hops.isPresent() ? hops.get().contains(r.name()) : repository.wants(r.uuid(), key, file)) {
                chosen.add(r);
            }
        }
        return chosen;
    }

    private Set<String> holders(Set<String> locations) {
        Set<String> holders = new HashSet<>(locations);
        holders.add(repository.uuid());
        return holders;
    }

    private Set<String> wanting(Key key, String file, Set<String> locations, List<Remote> all) throws IOException {
        Set<String> candidates = new LinkedHashSet<>(mapped);
        all.forEach(r -> candidates.add(r.uuid()));
        candidates.remove(repository.uuid());
        candidates.removeAll(locations);
        Set<String> wanting = new HashSet<>();
        for (String uuid : candidates) {
            if (repository.wants(uuid, key, file)) {
                wanting.add(uuid);
            }
        }
        return wanting;
    }
}
