package org.annex.assistant.core.impl;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import org.eclipse.jgit.errors.ConfigInvalidException;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.StoredConfig;

/**
 * Each git remote's settings as a remote type reads them: its {@code remote.NAME} section of git config
 * (re-read from disk), completed with the remote.log fields of its annex-uuid that git config leaves unset.
 */
final class RemoteSettings {
    private RemoteSettings() {
    }

    static Map<String, Map<String, String>> read(Repository repo, Path workTree, BranchState state) throws IOException {
        StoredConfig config = repo.getConfig();
        try {
            config.load();
        } catch (ConfigInvalidException e) {
            throw new IOException("git config of " + workTree + " is invalid: " + e.getMessage(), e);
        }
        Map<String, Map<String, String>> out = new TreeMap<>();
        for (String name : config.getSubsections("remote")) {
            Map<String, String> fields = new LinkedHashMap<>();
            for (String key : config.getNames("remote", name)) {
                fields.put(key.toLowerCase(Locale.ROOT), config.getString("remote", name, key));
            }
            String uuid = fields.get("annex-uuid");
            if (uuid != null) {
                state.remoteConfig(uuid).forEach(fields::putIfAbsent);
            }
            out.put(name, Collections.unmodifiableMap(fields));
        }
        return Collections.unmodifiableMap(out);
    }
}
