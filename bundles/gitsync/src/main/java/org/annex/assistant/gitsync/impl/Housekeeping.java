package org.annex.assistant.gitsync.impl;

import java.io.File;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.Repository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What {@code git gc --auto} does after git commits and receives pushes, which nothing else does for a
 * repository that only our daemon (JGit) and its neighbours write: our commits and small pushes leave
 * loose objects, and larger pushes leave a pack each. Past git's thresholds ({@code gc.auto} loose objects,
 * estimated from one fan-out folder as git does, or {@code gc.autoPackLimit} packs) JGit's gc packs them.
 * JGit keeps packs younger than an hour and loose objects younger than two weeks, so a push arriving
 * while it runs loses nothing.
 */
final class Housekeeping {
    private static final Logger LOG = LoggerFactory.getLogger(Housekeeping.class);

    private Housekeeping() {
    }

    /** Whether git's own {@code gc --auto} would pack this repository now. */
    static boolean needed(Repository repo) throws IOException {
        int autoLoose = repo.getConfig().getInt("gc", "auto", 6700);
        int autoPacks = repo.getConfig().getInt("gc", "autopacklimit", 50);
        if (autoLoose <= 0) {
            return false;
        }
        Path objects = new File(repo.getDirectory(), "objects").toPath();
        // git samples the "17" fan-out folder: a 256th of the loose objects, hashes being uniform.
        if (count(objects.resolve("17"), null) * 256L > autoLoose) {
            return true;
        }
        return autoPacks > 0 && count(objects.resolve("pack"), ".pack") > autoPacks;
    }

    /** Packs the repository if {@link #needed}; returns whether it did. */
    static boolean runIfNeeded(Repository repo) {
        try {
            if (!needed(repo)) {
                return false;
            }
            long start = System.nanoTime();
            new Git(repo).gc().call();
            LOG.info("{}: packed loose objects and small packs (git gc --auto's thresholds) in {} ms",
                    repo.getWorkTree(), (System.nanoTime() - start) / 1_000_000);
            return true;
        } catch (IOException | GitAPIException | RuntimeException e) {
            LOG.warn("{}: housekeeping (gc) failed: {}", repo.getDirectory(), e.toString());
            return false;
        }
    }

    private static long count(Path dir, String suffix) throws IOException {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        long n = 0;
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
            for (Path p : s) {
                if (suffix == null || p.getFileName().toString().endsWith(suffix)) {
                    n++;
                }
            }
        }
        return n;
    }
}
