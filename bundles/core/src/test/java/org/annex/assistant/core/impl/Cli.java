package org.annex.assistant.core.impl;

import static org.junit.Assert.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the real git and git-annex in test repositories, with a fixed identity. */
final class Cli {
    private Cli() {
    }

    static final class Result {
        final int exit;
        final String out;
        final String err;

        Result(int exit, String out, String err) {
            this.exit = exit;
            this.out = out;
            this.err = err;
        }
    }

    static Result exec(Path dir, String... cmd) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
        Map<String, String> env = pb.environment();
        env.put("GIT_AUTHOR_NAME", "Test");
        env.put("GIT_AUTHOR_EMAIL", "test@example.com");
        env.put("GIT_COMMITTER_NAME", "Test");
        env.put("GIT_COMMITTER_EMAIL", "test@example.com");
        Path out = Files.createTempFile("cli", ".out");
        Path err = Files.createTempFile("cli", ".err");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Process p = pb.start();
        if (!p.waitFor(300, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("timed out: " + Arrays.toString(cmd));
        }
        Result r = new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
        Files.delete(out);
        Files.delete(err);
        return r;
    }

    /** Runs and expects exit 0; returns stdout. */
    static String run(Path dir, String... cmd) throws IOException, InterruptedException {
        Result r = exec(dir, cmd);
        assertEquals(Arrays.toString(cmd) + " failed:\n" + r.out + r.err, 0, r.exit);
        return r.out;
    }

    static String annex(Path dir, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("git", "annex"));
        cmd.addAll(Arrays.asList(args));
        return run(dir, cmd.toArray(new String[0]));
    }

    /** A fresh git repository with user.name/email set. */
    static Path gitInit(Path dir) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        run(dir, "git", "init", "-q", "-b", "master");
        identity(dir);
        return dir;
    }

    static void identity(Path dir) throws IOException, InterruptedException {
        run(dir, "git", "config", "user.name", "Test");
        run(dir, "git", "config", "user.email", "test@example.com");
    }

    /** Path -> blob id of every file of a ref's tree. */
    static Map<String, String> tree(Path dir, String ref) throws IOException, InterruptedException {
        Map<String, String> out = new java.util.TreeMap<>();
        for (String line : run(dir, "git", "ls-tree", "-r", "-z", ref).split("\0")) {
            if (!line.isEmpty()) {
                int tab = line.indexOf('\t');
                out.put(line.substring(tab + 1), line.substring(0, tab).split(" ")[2]);
            }
        }
        return out;
    }
}
