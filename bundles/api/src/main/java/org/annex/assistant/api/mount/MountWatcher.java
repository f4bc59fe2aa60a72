package org.annex.assistant.api.mount;

import java.util.Set;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Tells which file systems are mounted, and posts {@code annex/mount/ADDED|REMOVED} events as they
 * change. Platform variants (mountinfo, UDisks2, udev, macOS) each provide it; consumers hold a dynamic,
 * optional, greedy reference so a variant can be swapped at runtime. Service property {@link #VARIANT}
 * names the variant.
 */
@ProviderType
public interface MountWatcher {
    String VARIANT = "annex.mountwatch.variant";

    /** The file systems mounted now. */
    Set<MountPoint> mounts();

    /** The variant's name, such as "mountinfo" or "udisks2". */
    String variant();
}
