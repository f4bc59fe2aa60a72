package org.annex.assistant.mountwatch.mountinfo.impl;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;

import org.annex.assistant.api.event.Topics;
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
 * The Linux mount watcher that sees every mount in our namespace, whoever made it (udev and UDisks2 see
 * none made by hand, by fstab or by FUSE). It waits on the kernel's POLLPRI notification of
 * /proc/self/mountinfo and, where that is unavailable, re-reads the file periodically.
 */
@Component(immediate = true, service = MountWatcher.class, property = MountWatcher.VARIANT + "=mountinfo",
        configurationPid = "org.annex.assistant.mountwatch.mountinfo")
@Designate(ocd = MountInfoWatcher.Config.class)
public class MountInfoWatcher implements MountWatcher {
    private static final Logger LOG = LoggerFactory.getLogger(MountInfoWatcher.class);

    @ObjectClassDefinition(name = "annex-assistant mount watcher (mountinfo)",
            description = "Follows /proc/self/mountinfo for mounts and unmounts.")
    public @interface Config {
        @AttributeDefinition(name = "Mount table", description = "File to follow")
        String mountinfo() default "/proc/self/mountinfo";

        @AttributeDefinition(name = "Fallback interval (ms)",
                description = "Re-read period when the kernel's change notification cannot be used")
        int fallbackIntervalMs() default 3000;
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile EventAdmin events;

    private volatile Set<MountPoint> current = Set.of();
    private volatile boolean running;
    private Thread thread;

    @Activate
    void activate(Config config) {
        Path table = Path.of(config.mountinfo());
        current = read(table);
        running = true;
        thread = new Thread(() -> follow(table, config.fallbackIntervalMs()), "mountwatch-mountinfo");
        thread.setDaemon(true);
        thread.start();
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        running = false;
        thread.interrupt();
        thread.join(5000);
    }

    private void follow(Path table, int fallbackMs) {
        try (ProcPoller poller = new ProcPoller(table.toString())) {
            poller.readAll();
            while (running) {
                if (poller.await(500)) {
                    update(MountInfoParser.parse(poller.readAll()));
                }
            }
            return;
        } catch (RuntimeException | LinkageError e) {
            LOG.info("kernel notification on {} unavailable ({}); re-reading every {} ms", table, e.toString(), fallbackMs);
        }
        while (running) {
            try {
                Thread.sleep(fallbackMs);
            } catch (InterruptedException e) {
                return;
            }
            update(read(table));
        }
    }

    private static Set<MountPoint> read(Path table) {
        try {
            return MountInfoParser.parse(new String(Files.readAllBytes(table), StandardCharsets.UTF_8));
        } catch (IOException e) {
            LOG.warn("cannot read {}: {}", table, e.toString());
            return Set.of();
        }
    }

    private void update(Set<MountPoint> now) {
        Set<MountPoint> before = current;
        current = now;
        MountPoint.diff(before, now, this::post);
    }

    private void post(String topic, MountPoint m) {
        LOG.info("{} {}", topic.equals(Topics.MOUNT_ADDED) ? "mounted" : "unmounted", m);
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
        return "mountinfo";
    }
}
