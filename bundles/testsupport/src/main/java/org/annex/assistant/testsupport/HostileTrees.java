package org.annex.assistant.testsupport;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Commits a hostile peer could send, built with git's plumbing ({@code hash-object}, {@code mktree},
 * {@code commit-tree}) since porcelain refuses to make them: trees with a {@code .git} folder in some
 * spelling, a {@code ..} entry, a {@code .gitmodules} symlink. The real git-annex assistant (and git
 * itself, with core.protectHFS and core.protectNTFS) writes none of their paths.
 */
public final class HostileTrees {
    /** One path of a tree: a regular file, or a symlink when {@code symlink}. */
    public record Entry(String path, boolean symlink, String content) {
        public static Entry file(String path, String content) {
            return new Entry(path, false, content);
        }

        public static Entry symlink(String path, String target) {
            return new Entry(path, true, target);
        }
    }

    /** The paths a merge must refuse, each in a commit of its own; the name says what it tries. */
    public static final Map<String, Entry> CASES = cases();

    private static Map<String, Entry> cases() {
        Map<String, Entry> m = new LinkedHashMap<>();
        m.put("nested repository config", Entry.file("sub/.git/config", "[core]\n\tfsmonitor = touch /tmp/pwned\n"));
        m.put("nested repository config, other case", Entry.file("sub/.Git/config", "[core]\n\tfsmonitor = touch /tmp/pwned\n"));
        m.put("our hooks on a case-insensitive disk", Entry.file(".GIT/hooks/post-checkout", "#!/bin/sh\ntouch /tmp/pwned\n"));
        m.put("NTFS short name", Entry.file("GIT~1/config", "x\n"));
        m.put("NTFS short name, lower case", Entry.file("git~1/hooks/x", "x\n"));
        m.put("NTFS trailing dot", Entry.file(".git./config", "x\n"));
        m.put("NTFS trailing space", Entry.file("d/.git /config", "x\n"));
        m.put("HFS ignorable code point", Entry.file(".g\u200cit/config", "x\n"));
        m.put(".gitmodules symlink", Entry.symlink(".gitmodules", "/etc/passwd"));
        m.put("parent folder", Entry.file("../x", "outside\n"));
        m.put("current folder", Entry.file("./x", "x\n"));
        return m;
    }

    private HostileTrees() {
    }

    /**
     * Writes the objects of a commit into {@code repo}: the tree of {@code parent} (a commit-ish) with
     * {@code entries} added at the top of it (paths may hold any name, {@code ..} included), committed on top
     * of it. Returns the commit id.
     */
    public static String commit(Path repo, String parent, String message, Entry... entries)
            throws IOException, InterruptedException {
        String base = Git.stdout(repo, "git", "rev-parse", parent + "^{tree}").trim();
        StringBuilder top = new StringBuilder(Git.stdout(repo, "git", "ls-tree", base));
        Map<String, List<Entry>> byFirst = new LinkedHashMap<>();
        for (Entry e : entries) {
            int slash = e.path.indexOf('/');
            String first = slash < 0 ? e.path : e.path.substring(0, slash);
            byFirst.computeIfAbsent(first, k -> new ArrayList<>()).add(e);
        }
        for (Map.Entry<String, List<Entry>> e : byFirst.entrySet()) {
            top.append(line(repo, e.getKey(), e.getValue(), 0));
        }
        String tree = Git.withInput(repo, top.toString(), "git", "mktree");
        return Git.stdout(repo, "git", "commit-tree", tree, "-p", parent, "-m", message).trim();
    }

    /** The mktree line of {@code name}: a blob or symlink, or a tree of the entries below it. */
    private static String line(Path repo, String name, List<Entry> entries, int depth) throws IOException, InterruptedException {
        Entry first = entries.get(0);
        String[] parts = first.path.split("/", -1);
        if (parts.length == depth + 1) {
            String blob = Git.withInput(repo, first.content, "git", "hash-object", "-w", "--stdin");
            return (first.symlink ? "120000" : "100644") + " blob " + blob + "\t" + name + "\n";
        }
        Map<String, List<Entry>> below = new LinkedHashMap<>();
        for (Entry e : entries) {
            below.computeIfAbsent(e.path.split("/", -1)[depth + 1], k -> new ArrayList<>()).add(e);
        }
        StringBuilder tree = new StringBuilder();
        for (Map.Entry<String, List<Entry>> e : below.entrySet()) {
            tree.append(line(repo, e.getKey(), e.getValue(), depth + 1));
        }
        return "040000 tree " + Git.withInput(repo, tree.toString(), "git", "mktree") + "\t" + name + "\n";
    }
}
