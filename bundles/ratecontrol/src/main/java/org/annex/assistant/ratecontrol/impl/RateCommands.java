package org.annex.assistant.ratecontrol.impl;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Locale;

import org.annex.assistant.api.rate.RateController;
import org.annex.assistant.api.rate.RateStatus;
import org.annex.assistant.api.transfer.Direction;
import org.annex.assistant.ratecontrol.impl.limits.Bandwidth;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Gogo {@code annex:rate}: without arguments the limits in force and the rates under them;
 * {@code annex:rate upload 10MiB/s} sets the daemon-wide limit, {@code annex:rate download origin 1MiB/s}
 * a remote's. It writes {@link RateControllerComponent#PID}'s configuration, so the change is the one the
 * console's configuration page would make: kept across restarts, applied to running transfers.
 */
@Component(service = RateCommands.class, property = {"osgi.command.scope=annex", "osgi.command.function=rate"})
public class RateCommands {
    @Reference
    private RateController rates;
    @Reference
    private ConfigurationAdmin configurationAdmin;

    public String rate() {
        StringBuilder b = new StringBuilder();
        for (RateStatus s : rates.status()) {
            b.append(String.format(Locale.ROOT, "%-8s %-40s limit %-12s now %-12s (%s)%n", s.direction().dirName(),
                    s.remote() == null ? "(all)" : s.repository() == null ? s.remote() : s.repository() + " → " + s.remote(),
                    Bandwidth.format(s.limit()), Bandwidth.format(s.rate()), s.source()));
        }
        return b.toString();
    }

    public String rate(String direction, String rate) throws IOException {
        Direction d = direction(direction);
        Bandwidth.parse(rate);
        Configuration c = configurationAdmin.getConfiguration(RateControllerComponent.PID, "?");
        Dictionary<String, Object> p = properties(c);
        p.put(d.dirName(), rate.trim());
        c.update(p);
        return d.dirName() + " limit of the daemon: " + Bandwidth.format(Bandwidth.parse(rate));
    }

    public String rate(String direction, String remote, String rate) throws IOException {
        Direction d = direction(direction);
        Bandwidth.parse(rate);
        if (remote.isBlank() || remote.contains("=")) {
            throw new IllegalArgumentException("'" + remote + "' is not a remote name");
        }
        Configuration c = configurationAdmin.getConfiguration(RateControllerComponent.PID, "?");
        Dictionary<String, Object> p = properties(c);
        String key = d == Direction.UPLOAD ? "remoteUpload" : "remoteDownload";
        List<String> entries = new ArrayList<>();
        Object old = p.get(key);
        if (old instanceof String[] a) {
            for (String e : a) {
                if (!e.startsWith(remote + "=")) {
                    entries.add(e);
                }
            }
        }
        entries.add(remote + "=" + rate.trim());
        p.put(key, entries.toArray(new String[0]));
        c.update(p);
        return d.dirName() + " limit of " + remote + ": " + Bandwidth.format(Bandwidth.parse(rate));
    }

    private static Dictionary<String, Object> properties(Configuration c) {
        Dictionary<String, Object> p = c.getProperties();
        return p == null ? new Hashtable<>() : p;
    }

    private static Direction direction(String text) {
        for (Direction d : Direction.values()) {
            if (d.dirName().equals(text)) {
                return d;
            }
        }
        throw new IllegalArgumentException("'" + text + "' is neither upload nor download");
    }
}
