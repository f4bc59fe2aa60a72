package org.annex.assistant.watcher.impl;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

import org.annex.assistant.testsupport.Git;

/** What the watcher's tests read back from a repository with the git CLI. */
public final class TestRepos {
    private TestRepos() {
    }

    public static String git(Path dir, String... args) throws IOException, InterruptedException {
        return new String(gitBytes(dir, args), StandardCharsets.UTF_8);
    }

    private static byte[] gitBytes(Path dir, String... args) throws IOException, InterruptedException {
        String[] cmd = new String[args.length + 1];
        cmd[0] = "git";
        System.arraycopy(args, 0, cmd, 1, args.length);
        return Git.runBytes(dir, cmd);
    }

    /** {@code git ls-tree -r HEAD}: path (raw string) -> "mode blob". */
    public static Map<String, String> headTree(Path dir) throws IOException, InterruptedException {
        Map<String, String> out = new TreeMap<>();
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

    public static int commitCount(Path dir) throws IOException, InterruptedException {
        try {
            return Integer.parseInt(git(dir, "rev-list", "--count", "HEAD").trim());
        } catch (IOException e) {
            return 0;
        }
    }

    public static String blobText(Path dir, String blob) throws IOException, InterruptedException {
        return git(dir, "cat-file", "blob", blob);
    }
}
