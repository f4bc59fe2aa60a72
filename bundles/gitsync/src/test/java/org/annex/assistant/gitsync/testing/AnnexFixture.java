package org.annex.assistant.gitsync.testing;

import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.annex.assistant.testsupport.Git;
import org.annex.assistant.testsupport.GitAnnexRepo;

/** The repositories gitsync's tests start from, made with the real CLIs: clones as the assistant adds files. */
public final class AnnexFixture implements Closeable {
    public final Path root;

    public AnnexFixture() throws IOException {
        root = Files.createTempDirectory("gitsync-test-").toRealPath();
    }

    /** A new repository with git-annex initialised and one annexed unlocked file committed. */
    public Path newRepo(String name) throws IOException, InterruptedException {
        Path dir = addUnlocked(Git.annexInit(root.resolve(name), name));
        write(dir, "start.txt", "start\n");
        commitAnnexed(dir, "start", "start.txt");
        return dir;
    }

    /** A clone of {@code from} (its remote named {@code remoteName}), with git-annex initialised. */
    public Path cloneRepo(Path from, String name, String remoteName) throws IOException, InterruptedException {
        Path dir = root.resolve(name);
        Git.run(root, "git", "clone", "-q", "-o", remoteName, from.toString(), dir.toString());
        Git.identity(dir);
        Git.run(dir, "git", "annex", "init", "-q", name);
        return addUnlocked(dir);
    }

    public Path bareClone(Path from, String name) throws IOException, InterruptedException {
        Path dir = root.resolve(name);
        Git.run(root, "git", "clone", "-q", "--bare", from.toString(), dir.toString());
        Git.run(dir, "git", "annex", "init", "-q", name);
        return dir;
    }

    /** As the assistant adds files in a v10 repository: unlocked, content stays in the work tree. */
    private static Path addUnlocked(Path dir) throws IOException, InterruptedException {
        Git.run(dir, "git", "config", "annex.addunlocked", "true");
        return dir;
    }

    public static void addRemote(Path repo, String name, String url) throws IOException, InterruptedException {
        Git.run(repo, "git", "remote", "add", name, url);
    }

    public static void write(Path repo, String path, String content) throws IOException {
        Path f = repo.resolve(path);
        Files.createDirectories(f.getParent());
        Files.writeString(f, content, StandardCharsets.UTF_8);
    }

    /** Adds files as annexed (unlocked) and commits them. */
    public static void commitAnnexed(Path repo, String message, String... paths) throws IOException,
            InterruptedException {
        String[] add = new String[4 + paths.length];
        add[0] = "git";
        add[1] = "annex";
        add[2] = "add";
        add[3] = "-q";
        System.arraycopy(paths, 0, add, 4, paths.length);
        Git.run(repo, add);
        Git.run(repo, "git", "commit", "-q", "-m", message);
    }

    /** Adds a file to git itself (not annexed) and commits it. */
    public static void commitPlain(Path repo, String message, String path) throws IOException, InterruptedException {
        Git.run(repo, "git", "-c", "annex.largefiles=nothing", "add", path);
        Git.run(repo, "git", "commit", "-q", "-m", message);
    }

    public static String head(Path repo) throws IOException, InterruptedException {
        return Git.run(repo, "git", "rev-parse", "HEAD").trim();
    }

    public static String status(Path repo) throws IOException, InterruptedException {
        return Git.run(repo, "git", "status", "--porcelain").trim();
    }

    @Override
    public void close() throws IOException {
        GitAnnexRepo.deleteTree(root);
    }
}
