package org.annex.assistant.mountwatch.macos.impl;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;

import org.annex.assistant.api.mount.MountPoint;
import org.annex.assistant.testsupport.TestData;
import org.junit.Test;

/** Recorded system_profiler output (no Mac runs the tests): parse and diff. */
public class SystemProfilerTest {
    private static Set<MountPoint> fixture(String name) throws IOException {
        try (InputStream in = TestData.open("testdata/macos/" + name)) {
            return SystemProfiler.volumes(in);
        }
    }

    private static Set<MountPoint> minus(Set<MountPoint> a, Set<MountPoint> b) {
        Set<MountPoint> d = new HashSet<>(a);
        d.removeAll(b);
        return d;
    }

    @Test
    public void internalOnly() throws IOException {
        Set<MountPoint> a = fixture("system_profiler-a-internal-only.xml");
        assertEquals(2, a.size());
        assertTrue(a.stream().anyMatch(m -> m.path().equals("/") && m.fsType().equals("APFS")));
    }

    @Test
    public void usbDriveAppearsAndGoes() throws IOException {
        Set<MountPoint> a = fixture("system_profiler-a-internal-only.xml");
        Set<MountPoint> b = fixture("system_profiler-b-usb-porta-disk.xml");
        assertEquals(Set.of(new MountPoint("/Volumes/Porta-Disk", "disk4s1", "ExFAT")), minus(b, a));
        assertEquals(Set.of(), minus(a, b));
    }

    @Test
    public void smbShareIsANetworkVolume() throws IOException {
        Set<MountPoint> added = minus(fixture("system_profiler-c-smb-share.xml"), fixture("system_profiler-a-internal-only.xml"));
        assertEquals(1, added.size());
        MountPoint share = added.iterator().next();
        assertEquals("/Volumes/share", share.path());
        assertEquals("smbfs", share.fsType());
        assertTrue(share.source().startsWith("//"));
    }

    @Test
    public void unknownDataTypesAndKeysAreSkipped() throws IOException {
        String xml = "<?xml version=\"1.0\"?><plist version=\"1.0\"><array>"
                + "<dict><key>_dataType</key><string>SPSomethingNew</string><key>_items</key><array><dict>"
                + "<key>mount_point</key><string>/nope</string></dict></array></dict>"
                + "<dict><key>_dataType</key><string>SPStorageDataType</string><key>_items</key><array><dict>"
                + "<key>_name</key><string>X</string><key>weird</key><real>1.5</real><key>flag</key><true/>"
                + "<key>mount_point</key><string>/Volumes/X</string><key>bsd_name</key><string>disk9s1</string>"
                + "<key>file_system</key><string>APFS</string></dict></array></dict></array></plist>";
        assertEquals(Set.of(new MountPoint("/Volumes/X", "disk9s1", "APFS")),
                SystemProfiler.volumes(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8))));
    }

    @Test
    public void garbageIsAClearError() {
        try {
            SystemProfiler.volumes(new ByteArrayInputStream("<html/>".getBytes(StandardCharsets.UTF_8)));
            fail();
        } catch (IOException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("not a property list"));
        }
    }

    @Test
    public void externalEntitiesAreNotResolved() {
        String xml = "<?xml version=\"1.0\"?><!DOCTYPE plist [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                + "<plist version=\"1.0\"><array><dict><key>_dataType</key><string>SPStorageDataType</string>"
                + "<key>_items</key><array><dict><key>mount_point</key><string>&x;</string></dict></array></dict></array></plist>";
        try {
            Set<MountPoint> m = SystemProfiler.volumes(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
            assertTrue("no file content may leak: " + m, m.stream().noneMatch(p -> p.path().contains("root:")));
        } catch (IOException refused) {
            assertTrue(refused.getMessage(), refused.getMessage().contains("bad property list"));
        }
    }
}
