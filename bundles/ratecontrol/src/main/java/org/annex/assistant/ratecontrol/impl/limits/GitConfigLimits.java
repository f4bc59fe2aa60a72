package org.annex.assistant.ratecontrol.impl.limits;

import java.util.List;

import org.annex.assistant.api.transfer.Direction;
import org.eclipse.jgit.lib.Config;

/**
 * A remote's limit from git-annex's own settings, so one configuration serves git-annex and us. The most
 * specific wins: {@code remote.NAME.annex-bwlimit-upload}, {@code annex.bwlimit-upload},
 * {@code remote.NAME.annex-bwlimit}, {@code annex.bwlimit} (download likewise), as git-annex reads them.
 * git-annex holds each of its transfers to the limit; here the transfers of one remote in one direction
 * share it, which is never faster.
 */
public final class GitConfigLimits {
    private GitConfigLimits() {
    }

    public static Limit of(Config config, String remote, Direction direction) {
        String d = "bwlimit-" + direction.dirName();
        List<String[]> order = List.of(
                new String[] {"remote", remote, "annex-" + d},
                new String[] {"annex", null, d},
                new String[] {"remote", remote, "annex-bwlimit"},
                new String[] {"annex", null, "bwlimit"});
        for (String[] k : order) {
            String v = config.getString(k[0], k[1], k[2]);
            if (v != null && !v.isBlank()) {
                String name = k[1] == null ? k[0] + "." + k[2] : k[0] + "." + k[1] + "." + k[2];
                try {
                    return new Limit(Bandwidth.parse(v), name);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("git config " + name + ": " + e.getMessage(), e);
                }
            }
        }
        return Limit.NONE;
    }
}
