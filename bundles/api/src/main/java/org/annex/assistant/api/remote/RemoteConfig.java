package org.annex.assistant.api.remote;

import java.io.IOException;
import java.util.Map;
import java.util.Optional;

import org.annex.assistant.api.annex.Key;

/**
 * The configuration a {@link RemoteFactory} receives, with the checks every remote type makes the same way:
 * which type it is, its uuid and cost, and the git-annex features (encryption, chunking) a plain remote
 * cannot read or write. Errors name the remote, so a user can tell which {@code remote.NAME.*} to fix.
 */
public final class RemoteConfig {
    private final String name;
    private final Map<String, String> values;

    public RemoteConfig(String name, Map<String, String> values) {
        this.name = name;
        this.values = Map.copyOf(values);
    }

    public String name() {
        return name;
    }

    /** A value, trimmed; empty values count as absent. */
    public Optional<String> get(String key) {
        String v = values.get(key);
        return v == null || v.trim().isEmpty() ? Optional.empty() : Optional.of(v.trim());
    }

    public String require(String key, String what) throws IOException {
        return get(key).orElseThrow(() -> error("missing " + key + " (" + what + ")"));
    }

    /**
     * Whether the remote is of this type: remote.log's {@code type} says so, or there is no type and the
     * git config has the type's own key (git-annex writes {@code annex-directory}, {@code annex-rsyncurl} ...).
     */
    public boolean isType(String type, String gitConfigMarker) {
        Optional<String> t = get("type");
        return t.isPresent() ? t.get().equals(type) : get(gitConfigMarker).isPresent();
    }

    /** {@code annex-uuid} from git config, or the uuid remote.log lists the remote under. */
    public String uuid() throws IOException {
        Optional<String> u = get("annex-uuid").or(() -> get("uuid"));
        return u.orElseThrow(() -> error("has no annex-uuid; run git annex enableremote " + name));
    }

    /** {@code annex-cost}, or the type's default; git-annex accepts fractional costs, rounded here. */
    public int cost(int defaultCost) throws IOException {
        Optional<String> c = get("annex-cost");
        if (c.isEmpty()) {
            return defaultCost;
        }
        try {
            return (int) Math.round(Double.parseDouble(c.get()));
        } catch (NumberFormatException e) {
            throw error("annex-cost '" + c.get() + "' is not a number");
        }
    }

    /** Content is stored as plain whole files only: encrypted or chunked remotes would be misread. */
    public void requirePlainContent() throws IOException {
        Optional<String> encryption = get("encryption");
        if (encryption.isPresent() && !encryption.get().equals("none")) {
            throw error("encryption=" + encryption.get() + " is not supported (only encryption=none)");
        }
        for (String chunk : new String[] {"chunk", "chunksize"}) {
            if (get(chunk).isPresent()) {
                throw error(chunk + "=" + get(chunk).get() + " is not supported (only unchunked remotes)");
            }
        }
    }

    public IOException error(String message) {
        return new IOException("remote " + name + ": " + message);
    }

    /**
     * Where a key lives in a special remote (directory, rsync) and a bare repository:
     * {@code hashdirlower/KEY/KEY}, built only from a parsed key's escaped file name.
     */
    public static String objectPath(Key key) {
        return key.hashDirLower() + key.fileName() + '/' + key.fileName();
    }
}
