package org.annex.assistant.gitsync.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Runs git and git-annex as a test would in a shell, with a fixed identity. */
public final class Cli {
    private Cli() {
    }

    /** Runs a command in {@code dir}; returns stdout; fails with stderr when the exit code is not 0. */
    public static String run(Path dir, String... command) throws IOException {
        Result r = runAllowingFailure(dir, command);
        if (r.exit != 0) {
            throw new IOException(String.join(" ", command) + " in " + dir + " exited " + r.exit + ": " + r.err + r.out);
        }
        return r.out;
    }

    public static final class Result {
        public final int exit;
        public final String out;
        public final String err;

        Result(int exit, String out, String err) {
            this.exit = exit;
            this.out = out;
            this.err = err;
        }
    }

    /** stdout, or "" when the command fails or cannot start: for polling until something holds. */
    public static String runAllowingFailureQuietly(Path dir, String... command) {
        try {
            Result r = runAllowingFailure(dir, command);
            return r.exit == 0 ? r.out : "";
        } catch (IOException e) {
            return "";
        }
    }

    public static Result runAllowingFailure(Path dir, String... command) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(List.of(command)).directory(dir.toFile());
        Map<String, String> env = pb.environment();
        env.put("GIT_AUTHOR_NAME", "Test");
        env.put("GIT_AUTHOR_EMAIL", "test@example.org");
        env.put("GIT_COMMITTER_NAME", "Test");
        env.put("GIT_COMMITTER_EMAIL", "test@example.org");
        Process p = pb.start();
        p.getOutputStream().close();
        try {
            var err = new java.util.concurrent.CompletableFuture<String>();
            Thread t = new Thread(() -> {
                try {
                    err.complete(new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
                } catch (IOException e) {
                    err.complete(e.toString());
                }
            });
            t.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int exit = p.waitFor();
            t.join();
            return new Result(exit, out, err.join());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
