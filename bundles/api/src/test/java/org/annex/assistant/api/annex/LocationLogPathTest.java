package org.annex.assistant.api.annex;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import org.junit.Test;

public class LocationLogPathTest {
    private static final Key SHA = Key.parse("SHA256E-s6--5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03.txt");

    /** Paths as git-annex 10.20230126 wrote them in its branch. */
    @Test
    public void pathsAreGitAnnexs() {
        assertEquals("d91/b11/" + SHA + ".log", LocationLogPath.of(SHA));
        assertEquals("73f/fe6/URL--http&c%%example.com%a&sb&ac&cd.log",
                LocationLogPath.of(Key.parse("URL--http://example.com/a%b&c:d")));
        assertEquals("375/dd5/WORM-s3-m1796154444--a,38b&sc&cd.txt.log",
                LocationLogPath.of(Key.parse("WORM-s3-m1796154444--a,38b%c:d.txt")));
    }

    @Test
    public void keyOfIsTheInverse() {
        for (String k : new String[] {SHA.toString(), "URL--http://example.com/a%b&c:d", "WORM-s3-m1796154444--a,38b%c:d.txt",
                "SHA256E-s1048576-S262144-C2--abc.bin"}) {
            Key key = Key.parse(k);
            assertTrue(LocationLogPath.hasShape(LocationLogPath.of(key)));
            assertEquals(key, LocationLogPath.keyOf(LocationLogPath.of(key)).orElseThrow());
        }
    }

    @Test
    public void otherBranchFilesAreNotLocationLogs() {
        String[] notLogs = {
            "uuid.log", "remote.log", "trust.log",
            "73f/fe6/URL--http&c%%example.com%a&sb&ac&cd.log.web",
            "d91/b11/" + SHA + ".log.met",
            "aaa/bbb/" + SHA + ".log",                       // not the key's own hash directory
            "d91/b11/x/" + SHA + ".log",
            "d91/b11/not-a-key.log",
            "d91/b11/WORM-s1-m1--a&q.log",
            "d91/b11/.log",
        };
        for (String p : notLogs) {
            assertFalse(p, LocationLogPath.keyOf(p).isPresent());
        }
        assertFalse(LocationLogPath.hasShape("uuid.log"));
    }
}
