package org.annex.assistant.api.mount;

import java.util.Objects;

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
