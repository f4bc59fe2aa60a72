package org.annex.assistant.mountwatch.macos.impl;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchService;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.annex.assistant.api.mount.MountPoint;
import org.annex.assistant.api.mount.MountWatcher;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The macOS mount watcher. Java has no DiskArbitration binding, so it re-runs system_profiler and diffs:
 * at once when an entry appears in or leaves /Volumes (where macOS mounts removable and network volumes),
 * and periodically for anything else.
 */
@Component(immediate = true, service = MountWatcher.class, property = MountWatcher.VARIANT + "=macos",
        configurationPid = "org.annex.assistant.mountwatch.macos")
@Designate(ocd = MacMountWatcher.Config.class)
public class MacMountWatcher implements MountWatcher {
    private static final Logger LOG = LoggerFactory.getLogger(MacMountWatcher.class);

    @ObjectClassDefinition(name = "annex-assistant mount watcher (macOS)",
            description = "Polls system_profiler for mounted volumes.")
    public @interface Config {
        @AttributeDefinition(name = "Poll interval (s)", description = "Re-read period without a /Volumes change")
        int pollSeconds() default 30;

        @AttributeDefinition(name = "Volumes folder", description = "Folder whose changes trigger a re-read")
        String volumes() default "/Volumes";
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile EventAdmin events;

    private volatile Set<MountPoint> current = Set.of();
    private volatile boolean running;
    private WatchService watch;
    private Thread thread;

    @Activate
    void activate(Config config) throws IOException {
        current = profile();
        watch = FileSystems.getDefault().newWatchService();
        Path volumes = Path.of(config.volumes());
        if (volumes.toFile().isDirectory()) {
            volumes.register(watch, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_DELETE);
        }
        running = true;
        thread = new Thread(() -> follow(config.pollSeconds()), "mountwatch-macos");
        thread.setDaemon(true);
        thread.start();
    }

    @Deactivate
    void deactivate() throws IOException, InterruptedException {
        running = false;
        watch.close();
        thread.join(5000);
    }

    private void follow(int pollSeconds) {
        while (running) {
            try {
                var key = watch.poll(pollSeconds, TimeUnit.SECONDS);
                if (key != null) {
                    key.pollEvents();
                    key.reset();
                }
                update(profile());
            } catch (InterruptedException | ClosedWatchServiceException e) {
                return;
            }
        }
    }

    private Set<MountPoint> profile() {
        try {
            Process p = new ProcessBuilder(SystemProfiler.COMMAND).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            try (InputStream in = p.getInputStream()) {
                return SystemProfiler.volumes(in);
            } finally {
                p.waitFor(30, TimeUnit.SECONDS);
            }
        } catch (IOException e) {
            LOG.warn("system_profiler failed: {}", e.getMessage());
            return current;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return current;
        }
    }

    private void update(Set<MountPoint> now) {
        Set<MountPoint> before = current;
        current = now;
        MountPoint.diff(before, now, this::post);
    }

    private void post(String topic, MountPoint m) {
        LOG.info("{} {}", topic, m);
        EventAdmin ea = events;
        if (ea != null) {
            ea.postEvent(new Event(topic, m.eventProperties(variant())));
        }
    }

    @Override
    public Set<MountPoint> mounts() {
        return new LinkedHashSet<>(current);
    }

    @Override
    public String variant() {
        return "macos";
    }
}
