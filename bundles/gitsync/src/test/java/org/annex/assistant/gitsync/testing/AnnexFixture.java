package org.annex.assistant.gitsync.testing;

import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Temporary git-annex repositories, made and inspected with the real CLIs. */
public final class AnnexFixture implements Closeable {
    public final Path root;

    public AnnexFixture() throws IOException {
        root = Files.createTempDirectory("gitsync-test-");
    }

    /** A new repository with git-annex initialised and one annexed unlocked file committed. */
    public Path newRepo(String name) throws IOException {
        Path dir = root.resolve(name);
        Files.createDirectories(dir);
        Cli.run(dir, "git", "init", "-q", "-b", "master");
        configure(dir, name);
        write(dir, "start.txt", "start\n");
        Cli.run(dir, "git", "annex", "add", "start.txt");
        Cli.run(dir, "git", "commit", "-q", "-m", "start");
        return dir;
    }

    /** A clone of {@code from} (remote "origin" renamed to {@code remoteName}), with git-annex initialised. */
    public Path cloneRepo(Path from, String name, String remoteName) throws IOException {
        Path dir = root.resolve(name);
        Cli.run(root, "git", "clone", "-q", from.toString(), dir.toString());
        Cli.run(dir, "git", "remote", "rename", "origin", remoteName);
        configure(dir, name);
        return dir;
    }

    public Path bareClone(Path from, String name) throws IOException {
        Path dir = root.resolve(name);
        Cli.run(root, "git", "clone", "-q", "--bare", from.toString(), dir.toString());
        Cli.run(dir, "git", "annex", "init", "-q", name);
        return dir;
    }

    private static void configure(Path dir, String name) throws IOException {
        Cli.run(dir, "git", "config", "user.name", "Test");
        Cli.run(dir, "git", "config", "user.email", "test@example.org");
        Cli.run(dir, "git", "annex", "init", "-q", name);
        // As the assistant adds files in a v10 repository: unlocked, content stays in the work tree.
        Cli.run(dir, "git", "config", "annex.addunlocked", "true");
    }

    public static void addRemote(Path repo, String name, String url) throws IOException {
        Cli.run(repo, "git", "remote", "add", name, url);
    }

    public static void write(Path repo, String path, String content) throws IOException {
        Path f = repo.resolve(path);
        Files.createDirectories(f.getParent());
        Files.writeString(f, content, StandardCharsets.UTF_8);
    }

    /** Adds files as annexed (unlocked) and commits them. */
    public static void commitAnnexed(Path repo, String message, String... paths) throws IOException {
        String[] add = new String[3 + paths.length];
        add[0] = "git";
        add[1] = "annex";
        add[2] = "add";
        System.arraycopy(paths, 0, add, 3, paths.length);
        Cli.run(repo, add);
        Cli.run(repo, "git", "commit", "-q", "-m", message);
    }

    /** Adds a file to git itself (not annexed) and commits it. */
    public static void commitPlain(Path repo, String message, String path) throws IOException {
        Cli.run(repo, "git", "-c", "annex.largefiles=nothing", "add", path);
        Cli.run(repo, "git", "commit", "-q", "-m", message);
    }

    public static String head(Path repo) throws IOException {
        return Cli.run(repo, "git", "rev-parse", "HEAD").trim();
    }

    public static String status(Path repo) throws IOException {
        return Cli.run(repo, "git", "status", "--porcelain").trim();
    }

    @Override
    public void close() throws IOException {
        // Annexed objects sit in read-only directories.
        Cli.run(root, "chmod", "-R", "u+w", root.toString());
        try (Stream<Path> files = Files.walk(root)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
