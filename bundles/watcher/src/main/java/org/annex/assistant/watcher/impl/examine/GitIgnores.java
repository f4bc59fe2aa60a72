package org.annex.assistant.watcher.impl.examine;

import java.nio.file.Path;

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
    private final ParsedFiles<IgnoreNode> nodes = new ParsedFiles<>((file, in) -> {
        IgnoreNode node = new IgnoreNode();
        node.parse(file.toString(), in);
        return node;
    });

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
            IgnoreNode node = nodes.get(workTree.resolve(dir).resolve(".gitignore"));
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
            IgnoreNode node = nodes.get(global);
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
}
