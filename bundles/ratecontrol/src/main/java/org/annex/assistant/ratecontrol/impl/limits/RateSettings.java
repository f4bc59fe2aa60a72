package org.annex.assistant.ratecontrol.impl.limits;

import java.util.HashMap;
import java.util.Map;

import org.annex.assistant.api.transfer.Direction;

/**
 * What Config Admin sets: the daemon-wide limit of each direction, and per-remote limits (by remote name,
 * in every repository) that take precedence over git config.
 */
public final class RateSettings {
    public static final RateSettings NONE = new RateSettings("", "", new String[0], new String[0]);

    private final Limit upload;
    private final Limit download;
    private final Map<String, Limit> remoteUpload;
    private final Map<String, Limit> remoteDownload;

    /**
     * @param remoteUpload entries {@code NAME=RATE}
     * @throws IllegalArgumentException naming the setting that is wrong
     */
    public RateSettings(String upload, String download, String[] remoteUpload, String[] remoteDownload) {
        this.upload = global("upload", upload);
        this.download = global("download", download);
        this.remoteUpload = remotes("remoteUpload", remoteUpload);
        this.remoteDownload = remotes("remoteDownload", remoteDownload);
    }

    public Limit global(Direction d) {
        return d == Direction.UPLOAD ? upload : download;
    }

    /** The remote's limit set here, or null to ask git config. */
    public Limit remote(String name, Direction d) {
        return (d == Direction.UPLOAD ? remoteUpload : remoteDownload).get(name);
    }

    private static Limit global(String setting, String value) {
        try {
            long v = Bandwidth.parse(value);
            return v == 0 ? Limit.NONE : new Limit(v, "config " + setting);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(setting + ": " + e.getMessage(), e);
        }
    }

    private static Map<String, Limit> remotes(String setting, String[] entries) {
        Map<String, Limit> m = new HashMap<>();
        for (String e : entries == null ? new String[0] : entries) {
            if (e == null || e.isBlank()) {
                continue;
            }
            int eq = e.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException(setting + ": '" + e + "' is not NAME=RATE (e.g. origin=10MiB/s)");
            }
            String name = e.substring(0, eq).trim();
            try {
                m.put(name, new Limit(Bandwidth.parse(e.substring(eq + 1)), "config " + setting + " " + name));
            } catch (IllegalArgumentException x) {
                throw new IllegalArgumentException(setting + " " + name + ": " + x.getMessage(), x);
            }
        }
        return Map.copyOf(m);
    }
}
