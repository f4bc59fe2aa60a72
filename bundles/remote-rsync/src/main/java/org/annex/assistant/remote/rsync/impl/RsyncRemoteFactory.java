package org.annex.assistant.remote.rsync.impl;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.function.ToLongFunction;

import org.annex.assistant.api.annex.AnnexRepository;
import org.annex.assistant.api.rate.RateController;
import org.annex.assistant.api.remote.Remote;
import org.annex.assistant.api.remote.RemoteConfig;
import org.annex.assistant.api.remote.RemoteFactory;
import org.annex.assistant.api.transfer.Direction;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * Makes {@code type=rsync} remotes from {@code annex-rsyncurl} (git config) or {@code rsyncurl} (remote.log).
 * The bandwidth limit starts at {@code annex-rsync-bwlimit} or {@code bwlimit} (KiB/s, 0 = unlimited) and can
 * be changed at run time with {@link RsyncRemote#setBandwidthLimit(long)}; the {@link RateController}'s limit
 * for the remote (git-annex's annex.bwlimit among its sources) applies too, asked at each transfer's start.
 */
@Component(service = RemoteFactory.class, property = RemoteFactory.TYPE + "=rsync")
public class RsyncRemoteFactory implements RemoteFactory {
    static final int LOCAL_COST = 100;
    static final int NETWORK_COST = 200;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile RateController rateController;

    @Override
    public Optional<Remote> create(AnnexRepository repository, String name, Map<String, String> config)
            throws IOException {
        return create(new RemoteConfig(name, config), repository.workTree(), direction -> {
            RateController r = rateController;
            return r == null ? 0 : r.throttle(repository, name, direction).limit();
        });
    }

    static Optional<Remote> create(RemoteConfig config, Path workTree) throws IOException {
        return create(config, workTree, direction -> 0);
    }

    static Optional<Remote> create(RemoteConfig config, Path workTree, ToLongFunction<Direction> controllerLimit)
            throws IOException {
        if (!config.isType("rsync", "annex-rsyncurl")) {
            return Optional.empty();
        }
        config.requirePlainContent();
        String url = config.get("annex-rsyncurl").or(() -> config.get("rsyncurl"))
                .orElseThrow(() -> config.error("missing annex-rsyncurl (where rsync stores content)"));
        if (url.startsWith("-")) {
            throw config.error("rsyncurl '" + url + "' would be read as an rsync option");
        }
        boolean local = isLocal(url);
        if (local) {
            url = workTree.resolve(url).normalize().toString();
        }
        long bwlimit = bandwidthLimit(config);
        RsyncRemote remote = new RsyncRemote(config.name(), config.uuid(), config.cost(local ? LOCAL_COST : NETWORK_COST),
                url, local, controllerLimit);
        remote.setBandwidthLimit(bwlimit);
        return Optional.of(remote);
    }

    /** rsync's own rule: a path is remote if a ':' comes before any '/', or it is an rsync:// URL. */
    static boolean isLocal(String url) {
        if (url.startsWith("rsync://")) {
            return false;
        }
        int colon = url.indexOf(':');
        int slash = url.indexOf('/');
        return colon < 0 || (slash >= 0 && slash < colon);
    }

    private static long bandwidthLimit(RemoteConfig config) throws IOException {
        Optional<String> v = config.get("annex-rsync-bwlimit").or(() -> config.get("bwlimit"));
        if (v.isEmpty()) {
            return 0;
        }
        try {
            long kib = Long.parseLong(v.get());
            if (kib >= 0) {
                return kib;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw config.error("bwlimit '" + v.get() + "' is not a number of KiB/s");
    }
}
