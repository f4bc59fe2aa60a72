package org.annex.assistant.watcher.impl.inotify;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.annex.assistant.testsupport.Git;
import org.annex.assistant.watcher.impl.fs.RawPaths;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class TreeWatcherTest {
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();
    @Rule
    public TemporaryFolder elsewhere = new TemporaryFolder();

    /** Records what the tree watcher reports, as readable strings. */
    static final class Recorder implements TreeWatcher.Listener {
        final List<String> seen = new CopyOnWriteArrayList<>();

        @Override
        public void fileChanged(String rel, boolean closed) {
            seen.add((closed ? "closed " : "changed ") + rel);
        }

        @Override
        public void deleted(String rel, boolean directory) {
            seen.add("deleted " + rel + (directory ? "/" : ""));
        }

        @Override
        public void moved(String from, String to, boolean directory) {
            seen.add("moved " + from + " -> " + to + (directory ? "/" : ""));
        }

        @Override
        public void directoryAppeared(String rel) {
            seen.add("dir " + rel);
        }

        @Override
        public void overflow() {
            seen.add("overflow");
        }
    }

    // "caf\xe9" in Latin-1: not valid UTF-8.
    private static final byte[] LATIN1_NAME = {'c', 'a', 'f', (byte) 0xe9, '.', 't', 'x', 't'};

    @Test
    public void rawPathsKeepNonUtf8NamesExactly() throws Exception {
        Path root = tmp.getRoot().toPath().toRealPath();
        byte[] rootBytes = RawPaths.bytes(root);
        String rel = RawPaths.rawString(LATIN1_NAME);
        Path file = RawPaths.resolve(rootBytes, rel);
        Files.write(file, new byte[] {1});
        List<Path> listed;
        try (Stream<Path> s = Files.list(root)) {
            listed = s.collect(Collectors.toList());
        }
        assertEquals(1, listed.size());
        assertEquals(file, listed.get(0));
        assertArrayEquals(LATIN1_NAME, RawPaths.raw(RawPaths.relative(rootBytes, listed.get(0))));
        // The lossy string form would not find the file again.
        assertTrue(listed.get(0).toString().contains("\uFFFD"));
    }

    @Test
    public void seesCreateCloseMoveDeleteIncludingNonUtf8Names() throws Exception {
        Path root = tmp.getRoot().toPath().toRealPath();
        byte[] rootBytes = RawPaths.bytes(root);
        Files.createDirectories(root.resolve("a/b"));
        Files.createDirectories(root.resolve(".git/annex"));
        Recorder r = new Recorder();
        try (TreeWatcher w = new TreeWatcher(root, r, 100)) {
            w.watchTree("");
            assertEquals(3, w.watchedDirectories());

            String odd = "a/" + RawPaths.rawString(LATIN1_NAME);
            try (OutputStream out = Files.newOutputStream(RawPaths.resolve(rootBytes, odd))) {
                out.write("x".getBytes(StandardCharsets.UTF_8));
            }
            expect(r, "changed " + odd);
            expect(r, "closed " + odd);

            Files.move(RawPaths.resolve(rootBytes, odd), root.resolve("a/b/renamed.txt"));
            expect(r, "moved " + odd + " -> a/b/renamed.txt");

            Files.writeString(root.resolve(".git/annex/ignored"), "no events from .git");
            Files.move(root.resolve("a/b"), root.resolve("c"));
            expect(r, "moved a/b -> c/");
            Files.writeString(root.resolve("c/after-move"), "watch followed the directory");
            expect(r, "closed c/after-move");

            Files.createDirectories(root.resolve("new/deeper"));
            expect(r, "dir new");
            // Files made before the new folder's watch exists are found by the consumer's scan on "dir"
            // (RepositoryWatcherTest); events are this class's contract once the watch is in place.
            Git.await(5000, "a watch on new/deeper", () -> w.isWatched("new/deeper"));
            Files.writeString(root.resolve("new/deeper/f"), "in a new directory");
            expect(r, "closed new/deeper/f");

            Files.delete(root.resolve("c/renamed.txt"));
            expect(r, "deleted c/renamed.txt");

            Path outside = elsewhere.getRoot().toPath();
            Files.move(root.resolve("c/after-move"), outside.resolve("gone"));
            expect(r, "deleted c/after-move");

            assertTrue(r.seen.stream().noneMatch(s -> s.contains(".git")));
            assertEquals("the moved-out file's watch state is gone, no stray events", 0,
                    r.seen.stream().filter(s -> s.contains("gone")).count());
        }
    }

    private static void expect(Recorder r, String event) throws InterruptedException {
        Git.await(5000, RawPaths.display(event) + " in " + r.seen, () -> r.seen.contains(event));
    }
}
