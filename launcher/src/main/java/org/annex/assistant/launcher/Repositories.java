package org.annex.assistant.launcher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;

/**
 * Checks the repository before anything starts, so that a wrong path is a one-line error and not a
 * stack trace from inside the framework; makes a git repository of a missing or plain directory.
 * The git-annex side of initialisation is the core bundle's.
 */
final class Repositories {
    private Repositories() {
    }

    /** Returns the repository's .git directory, creating the repository where needed. */
    static Path prepare(Path repo, boolean isDefault) throws LaunchException {
        if (Files.exists(repo) && !Files.isDirectory(repo)) {
            throw new LaunchException(LaunchException.BAD_REPOSITORY, repo + " is not a directory");
        }
        if (!Files.exists(repo)) {
            try {
                Files.createDirectories(repo);
            } catch (IOException e) {
                throw new LaunchException(LaunchException.BAD_REPOSITORY,
                        repo + " does not exist and cannot be created: " + StateDir.reason(e));
            }
        }
        Path dotGit = repo.resolve(".git");
        if (Files.isRegularFile(dotGit)) {
            return linkedGitDir(repo, dotGit);
        }
        if (Files.isDirectory(dotGit)) {
            return dotGit;
        }
        if (Files.exists(repo.resolve("HEAD")) && Files.isDirectory(repo.resolve("objects"))) {
            throw new LaunchException(LaunchException.BAD_REPOSITORY,
                    repo + " is a bare git repository; annex-assistant needs a repository with a work tree");
        }
        if (!Files.isWritable(repo)) {
            throw new LaunchException(LaunchException.BAD_REPOSITORY,
                    repo + " is not a git repository and cannot be made one: permission denied");
        }
        try (Git git = Git.init().setDirectory(repo.toFile()).setInitialBranch("master").call()) {
            return git.getRepository().getDirectory().toPath();
        } catch (GitAPIException | RuntimeException e) {
            throw new LaunchException(LaunchException.BAD_REPOSITORY,
                    repo + " is not a git repository and cannot be made one: " + e.getMessage());
        }
    }

    private static Path linkedGitDir(Path repo, Path dotGit) throws LaunchException {
        try {
            String line = Files.readString(dotGit, StandardCharsets.UTF_8).trim();
            if (line.startsWith("gitdir:")) {
                Path dir = repo.resolve(line.substring(7).trim()).normalize();
                if (Files.isDirectory(dir)) {
                    return dir;
                }
            }
        } catch (IOException e) {
            throw new LaunchException(LaunchException.BAD_REPOSITORY, "cannot read " + dotGit + ": " + StateDir.reason(e));
        }
        throw new LaunchException(LaunchException.BAD_REPOSITORY, dotGit + " does not point to a git directory");
    }
}
