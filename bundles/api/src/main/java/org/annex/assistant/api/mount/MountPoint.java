package org.annex.assistant.api.mount;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiConsumer;

import org.annex.assistant.api.event.Topics;

/** A mounted file system: where it is mounted, what is mounted, and its type. */
public final class MountPoint {
    private final String path;
    private final String source;
    private final String fsType;

    public MountPoint(String path, String source, String fsType) {
        this.path = Objects.requireNonNull(path, "path");
        this.source = Objects.requireNonNull(source, "source");
        this.fsType = Objects.requireNonNull(fsType, "fsType");
    }

    /**
     * Reports what changed between two readings of the mount table: removals first, with the
     * {@code annex/mount/REMOVED} topic, then additions with {@code annex/mount/ADDED}.
     */
    public static void diff(Set<MountPoint> before, Set<MountPoint> now, BiConsumer<String, MountPoint> report) {
        before.stream().filter(m -> !now.contains(m)).forEach(m -> report.accept(Topics.MOUNT_REMOVED, m));
        now.stream().filter(m -> !before.contains(m)).forEach(m -> report.accept(Topics.MOUNT_ADDED, m));
    }

    /** The properties of a mount event about this file system, as every mount watcher variant posts them. */
    public Map<String, Object> eventProperties(String variant) {
        Map<String, Object> props = new HashMap<>();
        props.put(Topics.MOUNT_POINT, path);
        props.put(Topics.DEVICE, source);
        props.put(Topics.FS_TYPE, fsType);
        props.put(Topics.VARIANT, variant);
        return props;
    }

    public String path() { return path; }
    public String source() { return source; }
    public String fsType() { return fsType; }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof MountPoint)) {
            return false;
        }
        MountPoint m = (MountPoint) o;
        return path.equals(m.path) && source.equals(m.source) && fsType.equals(m.fsType);
    }

    @Override
    public int hashCode() {
        return Objects.hash(path, source, fsType);
    }

    @Override
    public String toString() {
        return source + " on " + path + " type " + fsType;
    }
}
