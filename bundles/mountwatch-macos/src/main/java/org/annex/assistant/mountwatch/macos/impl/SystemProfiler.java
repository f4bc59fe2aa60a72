package org.annex.assistant.mountwatch.macos.impl;

import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.annex.assistant.api.mount.MountPoint;

/**
 * Mounted volumes from {@code system_profiler -xml SPStorageDataType SPNetworkVolumeDataType}: local
 * volumes from the storage data type, network shares from the network volume data type. SPUSBDataType is
 * ignored on purpose (gone in macOS 26); unknown data types and keys are skipped.
 */
final class SystemProfiler {
    static final List<String> COMMAND = List.of("system_profiler", "-xml", "SPStorageDataType", "SPNetworkVolumeDataType");

    private SystemProfiler() {
    }

    static Set<MountPoint> volumes(InputStream xml) throws IOException {
        Object root = Plist.read(xml);
        if (!(root instanceof List)) {
            throw new IOException("system_profiler output is not an array of data types");
        }
        Set<MountPoint> mounts = new LinkedHashSet<>();
        for (Object o : (List<?>) root) {
            if (!(o instanceof Map)) {
                continue;
            }
            Map<?, ?> dataType = (Map<?, ?>) o;
            Object items = dataType.get("_items");
            if (!(items instanceof List)) {
                continue;
            }
            String type = String.valueOf(dataType.get("_dataType"));
            for (Object item : (List<?>) items) {
                if (!(item instanceof Map)) {
                    continue;
                }
                Map<?, ?> v = (Map<?, ?>) item;
                if (type.equals("SPStorageDataType")) {
                    add(mounts, v.get("mount_point"), v.get("bsd_name"), v.get("file_system"));
                } else if (type.equals("SPNetworkVolumeDataType")) {
                    add(mounts, v.get("spnetworkvolume_fsmtnonname"), v.get("spnetworkvolume_mntfromname"),
                            v.get("spnetworkvolume_fstypename"));
                }
            }
        }
        return mounts;
    }

    private static void add(Set<MountPoint> mounts, Object path, Object source, Object fsType) {
        if (path instanceof String && !((String) path).isEmpty()) {
            mounts.add(new MountPoint((String) path, source == null ? "" : source.toString(),
                    fsType == null ? "" : fsType.toString()));
        }
    }
}
