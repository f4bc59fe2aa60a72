package org.annex.assistant.mountsync.impl;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.annex.assistant.api.annex.AnnexRepository;
import org.annex.assistant.api.event.EventSink;
import org.annex.assistant.api.event.Topics;
import org.annex.assistant.mountsync.FoundRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a mount or an unmount means to the served repositories, without OSGi: on a mount, the repositories on
 * the volume are found ({@link VolumeScan}) and matched by annex uuid ({@link VolumeMatch}); each remote
 * found there at its url gets {@link Topics#REMOTE_MOUNTED} (gitsync syncs with it, transfer scans it), each
 * other repository is offered (logged, and kept for the console). On an unmount, every remote that was
 * found there or whose url lies there gets {@link Topics#REMOTE_UNMOUNTED}. Called on one thread.
 */
final class MountSync {
    private static final Logger LOG = LoggerFactory.getLogger(MountSync.class);

    /** Kernel and virtual file systems: never a drive holding a repository, and some are slow to walk. */
    private static final Set<String> PSEUDO_FILE_SYSTEMS = Set.of("proc", "sysfs", "cgroup", "cgroup2", "devpts",
            "devtmpfs", "mqueue", "debugfs", "tracefs", "securityfs", "pstore", "bpf", "configfs", "fusectl",
            "hugetlbfs", "autofs", "binfmt_misc", "nsfs", "efivarfs", "rpc_pipefs", "selinuxfs");

    private final EventSink events;
    /** Per mount point, what was found on it (for every served repository). */
    private final Map<String, List<FoundRepository>> found = new ConcurrentHashMap<>();

    MountSync(EventSink events) {
        this.events = events;
    }

    void mounted(String mountPoint, String fsType, List<AnnexRepository> repositories) {
        if (PSEUDO_FILE_SYSTEMS.contains(fsType) || repositories.isEmpty()) {
            return;
        }
        List<VolumeScan.Found> onVolume = VolumeScan.scan(Path.of(mountPoint));
        List<FoundRepository> all = new ArrayList<>();
        for (AnnexRepository repository : repositories) {
            Path workTree = workTree(repository);
            List<FoundRepository> matched;
            try {
                matched = VolumeMatch.match(workTree, repository.uuid(), repository.remotes(),
                        repository.repositories().keySet(), mountPoint, onVolume);
            } catch (IOException | RuntimeException e) {
                LOG.warn("{}: cannot read its remotes to match the repositories on {}: {}", workTree, mountPoint,
                        e.getMessage());
                continue;
            }
            for (FoundRepository f : matched) {
                report(f);
            }
            all.addAll(matched);
        }
        found.put(mountPoint, new CopyOnWriteArrayList<>(all));
    }

    private void report(FoundRepository f) {
        if (f.offered()) {
            LOG.info("{}: a git-annex repository {}is on the volume mounted at {}: {} (uuid {}); add it with git remote add",
                    f.repository(), f.known() ? "of this network " : "", f.mountPoint(), f.location(), f.uuid());
        } else if (!f.atRemoteUrl()) {
            LOG.warn("{}: remote {} is on the volume mounted at {}, at {}, not where its url says: "
                    + "git remote set-url {} {}", f.repository(), f.remote(), f.mountPoint(), f.location(), f.remote(),
                    f.location());
        } else {
            LOG.info("{}: remote {} mounted at {}: syncing", f.repository(), f.remote(), f.location());
            events.post(Topics.REMOTE_MOUNTED, Map.of(Topics.REPOSITORY, f.repository().toString(),
                    Topics.REMOTE, f.remote(), Topics.MOUNT_POINT, f.mountPoint(),
                    Topics.LOCATION, f.location().toString()));
        }
    }

    void unmounted(String mountPoint, List<AnnexRepository> repositories) {
        List<FoundRepository> was = found.remove(mountPoint);
        Path volume = Path.of(mountPoint).toAbsolutePath().normalize();
        for (AnnexRepository repository : repositories) {
            Path workTree = workTree(repository);
            Set<String> gone = new LinkedHashSet<>();
            if (was != null) {
                was.stream().filter(f -> f.repository().equals(workTree) && f.remote() != null)
                        .forEach(f -> gone.add(f.remote()));
            }
            try {
                gone.addAll(VolumeMatch.remotesUnder(workTree, repository.remotes(), volume));
            } catch (IOException | RuntimeException e) {
                LOG.warn("{}: cannot read its remotes to see which were on {}: {}", workTree, mountPoint, e.getMessage());
            }
            for (String remote : gone) {
                LOG.info("{}: remote {} unmounted from {}", workTree, remote, mountPoint);
                events.post(Topics.REMOTE_UNMOUNTED, Map.of(Topics.REPOSITORY, workTree.toString(),
                        Topics.REMOTE, remote, Topics.MOUNT_POINT, mountPoint));
            }
        }
    }

    /** A served repository went: what was found for it is forgotten. */
    void forget(AnnexRepository repository) {
        Path workTree = workTree(repository);
        found.values().forEach(l -> l.removeIf(f -> f.repository().equals(workTree)));
    }

    List<FoundRepository> found() {
        List<FoundRepository> out = new ArrayList<>();
        found.values().forEach(out::addAll);
        return out;
    }

    private static Path workTree(AnnexRepository repository) {
        return repository.workTree().toAbsolutePath().normalize();
    }
}
