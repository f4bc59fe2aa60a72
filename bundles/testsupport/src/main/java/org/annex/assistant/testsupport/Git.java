package org.annex.assistant.testsupport;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Runs the real git and git-annex programs in test repositories (to set them up and to check that what
 * our code wrote is what git-annex expects), and compares work trees.
 */
public final class Git {
    private Git() {
    }

    /** Runs a command in a directory; fails with its output if it exits non-zero. Returns stdout+stderr. */
    public static String run(Path dir, String... cmd) throws IOException, InterruptedException {
        return new String(runBytes(dir, cmd), StandardCharsets.UTF_8);
    }

    /** Like {@link #run} but the raw bytes of stdout+stderr, for output that holds file names in any encoding. */
    public static byte[] runBytes(Path dir, String... cmd) throws IOException, InterruptedException {
        return succeeded(dir, cmd, tryRun(dir, cmd)).bytes;
    }

    /** Runs a command; fails with its output if it exits non-zero. Returns stdout alone, for output that is parsed. */
    public static String stdout(Path dir, String... cmd) throws IOException, InterruptedException {
        return succeeded(dir, cmd, exec(dir, Map.of(), true, cmd)).output;
    }

    private static Result succeeded(Path dir, String[] cmd, Result r) throws IOException {
        if (r.exitCode != 0) {
            throw new IOException(String.join(" ", cmd) + " in " + dir + " " + r);
        }
        return r;
    }

    /** Runs a command to completion whatever its exit code; stdout and stderr together. */
    public static Result tryRun(Path dir, String... cmd) throws IOException, InterruptedException {
        return exec(dir, Map.of(), false, cmd);
    }

    /**
     * Runs a command to completion with a fixed git identity and {@code env} added, in {@code dir} (null: the
     * current directory), with stdin closed; stderr goes to {@link Result#error} when {@code stderrApart},
     * else into {@link Result#output} with stdout.
     */
    public static Result exec(Path dir, Map<String, String> env, boolean stderrApart, String... cmd)
            throws IOException, InterruptedException {
        return exec(dir, env, stderrApart, new File("/dev/null"), cmd);
    }

    /** Runs a command with {@code input} on its stdin (plumbing such as {@code git mktree}); stdout alone, trimmed. */
    public static String withInput(Path dir, String input, String... cmd) throws IOException, InterruptedException {
        Path in = Files.createTempFile("cmd-in", ".txt");
        try {
            Files.writeString(in, input, StandardCharsets.UTF_8);
            return succeeded(dir, cmd, exec(dir, Map.of(), true, in.toFile(), cmd)).output.trim();
        } finally {
            Files.deleteIfExists(in);
        }
    }

    private static Result exec(Path dir, Map<String, String> env, boolean stderrApart, File stdin, String... cmd)
            throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(stdin));
        if (dir != null) {
            pb.directory(dir.toFile());
        }
        Map<String, String> environment = pb.environment();
        environment.put("GIT_AUTHOR_NAME", "annex test");
        environment.put("GIT_AUTHOR_EMAIL", "test@annex-assistant.invalid");
        environment.put("GIT_COMMITTER_NAME", "annex test");
        environment.put("GIT_COMMITTER_EMAIL", "test@annex-assistant.invalid");
        environment.putAll(env);
        Path out = Files.createTempFile("cmd-out", ".txt");
        Path err = Files.createTempFile("cmd-err", ".txt");
        try {
            pb.redirectOutput(out.toFile());
            if (stderrApart) {
                pb.redirectError(err.toFile());
            } else {
                pb.redirectErrorStream(true);
            }
            Process p = pb.start();
            if (!p.waitFor(300, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("timed out: " + String.join(" ", cmd));
            }
            return new Result(p.exitValue(), Files.readAllBytes(out), Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /** Exit code and output of a finished command. */
    public static final class Result {
        public final int exitCode;
        /** stdout, with stderr unless it was kept apart. */
        public final String output;
        /** stderr when it was kept apart, else empty. */
        public final String error;
        final byte[] bytes;

        Result(int exitCode, byte[] bytes, String error) {
            this.exitCode = exitCode;
            this.bytes = bytes;
            this.output = new String(bytes, StandardCharsets.UTF_8);
            this.error = error;
        }

        @Override
        public String toString() {
            return "exit " + exitCode + ": " + error + output;
        }
    }

    /** A new git repository on branch master, with the test identity configured. */
    public static Path init(Path dir) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        run(dir, "git", "init", "-q", "-b", "master");
        identity(dir);
        return dir;
    }

    /** A new git-annex repository made by git-annex itself. */
    public static Path annexInit(Path dir, String description) throws IOException, InterruptedException {
        init(dir);
        run(dir, "git", "annex", "init", "-q", description);
        return dir;
    }

    /** A clone made by git, initialised by git-annex, with each repository a remote of the other. */
    public static Path cloneAnnex(Path origin, Path dir, String description, String originName, String backName)
            throws IOException, InterruptedException {
        run(origin.getParent(), "git", "clone", "-q", "-o", originName, origin.toString(), dir.toString());
        identity(dir);
        run(dir, "git", "annex", "init", "-q", description);
        run(origin, "git", "remote", "add", backName, dir.toString());
        return dir;
    }

    public static void identity(Path dir) throws IOException, InterruptedException {
        run(dir, "git", "config", "user.name", "annex test");
        run(dir, "git", "config", "user.email", "test@annex-assistant.invalid");
    }

    /** Relative path → content (or "-> target" for symlinks) of every work-tree file outside .git. */
    public static Map<String, String> tree(Path root) throws IOException {
        Map<String, String> files = new TreeMap<>();
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                return dir.getFileName() != null && dir.getFileName().toString().equals(".git") && !dir.equals(root)
                        ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                String rel = root.relativize(file).toString();
                if (Files.isSymbolicLink(file)) {
                    Path target = Files.readSymbolicLink(file);
                    files.put(rel, Files.exists(file) ? new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1)
                            : "-> " + target);
                } else if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                    files.put(rel, new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1));
                }
                return FileVisitResult.CONTINUE;
            }
        });
        return files;
    }

    /** Waits until the condition holds; returns the milliseconds it took, or fails with the message. */
    public static long await(long timeoutMs, String what, BooleanSupplier condition) throws InterruptedException {
        long t0 = System.nanoTime();
        long end = System.currentTimeMillis() + timeoutMs;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > end) {
                throw new AssertionError("timed out after " + timeoutMs + " ms waiting for " + what);
            }
            Thread.sleep(50);
        }
        return (System.nanoTime() - t0) / 1_000_000;
    }

    /** Tree equality that tolerates I/O errors while files are being replaced (then: not equal yet). */
    public static boolean sameTree(Path a, Path b) {
        try {
            return tree(a).equals(tree(b));
        } catch (IOException e) {
            return false;
        }
    }

    public static List<String> lines(String text) {
        List<String> out = new ArrayList<>();
        for (String l : text.split("\n")) {
            if (!l.isBlank()) {
                out.add(l.trim());
            }
        }
        return out;
    }
}
