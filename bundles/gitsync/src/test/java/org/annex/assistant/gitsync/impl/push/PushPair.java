package org.annex.assistant.gitsync.impl.push;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.annex.assistant.core.NeighbourRepositories;
import org.annex.assistant.testsupport.Git;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

/** A repository {@code a} with one commit, a clone of it {@code b} to push to, and the neighbours that open b. */
final class PushPair implements AutoCloseable {
    final Path a;
    final Path b;
    /** b's git directory. */
    final Path bGitDir;
    final Repository repoA;
    final NeighbourRepositories.Owned neighbours = NeighbourRepositories.standalone();

    PushPair(Path root, boolean bareB) throws IOException, InterruptedException {
        a = Git.init(root.resolve("a"));
        Files.writeString(a.resolve("f"), "one\n");
        Git.stdout(a, "git", "add", "f");
        Git.stdout(a, "git", "commit", "-q", "-m", "one");
        if (bareB) {
            Git.stdout(root, "git", "clone", "-q", "--bare", a.toString(), "b.git");
            b = root.resolve("b.git");
            bGitDir = b;
        } else {
            Git.stdout(root, "git", "clone", "-q", a.toString(), "b");
            b = root.resolve("b");
            bGitDir = b.resolve(".git");
            Git.identity(b);
        }
        repoA = new FileRepositoryBuilder().setGitDir(a.resolve(".git").toFile()).build();
    }

    /** How many packs b has. */
    long packs() throws IOException {
        try (Stream<Path> s = Files.list(bGitDir.resolve("objects/pack"))) {
            return s.filter(p -> p.toString().endsWith(".pack")).count();
        }
    }

    @Override
    public void close() {
        repoA.close();
        neighbours.close();
    }
}
