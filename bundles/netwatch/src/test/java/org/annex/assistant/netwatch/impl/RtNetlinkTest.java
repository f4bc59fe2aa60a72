package org.annex.assistant.netwatch.impl;

import static org.junit.Assert.assertEquals;

import org.junit.Test;

public class RtNetlinkTest {
    @Test
    public void countsEveryMessageOfADatagram() {
        byte[] d = new byte[16 + 20 + 16];
        d[0] = 16;
        d[16] = 20;
        d[36] = 16;
        assertEquals(3, RtNetlink.countMessages(d));
        assertEquals("a truncated header ends the walk", 0, RtNetlink.countMessages(new byte[] {(byte) 200, 0, 0, 0, 0, 0, 0, 0,
                0, 0, 0, 0, 0, 0, 0, 0}));
    }

}
