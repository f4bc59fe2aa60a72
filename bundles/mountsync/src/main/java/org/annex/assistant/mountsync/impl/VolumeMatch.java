package org.annex.assistant.mountsync.impl;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.annex.assistant.core.RemoteUrls;
import org.annex.assistant.mountsync.FoundRepository;

/**
 * What the repositories found on a volume are to one served repository, from its remotes' settings (name →
 * git config values, as core's {@code AnnexRepository.remotes()} gives them): a remote with the same annex
 * uuid (or, for a remote with none recorded yet, whose url leads there), or an offer. Reads no file.
 */
final class VolumeMatch {
    private VolumeMatch() {
    }

    /**
     * @param workTree the served repository (relative remote urls are relative to it, as git takes them)
     * @param ownUuid its own uuid: finding itself (its volume remounted) is neither a remote nor an offer
     * @param knownUuids the uuids its uuid.log lists
     */
    static List<FoundRepository> match(Path workTree, String ownUuid, Map<String, Map<String, String>> remotes,
            Set<String> knownUuids, String mountPoint, List<VolumeScan.Found> found) {
        List<FoundRepository> out = new ArrayList<>();
        for (VolumeScan.Found f : found) {
            if (f.uuid().equals(ownUuid)) {
                continue;
            }
            String remote = null;
            boolean atUrl = false;
            for (Map.Entry<String, Map<String, String>> r : remotes.entrySet()) {
                String uuid = r.getValue().get("annex-uuid");
                boolean leadsThere = RemoteUrls.localPath(workTree, r.getValue().get("url"))
                        .map(p -> p.equals(f.location()) || p.equals(f.location().resolve(".git"))).orElse(false);
                // A remote git-annex has not contacted yet has no annex-uuid: its url is all there is to go by.
                if (f.uuid().equals(uuid) || (uuid == null && leadsThere)) {
                    remote = r.getKey();
                    atUrl = leadsThere;
                    if (atUrl) {
                        break;
                    }
                }
            }
            out.add(new FoundRepository(f.location(), f.uuid(), mountPoint, workTree, remote, atUrl,
                    knownUuids.contains(f.uuid())));
        }
        return out;
    }

    /** The remotes whose url is a local path at or below {@code mountPoint}. */
    static List<String> remotesUnder(Path workTree, Map<String, Map<String, String>> remotes, Path mountPoint) {
        List<String> out = new ArrayList<>();
        remotes.forEach((name, values) -> {
            if (RemoteUrls.localPath(workTree, values.get("url")).filter(p -> p.startsWith(mountPoint)).isPresent()) {
                out.add(name);
            }
        });
        return out;
    }
}
