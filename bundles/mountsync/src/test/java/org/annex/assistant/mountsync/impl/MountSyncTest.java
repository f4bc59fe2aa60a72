package org.annex.assistant.mountsync.impl;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.annex.assistant.api.event.Topics;
import org.annex.assistant.core.LocalAnnex;
import org.annex.assistant.mountsync.FoundRepository;
import org.annex.assistant.testsupport.Git;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * Repositories made by git and git-annex in a folder standing for a volume (what a mount point holds is a
 * folder to the walk; {@code itests/…/MountSyncIT} mounts a real one): a remote found there by uuid gets
 * REMOTE_MOUNTED, another git-annex repository is offered, and the unmount names every remote there.
 */
public class MountSyncTest {
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private final List<Map<String, Object>> posted = new ArrayList<>();
    private final List<String> topics = new ArrayList<>();
    private final MountSync sync = new MountSync((topic, props) -> {
        topics.add(topic);
        posted.add(props);
    });

    /** What git-annex records once it has talked to the remote (its first sync, fetch or transfer). */
    private static void recordUuid(Path repo, String remote, Path remoteRepo) throws Exception {
        Git.run(repo, "git", "config", "remote." + remote + ".annex-uuid",
                Git.stdout(remoteRepo, "git", "config", "annex.uuid").trim());
    }

    @Test
    public void remoteAtASubPathIsMountedAndOthersAreOffered() throws Exception {
        Path root = tmp.getRoot().toPath().toRealPath();
        Path a = Git.annexInit(root.resolve("a"), "A");
        Path volume = Files.createDirectories(root.resolve("volume"));
        Path clone = Git.cloneAnnex(a, volume.resolve("backups/annex"), "usb", "a", "usb");
        recordUuid(a, "usb", clone);
        Path stranger = Git.annexInit(volume.resolve("other"), "someone else's");
        Git.init(volume.resolve("plain-git"));
        Git.annexInit(volume.resolve("x/y/z/too-deep"), "below the walk");
        try (LocalAnnex annex = LocalAnnex.open(a, "A")) {
            sync.mounted(volume.toString(), "ext4", List.of(annex));

            assertEquals(List.of(Topics.REMOTE_MOUNTED), topics);
            assertEquals(Map.of(Topics.REPOSITORY, a.toString(), Topics.REMOTE, "usb", Topics.MOUNT_POINT,
                    volume.toString(), Topics.LOCATION, clone.toString()), posted.get(0));
            List<FoundRepository> found = sync.found();
            assertEquals(found.toString(), 2, found.size());
            FoundRepository offered = found.stream().filter(FoundRepository::offered).findFirst().orElseThrow();
            assertEquals(stranger, offered.location());
            assertFalse("not in A's uuid.log", offered.known());
            assertTrue(found.stream().anyMatch(f -> "usb".equals(f.remote()) && f.atRemoteUrl()));

            sync.unmounted(volume.toString(), List.of(annex));
            assertEquals(List.of(Topics.REMOTE_MOUNTED, Topics.REMOTE_UNMOUNTED), topics);
            assertEquals(Map.of(Topics.REPOSITORY, a.toString(), Topics.REMOTE, "usb", Topics.MOUNT_POINT,
                    volume.toString()), posted.get(1));
            assertTrue(sync.found().isEmpty());
        }
    }

    @Test
    public void aRemoteMountedElsewhereIsNamedButNotSyncedAndPseudoFileSystemsAreNotWalked() throws Exception {
        Path root = tmp.getRoot().toPath().toRealPath();
        Path a = Git.annexInit(root.resolve("a"), "A");
        Path clone = Git.cloneAnnex(a, root.resolve("first-mount/annex"), "usb", "a", "usb");
        recordUuid(a, "usb", clone);
        Path elsewhere = root.resolve("second-mount");
        Files.createDirectories(elsewhere);
        Files.move(clone, elsewhere.resolve("annex"));
        try (LocalAnnex annex = LocalAnnex.open(a, "A")) {
            sync.mounted(elsewhere.toString(), "proc", List.of(annex));
            assertTrue(sync.found().isEmpty());

            sync.mounted(elsewhere.toString(), "vfat", List.of(annex));
            assertTrue("its url leads elsewhere: a sync would fail", topics.isEmpty());
            FoundRepository f = sync.found().get(0);
            assertEquals("usb", f.remote());
            assertFalse(f.atRemoteUrl());

            // Unmounting the volume its url names reports it, though nothing was found there.
            sync.unmounted(root.resolve("first-mount").toString(), List.of(annex));
            assertEquals(List.of(Topics.REMOTE_UNMOUNTED), topics);
        }
    }

    @Test
    public void aRemoteWithoutAnnexUuidYetIsMatchedByItsUrl() throws Exception {
        Path root = tmp.getRoot().toPath().toRealPath();
        Path a = Git.annexInit(root.resolve("a"), "A");
        Path clone = Git.cloneAnnex(a, root.resolve("vol/annex"), "new drive", "a", "drive");
        assertTrue(Git.tryRun(a, "git", "config", "remote.drive.annex-uuid").exitCode != 0);
        try (LocalAnnex annex = LocalAnnex.open(a, "A")) {
            sync.mounted(root.resolve("vol").toString(), "ext4", List.of(annex));
            assertEquals(List.of(Topics.REMOTE_MOUNTED), topics);
            assertEquals("drive", posted.get(0).get(Topics.REMOTE));
            assertEquals(clone.toString(), posted.get(0).get(Topics.LOCATION));
        }
    }

    @Test
    public void itsOwnVolumeIsNeitherRemoteNorOffer() throws Exception {
        Path root = tmp.getRoot().toPath().toRealPath();
        Path a = Git.annexInit(root.resolve("vol/a"), "A");
        try (LocalAnnex annex = LocalAnnex.open(a, "A")) {
            sync.mounted(root.resolve("vol").toString(), "ext4", List.of(annex));
            assertTrue(sync.found().isEmpty());
            assertTrue(topics.isEmpty());
        }
    }
}
