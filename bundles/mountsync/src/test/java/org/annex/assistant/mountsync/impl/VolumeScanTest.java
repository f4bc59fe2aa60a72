package org.annex.assistant.mountsync.impl;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.annex.assistant.testsupport.Git;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** The walk finds work trees and bare repositories git-annex made, and nothing past its bounds. */
public class VolumeScanTest {
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    @Test
    public void findsWorkTreesAndBareRepositoriesWithinThreeLevels() throws Exception {
        Path volume = tmp.getRoot().toPath();
        Path top = Git.annexInit(volume.resolve("annex"), "top");
        Path bare = volume.resolve("a/b/bare.git");
        Git.run(volume, "git", "init", "-q", "--bare", bare.toString());
        Git.run(bare, "git", "annex", "init", "-q", "bare one");
        Git.annexInit(volume.resolve("a/b/c/deep"), "too deep");
        Git.annexInit(volume.resolve(".hidden/annex"), "hidden");
        Git.annexInit(top.resolve("inner"), "inside another repository");
        Files.createSymbolicLink(volume.resolve("link"), top);

        List<VolumeScan.Found> found = VolumeScan.scan(volume);
        Set<Path> where = found.stream().map(VolumeScan.Found::location).collect(Collectors.toSet());
        assertEquals(Set.of(top, bare), where);
        assertEquals(Git.stdout(top, "git", "config", "annex.uuid").trim(),
                found.stream().filter(f -> f.location().equals(top)).findFirst().orElseThrow().uuid());
    }

    @Test
    public void theMountPointItselfMayBeTheRepositoryAndPlainGitIsNone() throws Exception {
        Path volume = Git.annexInit(tmp.getRoot().toPath().resolve("v"), "the volume itself");
        assertEquals(List.of(volume), VolumeScan.scan(volume).stream().map(VolumeScan.Found::location).toList());
        Path plain = Git.init(tmp.getRoot().toPath().resolve("plain"));
        assertTrue(VolumeScan.scan(plain).isEmpty());
        assertTrue(VolumeScan.scan(tmp.getRoot().toPath().resolve("missing")).isEmpty());
    }
}
