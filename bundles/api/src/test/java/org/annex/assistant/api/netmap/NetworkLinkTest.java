package org.annex.assistant.api.netmap;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.Test;

public class NetworkLinkTest {
    private static final String A = "a0ce46a4-7ad3-4bf9-9fbe-5e1bc7ffe0ca";
    private static final String B = "d7fe77b0-864a-41a2-932c-00764298c099";

    @Test
    public void aLineOfLinksReadsBackAsWritten() {
        List<NetworkLink> links = List.of(new NetworkLink(A, B, 100, false, true, 0),
                new NetworkLink(A, A.replace('a', 'b'), 250.5, true, false, 1_250_000.25));
        String line = NetworkLink.formatAll(links);
        assertEquals(B + "=cost:100,metered:0,up:1,bps:0 " + A.replace('a', 'b')
                + "=cost:250.500,metered:1,up:0,bps:1250000.250", line);
        List<String> problems = new ArrayList<>();
        assertEquals(links, NetworkLink.parseAll(A, line, problems));
        assertTrue(problems.isEmpty());
    }

    @Test
    public void fieldsANewerDaemonAddsAreIgnoredAndMissingOnesTakeDefaults() {
        assertEquals(new NetworkLink(A, B, 200, false, true, 0), NetworkLink.parse(A, B + "=cost:200,latency:30"));
    }

    @Test
    public void aBadWordIsNamedAndLeftOutOfItsLine() {
        List<String> problems = new ArrayList<>();
        List<NetworkLink> links = NetworkLink.parseAll(A, B + "=cost:x " + B + "=up:1 ../etc=cost:1 " + B + "=cost:5,up:2 "
                + B + "=cost:-1 " + B + "=cost:7", problems);
        assertEquals(List.of(new NetworkLink(A, B, 7, false, true, 0)), links);
        assertEquals(problems.toString(), 5, problems.size());
        assertTrue(problems.get(0), problems.get(0).contains("'x' is not a number"));
        assertTrue(problems.get(1), problems.get(1).contains("has a cost"));
        assertTrue(problems.get(2), problems.get(2).contains("not a repository uuid"));
    }

    @Test
    public void aLinkIsBetweenUuids() {
        assertThrows(IllegalArgumentException.class, () -> new NetworkLink("a b", B, 1, false, true, 0));
        assertThrows(IllegalArgumentException.class, () -> new NetworkLink(A, B, Double.NaN, false, true, 0));
    }
}
