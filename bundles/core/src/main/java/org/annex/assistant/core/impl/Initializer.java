package org.annex.assistant.core.impl;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.annex.assistant.core.impl.branch.AnnexBranch;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

/** What {@code git annex init} does in a v10 repository, done with JGit. */
public final class Initializer {
    static final String VERSION = "10";
    private static final String ATTRIBUTES_LINE = "* filter=annex";
    private static final String[][] HOOKS = {
        {"pre-commit", "git annex pre-commit ."},
        {"post-checkout", "git annex smudge --update"},
        {"post-merge", "git annex smudge --update"},
        {"post-receive", "if git annex post-receive --help >/dev/null 2>&1; then git annex post-receive; fi"},
    };

    private Initializer() {
    }

    /** Opens the git repository of a work tree, creating it (and the directory) if there is none. */
    static Repository openOrCreate(Path workTree) throws IOException {
        Path dir = workTree.toAbsolutePath().normalize();
        try {
            if (Files.exists(dir) && !Files.isDirectory(dir)) {
                throw new IOException("not a directory");
            }
            Files.createDirectories(dir);
            if (!Files.exists(dir.resolve(Constants.DOT_GIT))) {
                try (Git git = Git.init().setDirectory(dir.toFile()).call()) {
                    git.getRepository().getConfig().save();
                }
            }
            Repository repo = new FileRepositoryBuilder().setWorkTree(dir.toFile()).setMustExist(true).build();
            if (repo.isBare()) {
                repo.close();
                throw new IOException("bare repositories have no work tree");
            }
            return repo;
        } catch (IOException | GitAPIException | RuntimeException e) {
            throw new IOException("cannot make " + dir + " a git repository: " + e.getMessage(), e);
        }
    }

    /**
     * Initialises git-annex in the repository unless it already is a git-annex repository; returns the
     * uuid. Safe to run again: an existing uuid, branch, attributes line and hooks are kept.
     */
    static String initialise(Repository repo, String description) throws IOException {
        Path gitDir = repo.getDirectory().toPath();
        Path annexDir = gitDir.resolve("annex");
        Files.createDirectories(annexDir.resolve("journal"));
        StoredConfig config = repo.getConfig();
        String uuid = config.getString("annex", null, "uuid");
        if (uuid == null || uuid.isEmpty()) {
            uuid = UUID.randomUUID().toString();
            config.setString("annex", null, "uuid", uuid);
        }
        config.setString("annex", null, "version", VERSION);
        config.setString("filter", "annex", "smudge", "git-annex smudge -- %f");
        config.setString("filter", "annex", "clean", "git-annex smudge --clean -- %f");
        config.setString("filter", "annex", "process", "git-annex filter-process");
        config.save();
        writeAttributes(gitDir.resolve("info").resolve("attributes"));
        writeHooks(gitDir.resolve("hooks"));

        AnnexBranch branch = AnnexBranch.of(repo, annexDir);
        if (branch.head() == null) {
            List<String> remoteBranches = new ArrayList<>();
            for (Ref r : repo.getRefDatabase().getRefsByPrefix(Constants.R_REMOTES)) {
                if (r.getName().endsWith("/git-annex")) {
                    remoteBranches.add(r.getName());
                }
            }
            if (remoteBranches.isEmpty()) {
                branch.create();
            } else {
                // A clone: continue the existing history rather than start a second root.
                branch.merge(remoteBranches);
            }
        }
        BranchState state = new BranchState(branch, uuid, k -> false, 1);
        if (!state.descriptions().containsKey(uuid)) {
            LogWriter.setUuidValue(branch, "uuid.log", uuid, description == null || description.isBlank()
                    ? defaultDescription(repo) : description.replace('\n', ' '));
            branch.commitJournal();
        }
        return uuid;
    }

    private static String defaultDescription(Repository repo) {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            host = "localhost";
        }
        return System.getProperty("user.name") + "@" + host + ":" + repo.getWorkTree().getAbsolutePath();
    }

    private static void writeAttributes(Path attributes) throws IOException {
        Files.createDirectories(attributes.getParent());
        if (Files.exists(attributes)) {
            for (String line : Files.readAllLines(attributes, StandardCharsets.UTF_8)) {
                if (line.trim().equals(ATTRIBUTES_LINE)) {
                    return;
                }
            }
            String old = Files.readString(attributes, StandardCharsets.UTF_8);
            String sep = old.isEmpty() || old.endsWith("\n") ? "" : "\n";
            Files.writeString(attributes, sep + ATTRIBUTES_LINE + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        } else {
            Files.writeString(attributes, ATTRIBUTES_LINE + "\n", StandardCharsets.UTF_8);
        }
    }

    /** Installs git-annex's hooks where the user has none (an existing hook is never replaced). */
    private static void writeHooks(Path hooks) throws IOException {
        Files.createDirectories(hooks);
        for (String[] h : HOOKS) {
            Path hook = hooks.resolve(h[0]);
            if (!Files.exists(hook)) {
                Files.writeString(hook, "#!/bin/sh\n# automatically configured by git-annex\n" + h[1] + "\n", StandardCharsets.UTF_8);
                Files.setPosixFilePermissions(hook, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
        }
    }
}
