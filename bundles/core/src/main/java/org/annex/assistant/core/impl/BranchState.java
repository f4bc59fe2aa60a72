package org.annex.assistant.core.impl;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;

import org.annex.assistant.api.annex.Key;
import org.annex.assistant.core.impl.branch.AnnexBranch;
import org.annex.assistant.core.match.RepoFacts;
import org.annex.assistant.core.match.TrustLevel;

/**
 * Everything the git-annex branch says about repositories, read once from the logs (journal first):
 * uuid.log, remote.log, trust.log, group.log, preferred-content.log, required-content.log,
 * group-preferred-content.log, numcopies.log, mincopies.log, config.log. Location logs are read live.
 */
public final class BranchState implements RepoFacts {
    private final AnnexBranch branch;
    private final Predicate<Key> present;
    private final int numCopiesFallback;
    private final Map<String, LogLines.Entry> uuids;
    private final Map<String, LogLines.Entry> remotes;
    private final Map<String, LogLines.Entry> trust;
    private final Map<String, LogLines.Entry> groups;
    private final Map<String, LogLines.Entry> preferred;
    private final Map<String, LogLines.Entry> required;
    private final Map<String, LogLines.Entry> groupPreferred;
    private final Map<String, LogLines.Entry> numCopies;
    private final Map<String, LogLines.Entry> minCopies;
    private final Map<String, LogLines.Entry> config;
    private final String hereUuid;

    /**
     * @param present whether this repository holds a key's content
     * @param numCopiesFallback annex.numcopies from git config, used when numcopies.log is empty
     */
    BranchState(AnnexBranch branch, String hereUuid, Predicate<Key> present, int numCopiesFallback) throws IOException {
        this.branch = branch;
        this.hereUuid = hereUuid;
        this.present = present;
        this.numCopiesFallback = numCopiesFallback;
        this.uuids = uuidLog("uuid.log");
        this.remotes = uuidLog("remote.log");
        this.trust = uuidLog("trust.log");
        this.groups = uuidLog("group.log");
        this.preferred = uuidLog("preferred-content.log");
        this.required = uuidLog("required-content.log");
        this.groupPreferred = LogLines.timestampFirstLog(bytes("group-preferred-content.log"), "group-preferred-content.log", false);
        this.numCopies = LogLines.timestampFirstLog(bytes("numcopies.log"), "numcopies.log", true);
        this.minCopies = LogLines.timestampFirstLog(bytes("mincopies.log"), "mincopies.log", true);
        this.config = LogLines.timestampFirstLog(bytes("config.log"), "config.log", false);
    }

    private byte[] bytes(String file) throws IOException {
        byte[] b = branch.read(file);
        return b == null ? new byte[0] : b;
    }

    private Map<String, LogLines.Entry> uuidLog(String file) throws IOException {
        return LogLines.uuidLog(bytes(file), file);
    }

    /** Known repositories and their descriptions (uuid.log). */
    public Map<String, String> descriptions() {
        Map<String, String> out = new TreeMap<>();
        uuids.forEach((u, e) -> out.put(u, e.value));
        return out;
    }

    @Override
    public Set<String> groups(String uuid) {
        LogLines.Entry e = groups.get(uuid);
        if (e == null || e.value.isBlank()) {
            return Collections.emptySet();
        }
        return Collections.unmodifiableSet(new TreeSet<>(Arrays.asList(e.value.trim().split(" +"))));
    }

    @Override
    public Set<String> membersOf(String group) {
        Set<String> out = new TreeSet<>();
        for (String uuid : groups.keySet()) {
            if (groups(uuid).contains(group)) {
                out.add(uuid);
            }
        }
        return out;
    }

    @Override
    public Optional<String> hereUuid() {
        return Optional.of(hereUuid);
    }

    @Override
    public TrustLevel trust(String uuid) {
        LogLines.Entry e = trust.get(uuid);
        if (e == null) {
            return TrustLevel.SEMITRUSTED;
        }
        switch (e.value.trim()) {
            case "1": return TrustLevel.TRUSTED;
            case "0": return TrustLevel.UNTRUSTED;
            case "X": return TrustLevel.DEAD;
            default: return TrustLevel.SEMITRUSTED;
        }
    }

    @Override
    public Set<String> locations(Key key) {
        try {
            return Locations.present(branch, key);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the location log of " + key, e);
        }
    }

    @Override
    public int numCopies() {
        return number(numCopies, numCopiesFallback);
    }

    @Override
    public int minCopies() {
        return number(minCopies, 1);
    }

    private static int number(Map<String, LogLines.Entry> log, int fallback) {
        LogLines.Entry e = log.get("");
        if (e == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(e.value.trim());
        } catch (NumberFormatException ex) {
            return fallback;
        }
    }

    @Override
    public Optional<String> groupPreferredContent(String group) {
        LogLines.Entry e = groupPreferred.get(group);
        return e == null ? Optional.empty() : Optional.of(e.value);
    }

    /** The remote.log fields of a special remote (name, type, encryption, ...); empty if it has none. */
    @Override
    public Map<String, String> remoteConfig(String uuid) {
        LogLines.Entry e = remotes.get(uuid);
        Map<String, String> out = new LinkedHashMap<>();
        if (e != null) {
            for (String field : e.value.split(" ")) {
                int eq = field.indexOf('=');
                if (eq > 0) {
                    out.put(field.substring(0, eq), field.substring(eq + 1));
                }
            }
        }
        return out;
    }

    /** Uuids of special remotes described in remote.log. */
    public Set<String> specialRemotes() {
        return Collections.unmodifiableSet(remotes.keySet());
    }

    @Override
    public boolean present(Key key) {
        return present.test(key);
    }

    public Optional<String> preferredContent(String uuid) {
        LogLines.Entry e = preferred.get(uuid);
        return e == null ? Optional.empty() : Optional.of(e.value);
    }

    public Optional<String> requiredContent(String uuid) {
        LogLines.Entry e = required.get(uuid);
        return e == null ? Optional.empty() : Optional.of(e.value);
    }

    /** A config.log setting (such as annex.largefiles); empty values mean unset, as git-annex writes them. */
    public Optional<String> config(String setting) {
        LogLines.Entry e = config.get(setting);
        return e == null || e.value.isEmpty() ? Optional.empty() : Optional.of(e.value);
    }
}
