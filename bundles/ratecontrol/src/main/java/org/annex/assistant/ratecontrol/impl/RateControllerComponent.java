package org.annex.assistant.ratecontrol.impl;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.annex.assistant.api.annex.AnnexRepository;
import org.annex.assistant.api.rate.RateController;
import org.annex.assistant.api.rate.RateStatus;
import org.annex.assistant.api.rate.Throttle;
import org.annex.assistant.api.transfer.Direction;
import org.annex.assistant.ratecontrol.impl.bucket.TokenBucket;
import org.annex.assistant.ratecontrol.impl.limits.RateSettings;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fixed speed knob: token buckets for the daemon as a whole and for each remote of each repository,
 * one per direction. Limits come from this component's configuration (changed live from the console's
 * configuration page or Gogo's {@code annex:rate}) and from git-annex's {@code annex.bwlimit} settings in
 * each repository's git config; a change reaches running transfers without restarting them.
 */
@Component(service = RateController.class, configurationPid = RateControllerComponent.PID)
@Designate(ocd = RateControllerComponent.Config.class)
public class RateControllerComponent implements RateController {
    public static final String PID = "org.annex.assistant.ratecontrol";
    private static final Logger LOG = LoggerFactory.getLogger(RateControllerComponent.class);

    @ObjectClassDefinition(name = "annex-assistant rate control",
            description = "Bandwidth limits, as git-annex writes annex.bwlimit (10MiB/s, 500kB/s; empty or 0 = unlimited)")
    public @interface Config {
        @AttributeDefinition(description = "All uploads of the daemon together")
        String upload() default "";

        @AttributeDefinition(description = "All downloads of the daemon together")
        String download() default "";

        @AttributeDefinition(description = "Per remote name, NAME=RATE: uploads to it (in every repository); "
                + "takes precedence over remote.NAME.annex-bwlimit*")
        String[] remoteUpload() default {};

        @AttributeDefinition(description = "Per remote name, NAME=RATE: downloads from it (in every repository)")
        String[] remoteDownload() default {};
    }

    private final Map<Direction, TokenBucket> global = new EnumMap<>(Direction.class);
    private final Map<String, Lane> lanes = new ConcurrentHashMap<>();
    private volatile RateSettings settings = RateSettings.NONE;

    public RateControllerComponent() {
        for (Direction d : Direction.values()) {
            global.put(d, new TokenBucket(0));
        }
    }

    @Activate
    @Modified
    void configure(Config c) {
        try {
            apply(new RateSettings(c.upload(), c.download(), c.remoteUpload(), c.remoteDownload()));
        } catch (IllegalArgumentException e) {
            LOG.error("{} not applied, the limits before it stay: {}", PID, e.getMessage());
        }
    }

    /** Puts new settings in force, for running transfers too. */
    void apply(RateSettings s) {
        settings = s;
        for (Direction d : Direction.values()) {
            global.get(d).setRate(s.global(d).bytesPerSecond());
        }
        lanes.values().forEach(Lane::refresh);
    }

    @Override
    public Throttle throttle(AnnexRepository repository, String remote, Direction direction) {
        String id = repository.workTree() + "\0" + remote + "\0" + direction;
        return lanes.computeIfAbsent(id, k -> new Lane(repository, remote, direction, global.get(direction), () -> settings));
    }

    @Override
    public void acquire(String remote, int bytes) throws InterruptedException {
        byName(remote).acquire(bytes);
    }

    @Override
    public long limit(String remote) {
        return remote == null ? global.get(Direction.UPLOAD).rate() : byName(remote).limit();
    }

    private Lane byName(String remote) {
        return lanes.computeIfAbsent("\0" + remote + "\0" + Direction.UPLOAD,
                k -> new Lane(null, remote, Direction.UPLOAD, global.get(Direction.UPLOAD), () -> settings));
    }

    @Override
    public List<RateStatus> status() {
        List<RateStatus> out = new ArrayList<>();
        for (Direction d : Direction.values()) {
            TokenBucket b = global.get(d);
            out.add(new RateStatus(null, null, d, b.rate(), b.measured(), settings.global(d).source()));
        }
        lanes.values().stream().map(Lane::status)
                .sorted((a, b) -> (a.repository() + a.remote() + a.direction()).compareTo(b.repository() + b.remote() + b.direction()))
                .forEach(out::add);
        return out;
    }
}
