package org.annex.assistant.testsupport;

import java.nio.file.Path;
import java.util.List;

/**
 * Four git-annex clones in a diamond, for tests of the network map and of plans over it: a → b → d is the
 * cheap path, a → c → d the dear one (c and d are each other's remotes at annex-cost 500). Each clone has
 * synced once, so every remote's annex-uuid is recorded.
 */
public final class DiamondClones {
    /** What goes into a's first commit (a file added with git or git-annex, committed). */
    public interface FirstCommit {
        void make(Path a) throws Exception;
    }

    public final Path a, b, c, d;

    private DiamondClones(Path a, Path b, Path c, Path d) {
        this.a = a;
        this.b = b;
        this.c = c;
        this.d = d;
    }

    public static DiamondClones create(Path root, FirstCommit first) throws Exception {
        Path a = Git.annexInit(root.resolve("a"), "a");
        first.make(a);
        Path b = Git.cloneAnnex(a, root.resolve("b"), "b", "a", "b");
        Path c = Git.cloneAnnex(a, root.resolve("c"), "c", "a", "c");
        Path d = Git.cloneAnnex(b, root.resolve("d"), "d", "b", "d");
        Git.run(c, "git", "remote", "add", "d", d.toString());
        Git.run(d, "git", "remote", "add", "c", c.toString());
        Git.run(c, "git", "config", "remote.d.annex-cost", "500");
        Git.run(d, "git", "config", "remote.c.annex-cost", "500");
        for (Path p : List.of(a, b, c, d)) {
            Git.run(p, "git", "annex", "sync", "-q", "--no-content"); // records each remote's annex-uuid
        }
        return new DiamondClones(a, b, c, d);
    }

    /** git annex sync in an order that brings every clone's git-annex branch lines to every clone. */
    public void syncAll() throws Exception {
        for (Path p : List.of(b, c, d, a, b, c)) {
            Git.run(p, "git", "annex", "sync", "-q", "--no-content");
        }
    }
}
