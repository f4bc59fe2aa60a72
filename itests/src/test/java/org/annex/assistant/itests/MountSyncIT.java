package org.annex.assistant.itests;

import static org.annex.assistant.testsupport.Git.await;
import static org.annex.assistant.testsupport.Git.run;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.annex.assistant.testsupport.Daemon;
import org.annex.assistant.testsupport.Git;
import org.junit.After;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * A real drive: an ext4 image on a loop device, mounted and unmounted under a running daemon (its mountinfo
 * watcher, mountsync, gitsync and transfer). The clone on the drive, a remote of A, becomes a synced remote
 * within 2 s of the mount (both ways, content included); another git-annex repository on it is offered; the
 * unmount makes the remote unreachable without a warning per commit. Needs root, mkfs.ext4 and loop devices:
 * skipped, saying so, without them.
 */
public class MountSyncIT {
    private static final long MOUNT_SYNC_MS = 2_000;

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private final List<Path> mounted = new ArrayList<>();

    private static Git.Result tryRun(Path dir, String... cmd) {
        try {
            return Git.tryRun(dir, cmd);
        } catch (Exception e) {
            return null;
        }
    }

    private static boolean succeeds(Path dir, String... cmd) {
        try {
            return Git.tryRun(dir, cmd).exitCode == 0;
        } catch (Exception e) {
            return false;
        }
    }

    private void mount(Path image, Path at) throws Exception {
        run(null, "mount", "-o", "loop", image.toString(), at.toString());
        mounted.add(at);
    }

    private void umount(Path at) throws Exception {
        run(null, "umount", at.toString());
        mounted.remove(at);
    }

    @After
    public void unmountLeftovers() throws Exception {
        for (Path at : mounted) {
            Git.tryRun(null, "umount", "-l", at.toString());
        }
    }

    private static JsonNode repository(Daemon d) throws Exception {
        return new ObjectMapper().readTree(d.get("/system/console/annex/status.json").body()).get("repositories").get(0);
    }

    private static JsonNode remote(Daemon d, String name) throws Exception {
        for (JsonNode r : repository(d).get("remotes")) {
            if (r.get("name").asText().equals(name)) {
                return r;
            }
        }
        return null;
    }

    private static boolean hasObject(Path repo, String key) {
        try (Stream<Path> s = Files.walk(repo.resolve(".git/annex/objects"))) {
            return s.anyMatch(p -> p.getFileName().toString().equals(key) && Files.isRegularFile(p));
        } catch (Exception e) {
            return false;
        }
    }

    private static long warnings(Daemon d, String remote) throws Exception {
        return d.log().lines().filter(l -> l.contains("WARN") && l.contains("remote " + remote + ":")).count();
    }

    @Test
    public void aMountedCloneIsSyncedWithinTwoSecondsAndItsUnmountIsQuiet() throws Exception {
        assumeTrue("needs root to mount a loop device (run as root, as CI does)", "root".equals(System.getProperty("user.name")));
        assumeTrue("needs mkfs.ext4 (Debian package e2fsprogs)", succeeds(null, "mkfs.ext4", "-V"));
        Path root = tmp.getRoot().toPath().toRealPath();
        Path image = root.resolve("drive.img");
        run(null, "truncate", "-s", "64M", image.toString());
        run(null, "mkfs.ext4", "-q", "-F", image.toString());
        Path media = Files.createDirectories(root.resolve("media/drive"));
        assumeTrue("the kernel refuses loop devices here", succeeds(null, "mount", "-o", "loop", image.toString(), media.toString()));
        mounted.add(media);

        Path a = Git.annexInit(root.resolve("a"), "A");
        Path clone = Git.cloneAnnex(a, media.resolve("backups/annex"), "drive", "a", "drive");
        // What git-annex records once it has talked to the remote: the match is by this uuid.
        run(a, "git", "config", "remote.drive.annex-uuid", Git.stdout(clone, "git", "config", "annex.uuid").trim());
        Files.writeString(clone.resolve("from-drive.txt"), "written on the drive\n");
        run(clone, "git", "annex", "add", "-q", "from-drive.txt");
        run(clone, "git", "commit", "-q", "-m", "on the drive");
        Path stranger = Git.annexInit(media.resolve("someone-else"), "not a remote of A");
        umount(media);

        // A JGit configuration of its own: the drive is new to it (JGit measures each new file system once).
        try (Daemon d = Daemon.start(a, Map.of("XDG_CONFIG_HOME", Files.createDirectories(root.resolve("xdg")).toString()))) {
            Files.writeString(a.resolve("from-a.txt"), "written in A while the drive was away\n", StandardCharsets.UTF_8);
            await(30_000, "A's commit of from-a.txt", () -> succeeds(a, "git", "cat-file", "-e", "HEAD:from-a.txt"));
            String key = Git.stdout(a, "git", "annex", "lookupkey", "from-a.txt").trim();
            await(30_000, "the push to the absent drive failing", () -> {
                try {
                    JsonNode r = remote(d, "drive");
                    return r != null && !r.get("reachable").asBoolean();
                } catch (Exception e) {
                    return false;
                }
            });

            mount(image, media);
            long t0 = System.currentTimeMillis();
            String head = Git.stdout(a, "git", "rev-parse", "HEAD").trim();
            // Waited for longer than the 2 s asked for, so that the rest is checked on a loaded machine too; the
            // 2 s are asserted at the end.
            await(30_000, "A's branch pushed to the drive as synced/master", () -> {
                Git.Result r = tryRun(clone, "git", "rev-parse", "refs/heads/synced/master");
                return r != null && r.exitCode == 0 && r.output.trim().equals(head);
            });
            long pushed = System.currentTimeMillis() - t0;
            await(30_000, "the drive's commit merged into A", () -> Files.exists(a.resolve("from-drive.txt")));
            long merged = System.currentTimeMillis() - t0;
            await(30_000, "A's content uploaded to the drive", () -> hasObject(clone, key));
            long synced = System.currentTimeMillis() - t0;
            System.out.println("mount to synced remote: pushed " + pushed + " ms, merged " + merged + " ms, content "
                    + synced + " ms");
            await(10_000, "the drive's file content in A", () -> {
                try {
                    return Files.readString(a.resolve("from-drive.txt")).equals("written on the drive\n");
                } catch (Exception e) {
                    return false;
                }
            });
            await(5_000, "drive reachable on the console", () -> {
                try {
                    return remote(d, "drive").get("reachable").asBoolean();
                } catch (Exception e) {
                    return false;
                }
            });
            JsonNode offered = null;
            for (JsonNode f : repository(d).get("onMountedVolumes")) {
                if (f.get("offered").asBoolean()) {
                    offered = f;
                }
            }
            assertTrue("the other repository on the drive is offered: " + repository(d), offered != null);
            assertEquals(stranger.toString(), offered.get("location").asText());

            long warningsBefore = warnings(d, "drive");
            umount(media);
            await(5_000, "drive unreachable (unmounted) on the console", () -> {
                try {
                    JsonNode r = remote(d, "drive");
                    return !r.get("reachable").asBoolean() && r.get("lastError").asText().contains("not mounted");
                } catch (Exception e) {
                    return false;
                }
            });
            for (int i = 0; i < 3; i++) {
                Path f = a.resolve("after-unmount-" + i + ".txt");
                Files.writeString(f, "commit " + i + "\n");
                await(30_000, "A's commit " + i, () -> succeeds(a, "git", "cat-file", "-e", "HEAD:" + f.getFileName()));
            }
            Thread.sleep(500);
            assertEquals("no warning about the unmounted drive per commit:\n" + d.log(), warningsBefore, warnings(d, "drive"));
            assertTrue("synced " + synced + " ms after the mount (pushed " + pushed + ", merged " + merged + ")",
                    synced <= MOUNT_SYNC_MS);
        }
    }
}
