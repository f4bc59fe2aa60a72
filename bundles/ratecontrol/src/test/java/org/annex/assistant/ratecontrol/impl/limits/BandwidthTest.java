package org.annex.assistant.ratecontrol.impl.limits;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import org.junit.Test;

public class BandwidthTest {
    @Test
    public void readsGitAnnexRates() {
        assertEquals(1 << 20, Bandwidth.parse("1MiB"));
        assertEquals(10L << 20, Bandwidth.parse("10MiB/s"));
        assertEquals(10L << 20, Bandwidth.parse(" 10 mib / s "));
        assertEquals(500_000, Bandwidth.parse("500kB/s"));
        assertEquals(2_500_000, Bandwidth.parse("2.5 megabytes"));
        assertEquals(1536, Bandwidth.parse("1.5KiB/sec"));
        assertEquals(4096, Bandwidth.parse("4096"));
        assertEquals(3L << 30, Bandwidth.parse("3GiB/s"));
        assertEquals(0, Bandwidth.parse(""));
        assertEquals(0, Bandwidth.parse("0"));
        assertEquals(0, Bandwidth.parse("unlimited"));
        assertEquals(0, Bandwidth.parse(null));
    }

    @Test
    public void refusesWhatIsNotARate() {
        for (String bad : new String[] {"fast", "10 MiB/h", "-1MiB", "10 parsecs", "1e6", "MiB"}) {
            try {
                Bandwidth.parse(bad);
                fail(bad);
            } catch (IllegalArgumentException e) {
                assertTrue(e.getMessage(), e.getMessage().contains("'" + bad + "' is not a rate"));
            }
        }
    }

    @Test
    public void formatsForPeople() {
        assertEquals("10MiB/s", Bandwidth.format(10L << 20));
        assertEquals("1.50KiB/s", Bandwidth.format(1536));
        assertEquals("999B/s", Bandwidth.format(999));
        assertEquals("unlimited", Bandwidth.format(0));
    }
}
