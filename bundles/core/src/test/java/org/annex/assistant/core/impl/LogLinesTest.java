package org.annex.assistant.core.impl;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.Test;

public class LogLinesTest {
    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    public void newestLineWinsInLocationLogsAndMalformedLinesAreSkipped() {
        String log = "1795594686.5s 0 00f751eb-aa98-41c0-81c1-c5f9f166a0b1\n"
                + "1795594686.987185283s 1 00f751eb-aa98-41c0-81c1-c5f9f166a0b1\n"
                + "1795594735.928561497s 1 72f1ab9b-d257-431b-b683-b3b633141e6b\n"
                + "1895594686.5s 0 72f1ab9b-d257-431b-b683-b3b633141e6b\n"
                + "garbage\n"
                + "1995594686.5s 1 ../../etc\n"
                + "1995594686.5s 2 2c4b7a1e-e8ca-4955-9012-4471cffdb3f9\n"
                + "19955x94686.5s 1 2c4b7a1e-e8ca-4955-9012-4471cffdb3f9\n"
                + "1995594686.s 1 2c4b7a1e-e8ca-4955-9012-4471cffdb3f9\n"
                + "1795594686s 1 2c4b7a1e-e8ca-4955-9012-4471cffdb3f9";
        Map<String, LogLines.Entry> m = LogLines.locationLog(b(log), "test.log");
        assertEquals(3, m.size());
        assertEquals("1", m.get("00f751eb-aa98-41c0-81c1-c5f9f166a0b1").value);
        assertEquals("0", m.get("72f1ab9b-d257-431b-b683-b3b633141e6b").value);
        assertEquals("1", m.get("2c4b7a1e-e8ca-4955-9012-4471cffdb3f9").value);
    }

    @Test
    public void uuidLogsKeepSpacesInValuesAndAcceptMissingTimestamps() {
        String log = "2c4b7a1e-e8ca-4955-9012-4471cffdb3f9 B desc timestamp=1795594735.783213536s\n"
                + "2c4b7a1e-e8ca-4955-9012-4471cffdb3f9 repoB timestamp=1795594734.972208441s\n"
                + "00f751eb-aa98-41c0-81c1-c5f9f166a0b1 old style\n"
                + "72f1ab9b-d257-431b-b683-b3b633141e6b timestamp=1795594735.849521497s\n"
                + "a9b66470-27a5-499c-b23a-f03386794df2 x timestamp=bogus\n"
                + "bad/uuid x timestamp=1795594735.849521497s\n";
        Map<String, LogLines.Entry> m = LogLines.uuidLog(b(log), "uuid.log");
        assertEquals("B desc", m.get("2c4b7a1e-e8ca-4955-9012-4471cffdb3f9").value);
        assertEquals("old style", m.get("00f751eb-aa98-41c0-81c1-c5f9f166a0b1").value);
        assertEquals("", m.get("72f1ab9b-d257-431b-b683-b3b633141e6b").value);
        assertNull(m.get("a9b66470-27a5-499c-b23a-f03386794df2"));
        assertEquals(3, m.size());
        assertEquals("2c4b7a1e-e8ca-4955-9012-4471cffdb3f9 B desc timestamp=1795594735.783213536s\n",
                LogLines.formatUuidLog(java.util.List.of(m.get("2c4b7a1e-e8ca-4955-9012-4471cffdb3f9"))));
    }

    @Test
    public void timestampFirstLogs() {
        Map<String, LogLines.Entry> cfg = LogLines.timestampFirstLog(b(
                "1795594735.705490303s annex.largefiles largerthan=100kb\n1795594756.270272207s annex.largefiles \nnope\n"), "config.log", false);
        assertEquals("", cfg.get("annex.largefiles").value);
        Map<String, LogLines.Entry> n = LogLines.timestampFirstLog(b("1795594735.322764526s 2\n1795594735.1s 5\n"), "numcopies.log", true);
        assertEquals("2", n.get("").value);
        Map<String, LogLines.Entry> g = LogLines.timestampFirstLog(b("1795594735.734092901s archive not copies=archive:1\n"), "g", false);
        assertEquals("not copies=archive:1", g.get("archive").value);
    }

    @Test
    public void timestampsParseAndFormatAsGitAnnexWritesThem() {
        assertEquals(0, Timestamps.parse("1795594686.5s").compareTo(new java.math.BigDecimal("1795594686.5")));
        assertEquals("1795594686.5s", Timestamps.format(java.time.Instant.ofEpochSecond(1795594686, 500_000_000)));
        assertEquals("1795594686s", Timestamps.format(java.time.Instant.ofEpochSecond(1795594686)));
        assertEquals("1795594686.000000001s", Timestamps.format(java.time.Instant.ofEpochSecond(1795594686, 1)));
    }
}
