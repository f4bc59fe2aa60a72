package org.annex.assistant.mountwatch.mountinfo.impl;

import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.Test;

/** A real tmpfs mount in our own namespace wakes the poller; needs root (CI runs as root). */
public class MountInfoWatcherLiveTest {
    @Test
    public void kernelSignalsMountAndUnmount() throws Exception {
        assumeTrue("root is needed to mount", "root".equals(System.getProperty("user.name")));
        Path dir = Files.createTempDirectory("mountwatch");
        try (ProcPoller poller = new ProcPoller("/proc/self/mountinfo")) {
            String before = poller.readAll();
            assertTrue(!poller.await(50));
            run("mount", "-t", "tmpfs", "annextest", dir.toString());
            try {
                assertTrue("mount not signalled within 1 s", poller.await(1000));
                String after = poller.readAll();
                assertTrue(!before.contains(dir.toString()) && MountInfoParser.parse(after).stream()
                        .anyMatch(m -> m.path().equals(dir.toString()) && m.fsType().equals("tmpfs")));
            } finally {
                run("umount", dir.toString());
            }
            assertTrue("unmount not signalled within 1 s", poller.await(1000));
            assertTrue(MountInfoParser.parse(poller.readAll()).stream().noneMatch(m -> m.path().equals(dir.toString())));
        } finally {
            Files.deleteIfExists(dir);
        }
    }

    private static void run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).inheritIO().start();
        assertTrue(String.join(" ", cmd) + " failed", p.waitFor() == 0);
    }
}
