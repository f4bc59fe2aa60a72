package org.annex.assistant.core.match;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import org.annex.assistant.api.annex.Key;
import org.annex.assistant.testsupport.Git;
import org.annex.assistant.testsupport.GitAnnexRepo;

/** A temporary git-annex repository driven by the real CLI, and RepoFacts read back from its git-annex branch. */
final class AnnexFixture implements AutoCloseable {
    final Path dir;
    final String hereUuid;

    AnnexFixture() throws IOException, InterruptedException {
        dir = Git.annexInit(Files.createTempDirectory("match-test"), "here");
        hereUuid = run("git", "config", "annex.uuid").trim();
    }

    /** A git remote git-annex knows by name, with a fixed UUID and no reachable repository behind it. */
    void addFakeRemote(String name, String uuid) throws IOException {
        run("git", "remote", "add", name, dir.resolve("missing-" + name).toString());
        run("git", "config", "remote." + name + ".annex-uuid", uuid);
    }

    /** Runs a command in the repository; its stdout. */
    String run(String... command) throws IOException {
        Git.Result r = exec(command);
        if (r.exitCode != 0) {
            throw new IOException(String.join(" ", command) + " " + r);
        }
        return r.output;
    }

    /** Runs a command in the repository whatever its exit code; stdout and stderr kept apart. */
    Git.Result exec(String... command) throws IOException {
        try {
            return Git.exec(dir, Map.of(), true, command);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException(String.join(" ", command));
        }
    }

    private String branchFile(String path) throws IOException {
        Git.Result r = exec("git", "cat-file", "-p", "git-annex:" + path);
        return r.exitCode == 0 ? r.output : "";
    }

    /** uuid -> last value of a UUID-based log ("uuid value... timestamp=T"), latest timestamp winning. */
    private Map<String, String> uuidLog(String path) throws IOException {
        Map<String, String> values = new HashMap<>();
        Map<String, Double> stamps = new HashMap<>();
        for (String line : branchFile(path).split("\n")) {
            int ts = line.lastIndexOf(" timestamp=");
            int sp = line.indexOf(' ');
            if (ts < 0 || sp < 0) {
                continue;
            }
            String uuid = line.substring(0, sp);
            double stamp = Double.parseDouble(line.substring(ts + 11).replace("s", ""));
            if (stamp >= stamps.getOrDefault(uuid, -1.0)) {
                stamps.put(uuid, stamp);
                values.put(uuid, sp < ts ? line.substring(sp + 1, ts) : "");
            }
        }
        return values;
    }

    /** The repository state as the git-annex branch holds it now. */
    RepoFacts facts() throws IOException {
        Map<String, Set<String>> groups = new HashMap<>();
        uuidLog("group.log").forEach((u, g) -> groups.put(u, g.isBlank() ? Set.of() : Set.of(g.trim().split(" +"))));
        Map<String, TrustLevel> trust = new HashMap<>();
        uuidLog("trust.log").forEach((u, t) -> trust.put(u, t.equals("1") ? TrustLevel.TRUSTED
                : t.equals("0") ? TrustLevel.UNTRUSTED : t.equals("X") ? TrustLevel.DEAD : TrustLevel.SEMITRUSTED));
        Map<String, String> groupWanted = new HashMap<>();
        for (String line : branchFile("group-preferred-content.log").split("\n")) {
            String[] f = line.split(" ", 2);
            if (f.length == 2 && f[0].matches("[0-9.]+s")) {
                int sp = f[1].indexOf(' ');
                groupWanted.put(f[1].substring(0, sp), f[1].substring(sp + 1));
            }
        }
        String numCopies = branchFile("numcopies.log").trim();
        int copies = numCopies.isEmpty() ? 1 : Integer.parseInt(numCopies.substring(numCopies.indexOf(' ') + 1));
        Map<Key, Set<String>> locations = new HashMap<>();
        Map<Key, Map<String, Set<String>>> metadata = new HashMap<>();
        Set<Key> presentHere = new HashSet<>();
        Path objects = dir.resolve(".git/annex/objects");
        if (Files.isDirectory(objects)) {
            try (Stream<Path> s = Files.walk(objects)) {
                s.filter(Files::isRegularFile).forEach(p -> presentHere.add(Key.parse(p.getFileName().toString())));
            }
        }
        return new RepoFacts() {
            @Override public Set<String> groups(String uuid) { return groups.getOrDefault(uuid, Set.of()); }

            @Override public Set<String> membersOf(String group) {
                Set<String> m = new HashSet<>();
                groups.forEach((u, gs) -> { if (gs.contains(group)) { m.add(u); } });
                return m;
            }

            @Override public TrustLevel trust(String uuid) { return trust.getOrDefault(uuid, TrustLevel.SEMITRUSTED); }

            @Override public Set<String> locations(Key key) {
                return locations.computeIfAbsent(key, k -> readLocations(k));
            }

            @Override public int numCopies() { return copies; }
            @Override public int minCopies() { return 1; }
            @Override public Optional<String> groupPreferredContent(String group) {
                return Optional.ofNullable(groupWanted.get(group));
            }
            @Override public Map<String, String> remoteConfig(String uuid) { return Map.of(); }
            @Override public boolean present(Key key) { return presentHere.contains(key); }
            @Override public Optional<String> hereUuid() { return Optional.of(hereUuid); }
            @Override public Map<String, Set<String>> metadata(Key key) {
                return metadata.computeIfAbsent(key, k -> readMetadata(k));
            }
        };
    }

    private Set<String> readLocations(Key key) {
        try {
            Map<String, String> state = new HashMap<>();
            Map<String, Double> stamps = new HashMap<>();
            for (String line : branchFile(key.hashDirLower() + key + ".log").split("\n")) {
                String[] f = line.split(" ");
                if (f.length == 3) {
                    double stamp = Double.parseDouble(f[0].replace("s", ""));
                    if (stamp >= stamps.getOrDefault(f[2], -1.0)) {
                        stamps.put(f[2], stamp);
                        state.put(f[2], f[1]);
                    }
                }
            }
            Set<String> at = new HashSet<>();
            state.forEach((u, s) -> { if (s.equals("1")) { at.add(u); } });
            return at;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Current metadata through the CLI's JSON ("fields":{"f":["v",...],...}), without a JSON library. */
    private Map<String, Set<String>> readMetadata(Key key) {
        try {
            String json = run("git", "annex", "metadata", "--json", "--key=" + key);
            Map<String, Set<String>> fields = new HashMap<>();
            int start = json.indexOf("\"fields\":{");
            if (start < 0) {
                return fields;
            }
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"([^\"]+)\":\\[([^\\]]*)\\]")
                    .matcher(json.substring(start));
            while (m.find()) {
                Set<String> values = new HashSet<>();
                java.util.regex.Matcher v = java.util.regex.Pattern.compile("\"([^\"]*)\"").matcher(m.group(2));
                while (v.find()) {
                    values.add(v.group(1));
                }
                if (!m.group(1).endsWith("-lastchanged") && !m.group(1).equals("lastchanged")) {
                    fields.put(m.group(1), values);
                }
            }
            return fields;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() throws IOException {
        GitAnnexRepo.deleteTree(dir);
    }
}
