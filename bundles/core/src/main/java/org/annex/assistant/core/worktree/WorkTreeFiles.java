package org.annex.assistant.core.worktree;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;

/**
 * Where a file of the work tree is, found without going through a symlink, as git's checkout checks
 * each leading folder ({@code has_symlink_leading_path}) before it writes: a folder replaced by a symlink
 * between two commits, or a symlink the user made, must not carry a write (or a delete) outside the work
 * tree. Each folder from the work tree down is looked at with {@code NOFOLLOW_LINKS}; a symlink, or
 * anything but a folder, where a folder should be is an {@link IOException} naming it.
 *
 * <p>What is checked is the state just before the write; a process that swaps a folder for a symlink in
 * the microseconds between check and write could still win, as it can against git.
 */
public final class WorkTreeFiles {
    private static final LinkOption[] NOFOLLOW = { LinkOption.NOFOLLOW_LINKS };

    private final Path workTree;

    public WorkTreeFiles(Path workTree) {
        this.workTree = workTree.toAbsolutePath().normalize();
    }

    public Path workTree() {
        return workTree;
    }

    /**
     * The file at {@code path} (a tree path, {@code /}-separated), its folders created where missing and
     * each checked to be a real folder. The path must have passed {@link TreePaths#problem}.
     */
    public Path forWriting(String path) throws IOException {
        Path file = resolve(path);
        Path dir = workTree;
        for (Path name : workTree.relativize(file.getParent() == null ? workTree : file.getParent())) {
            if (name.toString().isEmpty()) {
                break;
            }
            dir = dir.resolve(name);
            try {
                Files.createDirectory(dir);
            } catch (FileAlreadyExistsException e) {
                // checked below, as every existing folder is
            }
            requireDirectory(dir, path);
        }
        return file;
    }

    /**
     * The file at {@code path} if every folder above it exists and is a real folder; empty when one is
     * missing (then neither is the file). A symlink or a file in a folder's place is an {@link IOException}.
     * For reads and deletes of what a tree says is there.
     */
    public Optional<Path> existing(String path) throws IOException {
        Path file = resolve(path);
        Path dir = workTree;
        for (Path name : workTree.relativize(file.getParent())) {
            if (name.toString().isEmpty()) {
                break;
            }
            dir = dir.resolve(name);
            try {
                requireDirectory(dir, path);
            } catch (NoSuchFileException e) {
                return Optional.empty();
            }
        }
        return Optional.of(file);
    }

    private Path resolve(String path) throws IOException {
        Optional<String> problem = TreePaths.problem(path, null);
        if (problem.isPresent()) {
            throw new IOException("refusing the path '" + path + "' in " + workTree + ": " + problem.get());
        }
        return workTree.resolve(path);
    }

    private void requireDirectory(Path dir, String path) throws IOException {
        BasicFileAttributes attrs = Files.readAttributes(dir, BasicFileAttributes.class, NOFOLLOW);
        if (attrs.isSymbolicLink()) {
            throw new IOException("refusing to write '" + path + "' through the symbolic link " + dir);
        }
        if (!attrs.isDirectory()) {
            throw new IOException("refusing to write '" + path + "': " + dir + " is not a folder");
        }
    }
}
