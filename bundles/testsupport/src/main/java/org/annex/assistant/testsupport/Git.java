package org.annex.assistant.testsupport;

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
        Result r = tryRun(dir, cmd);
        if (r.exitCode != 0) {
            throw new IOException(String.join(" ", cmd) + " in " + dir + " exited " + r.exitCode + ":\n" + r.output);
        }
        return r.output;
    }

    public static Result tryRun(Path dir, String... cmd) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.put("GIT_AUTHOR_NAME", "annex test");
        env.put("GIT_AUTHOR_EMAIL", "test@annex-assistant.invalid");
        env.put("GIT_COMMITTER_NAME", "annex test");
        env.put("GIT_COMMITTER_EMAIL", "test@annex-assistant.invalid");
        Path out = Files.createTempFile("git-out", ".txt");
        pb.redirectOutput(out.toFile());
        Process p = pb.start();
        p.getOutputStream().close();
        if (!p.waitFor(300, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("timed out: " + String.join(" ", cmd));
        }
        String text = Files.readString(out, StandardCharsets.UTF_8);
        Files.deleteIfExists(out);
        return new Result(p.exitValue(), text);
    }

    /** Exit code and output of a command. */
    public static final class Result {
        public final int exitCode;
        public final String output;

        Result(int exitCode, String output) {
            this.exitCode = exitCode;
            this.output = output;
        }
    }

    /** A new git-annex repository made by git-annex itself. */
    public static Path annexInit(Path dir, String description) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        run(dir, "git", "init", "-q", "-b", "master");
        identity(dir);
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
