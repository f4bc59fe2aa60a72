package org.annex.assistant.itests.swap;

import java.util.Hashtable;
import java.util.Set;

import org.annex.assistant.api.mount.MountPoint;
import org.annex.assistant.api.mount.MountWatcher;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

/**
 * The replacement variant the hot-swap test installs through the web console: a second provider of
 * MountWatcher, packed into a bundle by the test itself. It reports one fixed mount so the test can tell
 * which variant the console is bound to.
 */
public class ReplacementMountWatcher implements MountWatcher, BundleActivator {
    private ServiceRegistration<MountWatcher> registration;

    @Override
    public Set<MountPoint> mounts() {
        return Set.of(new MountPoint("/replacement", "swap-test", "none"));
    }

    @Override
    public String variant() {
        return "replacement";
    }

    @Override
    public void start(BundleContext context) {
        Hashtable<String, Object> props = new Hashtable<>();
        props.put(MountWatcher.VARIANT, variant());
        registration = context.registerService(MountWatcher.class, this, props);
    }

    @Override
    public void stop(BundleContext context) {
        registration.unregister();
    }
}
