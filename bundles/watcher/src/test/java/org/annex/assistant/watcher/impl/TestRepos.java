package org.annex.assistant.watcher.impl;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/** Temporary git-annex repositories and the git / git-annex CLIs, for verifying interop. */
final class TestRepos {
    private TestRepos() {
    }

    static Path newAnnexRepo(Path dir, String description) throws IOException {
        git(dir.getParent(), "init", "-q", "-b", "master", dir.toString());
        git(dir, "config", "user.name", "Watcher Test");
        git(dir, "config", "user.email", "watcher@example.org");
        git(dir, "annex", "init", description);
        return dir;
    }

    static String git(Path dir, String... args) throws IOException {
        return new String(gitBytes(dir, args), StandardCharsets.UTF_8);
    }

    static byte[] gitBytes(Path dir, String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add("git");
        cmd.addAll(List.of(args));
        return run(dir, cmd.toArray(new String[0]));
    }

    static byte[] run(Path dir, String... command) throws IOException {
        List<String> cmd = List.of(command);
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.put("GIT_AUTHOR_NAME", "Watcher Test");
        env.put("GIT_AUTHOR_EMAIL", "watcher@example.org");
        env.put("GIT_COMMITTER_NAME", "Watcher Test");
        env.put("GIT_COMMITTER_EMAIL", "watcher@example.org");
        Process p = pb.start();
        p.getOutputStream().close();
        byte[] out;
        try (InputStream in = p.getInputStream()) {
            out = in.readAllBytes();
        }
        try {
            int rc = p.waitFor();
            if (rc != 0) {
                throw new IOException(cmd + " in " + dir + " exited " + rc + ": " + new String(out, StandardCharsets.UTF_8));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        return out;
    }

    /** {@code git ls-tree -r HEAD}: path (raw string) -> "mode blob". */
    static Map<String, String> headTree(Path dir) throws IOException {
        Map<String, String> out = new java.util.TreeMap<>();
        byte[] raw;
        try {
            raw = gitBytes(dir, "ls-tree", "-r", "-z", "HEAD");
        } catch (IOException e) {
            return out;
        }
        String all = new String(raw, StandardCharsets.ISO_8859_1);
        for (String rec : all.split("\0")) {
            if (rec.isEmpty()) {
                continue;
            }
            int tab = rec.indexOf('\t');
            String[] meta = rec.substring(0, tab).split(" ");
            out.put(rec.substring(tab + 1), meta[0] + " " + meta[2]);
        }
        return out;
    }

    static int commitCount(Path dir) throws IOException {
        try {
            return Integer.parseInt(git(dir, "rev-list", "--count", "HEAD").trim());
        } catch (IOException e) {
            return 0;
        }
    }

    static void waitFor(String what, long timeoutMillis, BooleanSupplier condition) throws InterruptedException {
        long end = System.currentTimeMillis() + timeoutMillis;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > end) {
                throw new AssertionError("timed out after " + timeoutMillis + " ms waiting for " + what);
            }
            Thread.sleep(50);
        }
    }

    static String blobText(Path dir, String blob) throws IOException {
        return git(dir, "cat-file", "blob", blob);
    }

    static String utf8(String raw) {
        return new String(raw.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
    }
}
