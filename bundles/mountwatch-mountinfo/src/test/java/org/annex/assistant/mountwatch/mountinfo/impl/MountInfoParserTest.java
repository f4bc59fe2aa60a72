package org.annex.assistant.mountwatch.mountinfo.impl;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;

import java.util.HashSet;
import java.util.Set;

import org.annex.assistant.api.mount.MountPoint;
import org.annex.assistant.testsupport.TestData;
import org.junit.Test;

public class MountInfoParserTest {
    private static Set<MountPoint> fixture(String name) throws Exception {
        return MountInfoParser.parse(TestData.read("testdata/mountinfo/" + name));
    }

    @Test
    public void oneMountAddedWithEscapedSpace() throws Exception {
        Set<MountPoint> before = fixture("before.txt");
        Set<MountPoint> after = fixture("after-mount.txt");
        Set<MountPoint> added = new HashSet<>(after);
        added.removeAll(before);
        assertEquals(Set.of(new MountPoint("/media/alice/Porta Disk", "/dev/loop0p1", "ext4")), added);
        assertEquals(before.size() + 1, after.size());
    }

    @Test
    public void octalEscapesInMountPointAndSource() throws Exception {
        MountPoint m = fixture("escapes.txt").iterator().next();
        assertEquals("/mnt/e a\tb\\c#d\ne", m.path());
        assertEquals("src with space", m.source());
        assertEquals("tmpfs", m.fsType());
    }

    @Test
    public void lineWithoutOptionalFields() {
        MountPoint m = MountInfoParser.parseLine(
                "42 27 259:0 / /media/root/Porta-Disk rw,nosuid,nodev,relatime - ext4 /dev/loop0p1 rw,errors=remount-ro");
        assertEquals(new MountPoint("/media/root/Porta-Disk", "/dev/loop0p1", "ext4"), m);
    }

    @Test
    public void malformedLinesAreSkipped() {
        assertNull(MountInfoParser.parseLine("garbage"));
        assertNull(MountInfoParser.parseLine("1 2 3 4 5 6 7 8 9 10 11"));
        assertEquals("a\\9", MountInfoParser.unescape("a\\9"));
    }
}
