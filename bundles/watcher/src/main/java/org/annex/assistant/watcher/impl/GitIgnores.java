package org.annex.assistant.watcher.impl;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.eclipse.jgit.ignore.IgnoreNode;
import org.eclipse.jgit.lib.Repository;

/**
 * Whether git ignores an untracked path, as git and git-annex's assistant read it: the .gitignore files
 * of the path's directories (deepest first), then .git/info/exclude, then core.excludesFile. Files are
 * parsed once and re-read when they change.
 */
final class GitIgnores {
    private final Repository repo;
    private final Path workTree;
    private final Map<Path, Cached> nodes = new ConcurrentHashMap<>();

    GitIgnores(Repository repo) {
        this.repo = repo;
        this.workTree = repo.getWorkTree().toPath();
    }

    /** {@code relPath} is '/'-separated; a path under an ignored directory is ignored too. */
    boolean isIgnored(String relPath) {
        String[] parts = relPath.split("/");
        StringBuilder prefix = new StringBuilder();
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) {
                prefix.append('/');
            }
            prefix.append(parts[i]);
            if (ignoredItself(prefix.toString(), i < parts.length - 1)) {
                return true;
            }
        }
        return false;
    }

    private boolean ignoredItself(String path, boolean directory) {
        int slash = path.lastIndexOf('/');
        for (String dir = slash < 0 ? "" : path.substring(0, slash); ; ) {
            IgnoreNode node = node(workTree.resolve(dir).resolve(".gitignore"));
            if (node != null) {
                String relative = dir.isEmpty() ? path : path.substring(dir.length() + 1);
                Boolean r = node.checkIgnored(relative, directory);
                if (r != null) {
                    return r;
                }
            }
            if (dir.isEmpty()) {
                break;
            }
            int up = dir.lastIndexOf('/');
            dir = up < 0 ? "" : dir.substring(0, up);
        }
        for (Path global : globalFiles()) {
            IgnoreNode node = node(global);
            Boolean r = node == null ? null : node.checkIgnored(path, directory);
            if (r != null) {
                return r;
            }
        }
        return false;
    }

    private Path[] globalFiles() {
        Path exclude = repo.getDirectory().toPath().resolve("info").resolve("exclude");
        String excludesFile = repo.getConfig().getString("core", null, "excludesFile");
        if (excludesFile == null || excludesFile.isBlank()) {
            return new Path[] {exclude};
        }
        String f = excludesFile.startsWith("~/") ? System.getProperty("user.home") + excludesFile.substring(1) : excludesFile;
        return new Path[] {exclude, Path.of(f)};
    }

    private static final class Cached {
        final long mtime;
        final long size;
        final IgnoreNode node;

        Cached(long mtime, long size, IgnoreNode node) {
            this.mtime = mtime;
            this.size = size;
            this.node = node;
        }
    }

    private IgnoreNode node(Path file) {
        BasicFileAttributes a;
        try {
            a = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            nodes.remove(file);
            return null;
        } catch (IOException e) {
            return null;
        }
        Cached c = nodes.get(file);
        long mtime = a.lastModifiedTime().toMillis();
        if (c != null && c.mtime == mtime && c.size == a.size()) {
            return c.node;
        }
        IgnoreNode node = new IgnoreNode();
        try (InputStream in = Files.newInputStream(file)) {
            node.parse(file.toString(), in);
        } catch (IOException e) {
            return null;
        }
        nodes.put(file, new Cached(mtime, a.size(), node));
        return node;
    }
}
