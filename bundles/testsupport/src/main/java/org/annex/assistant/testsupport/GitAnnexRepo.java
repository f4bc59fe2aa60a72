package org.annex.assistant.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A temporary git-annex repository driven through the real {@code git} and {@code git annex} CLIs, for
 * interop tests: everything our code writes must be readable by git-annex, and the other way round.
 * {@link #close()} deletes it, including the read-only directories git-annex makes.
 */
public final class GitAnnexRepo implements AutoCloseable {
    private final Path dir;
    private final Map<String, String> env = new HashMap<>();

    private GitAnnexRepo(Path dir) {
        this.dir = dir;
        env.put("GIT_AUTHOR_NAME", "Test");
        env.put("GIT_AUTHOR_EMAIL", "test@example.org");
        env.put("GIT_COMMITTER_NAME", "Test");
        env.put("GIT_COMMITTER_EMAIL", "test@example.org");
    }

    /** {@code git init} + {@code git annex init} in a new temporary directory. */
    public static GitAnnexRepo create(String description) throws IOException, InterruptedException {
        return init(Files.createTempDirectory("annex-repo").toRealPath(), description, "main");
    }

    /** {@code git init} + {@code git annex init} in {@code dir} (made if missing), on branch master. */
    public static GitAnnexRepo init(Path dir, String description) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        return init(dir.toAbsolutePath(), description, "master");
    }

    private static GitAnnexRepo init(Path dir, String description, String branch)
            throws IOException, InterruptedException {
        GitAnnexRepo repo = new GitAnnexRepo(dir);
        repo.git("init", "-q", "-b", branch);
        repo.identity();
        repo.git("annex", "init", "-q", description);
        return repo;
    }

    /** {@code git clone} of {@code origin} into {@code dir}, then {@code git annex init} there. */
    public static GitAnnexRepo cloneOf(GitAnnexRepo origin, Path dir, String description)
            throws IOException, InterruptedException {
        Git.run(dir.getParent(), "git", "clone", "-q", origin.dir.toString(), dir.toString());
        GitAnnexRepo repo = new GitAnnexRepo(dir.toAbsolutePath());
        repo.identity();
        repo.git("annex", "init", "-q", description);
        return repo;
    }

    /** An existing repository (work tree or bare). */
    public static GitAnnexRepo at(Path dir) {
        return new GitAnnexRepo(dir.toAbsolutePath());
    }

    private void identity() throws IOException, InterruptedException {
        git("config", "user.name", "Test");
        git("config", "user.email", "test@example.org");
    }

    public Path dir() {
        return dir;
    }

    public Path gitDir() {
        return dir.resolve(".git");
    }

    /** Adds an environment variable for every later command (such as PATH for an external remote program). */
    public void env(String name, String value) {
        env.put(name, value);
    }

    /** Runs {@code git ARGS} in the repository; fails with the command's output if it exits non-zero. */
    public String git(String... args) throws IOException, InterruptedException {
        Git.Result r = tryGit(args);
        if (r.exitCode != 0) {
            throw new IOException("git " + String.join(" ", args) + " failed: " + r);
        }
        return r.output;
    }

    public Git.Result tryGit(String... args) throws IOException, InterruptedException {
        return Git.exec(dir, env, false, Stream.concat(Stream.of("git"), Stream.of(args)).toArray(String[]::new));
    }

    public String uuid() throws IOException, InterruptedException {
        return git("config", "annex.uuid").trim();
    }

    /** Runs {@code git annex ARGS} in the repository. */
    public String annex(String... args) throws IOException, InterruptedException {
        return git(Stream.concat(Stream.of("annex"), Stream.of(args)).toArray(String[]::new));
    }

    /** Writes a file, {@code git annex add}s it (unlocked, as the assistant adds) and commits it. */
    public void addUnlocked(String name, byte[] content) throws IOException, InterruptedException {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        Files.write(file, content);
        annex("add", "-q", "--force-large", name);
        annex("unlock", "-q", name);
        git("commit", "-q", "-m", "add " + name);
    }

    /** Writes a file, {@code git annex add}s and commits it, and returns its key. */
    public String addFile(String name, byte[] content) throws IOException, InterruptedException {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        Files.write(file, content);
        git("annex", "add", "--quiet", name);
        git("commit", "-q", "-m", "add " + name);
        return key(name);
    }

    /** The key git-annex recorded for a work-tree file. */
    public String key(String name) throws IOException, InterruptedException {
        return git("annex", "lookupkey", name).trim();
    }

    /** {@code remote.NAME.*} from .git/config, without the prefix, as a remote factory receives it. */
    public Map<String, String> remoteGitConfig(String remote) throws IOException, InterruptedException {
        Map<String, String> config = new HashMap<>();
        Git.Result r = tryGit("config", "--get-regexp", "^remote\\." + remote + "\\.");
        for (String line : r.output.split("\n")) {
            int sp = line.indexOf(' ');
            if (sp > 0) {
                config.put(line.substring(("remote." + remote + ".").length(), sp), line.substring(sp + 1));
            }
        }
        return config;
    }

    /** The remote.log fields git-annex recorded for a special remote (type, name, directory, encryption ...). */
    public Map<String, String> remoteLogFields(String remote) throws IOException, InterruptedException {
        for (String line : git("show", "git-annex:remote.log").split("\n")) {
            Map<String, String> fields = new HashMap<>();
            String[] words = line.trim().split(" ");
            for (int i = 1; i < words.length; i++) {
                int eq = words[i].indexOf('=');
                if (eq > 0) {
                    fields.put(words[i].substring(0, eq), words[i].substring(eq + 1));
                }
            }
            if (remote.equals(fields.get("name"))) {
                fields.put("uuid", words[0]);
                fields.remove("timestamp");
                return fields;
            }
        }
        throw new IOException("no remote " + remote + " in remote.log");
    }

    /** Git config merged with remote.log, the way the transfer bundle hands it to a remote factory. */
    public Map<String, String> remoteConfig(String remote) throws IOException, InterruptedException {
        Map<String, String> config = remoteLogFields(remote);
        config.putAll(remoteGitConfig(remote));
        return config;
    }

    /** The SHA256E key git-annex gives content with this extension (such as ".bin"), as text. */
    public static String sha256eKey(byte[] content, String extension) {
        try {
            byte[] d = java.security.MessageDigest.getInstance("SHA-256").digest(content);
            StringBuilder hex = new StringBuilder();
            for (byte b : d) {
                hex.append(String.format("%02x", b & 0xff));
            }
            return "SHA256E-s" + content.length + "--" + hex + extension;
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK always has SHA-256", e);
        }
    }

    /** Reproducible pseudo-random content. */
    public static byte[] randomBytes(int size, long seed) {
        byte[] b = new byte[size];
        new java.util.Random(seed).nextBytes(b);
        return b;
    }

    @Override
    public void close() throws IOException {
        deleteTree(dir);
    }

    /** Deletes a directory tree, making read-only directories (git-annex's object dirs) writable first. */
    public static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                if (Files.isDirectory(p) && !Files.isSymbolicLink(p)) {
                    p.toFile().setWritable(true, true);
                }
            }
        }
        try (Stream<Path> walk = Files.walk(root)) {
            List<Path> all = walk.sorted(Comparator.reverseOrder()).toList();
            for (Path p : all) {
                Files.deleteIfExists(p);
            }
        }
    }
}
