package org.annex.assistant.core.impl;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertSame;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

import org.junit.Test;

/** The byte-level scan must keep exactly the lines and winners the plain parser keeps. */
public class LocationLogScanTest {
    private final LocationLogScan scan = new LocationLogScan();

    private static Set<String> plain(byte[] log) {
        Set<String> out = new TreeSet<>();
        LogLines.locationLog(log, "x.log").values().forEach(e -> {
            if (e.value.equals("1")) {
                out.add(e.subject);
            }
        });
        return out;
    }

    private void same(String log) {
        byte[] bytes = log.getBytes(StandardCharsets.UTF_8);
        assertEquals(log, plain(bytes), scan.present(bytes, "x.log"));
    }

    @Test
    public void newestTimestampWinsAsNumbers() {
        assertEquals(Set.of("b"), scan.present("2s 1 a\n10s 0 a\n1s 1 b\n".getBytes(StandardCharsets.UTF_8), "x.log"));
        same("2s 1 a\n10s 0 a\n");
        same("10s 0 a\n2s 1 a\n");
        same("1.9s 1 a\n1.10s 0 a\n");
        same("1.10s 1 a\n1.9s 0 a\n");
        same("1.5s 0 a\n1.50s 1 a\n");
        same("1.50s 1 a\n1.5s 0 a\n");
        same("01s 1 a\n1s 0 a\n");
        same("1s 0 a\n001.000s 1 a\n");
        same("0s 1 a\n0.0s 0 a\n");
        same("1795594686.98718528s 1 u-1\n1795594686.9871852s 0 u-1\n");
    }

    @Test
    public void malformedLinesAreSkippedAlike() {
        same("1s 1 a\n\n\n2s 1 b");
        same("1s 1\n1s 1 a b\n1s  1 a\n1s 2 a\n1s 1 -a\n1s 1 a\r\n1.s 1 a\n.5s 1 a\ns 1 a\n1x 1 a\n 1 a\n1s 1 \n");
        same("1s 1 \u00e9\n1s 1 a\u00e9\n\u00e91s 1 a\n1s X a\n2s 1 a\n");
        same("1234567890123456789012345678901234567890s 1 a\n123456789012345678901234567890123456789s 1 b\n");
        same("1s 1 " + "a".repeat(100) + "\n1s 1 " + "b".repeat(101) + "\n");
    }

    @Test
    public void manyUuidsInOneLog() {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            b.append(i).append("s ").append(i % 3 == 0 ? "0" : "1").append(" u").append(i % 50).append('\n');
        }
        same(b.toString());
    }

    @Test
    public void randomLogsAgreeWithThePlainParser() {
        Random r = new Random(42);
        String[] parts = {"1", "0", "X", "2", "s", ".", " ", "a", "b", "-", "\n", "9", "00", "1.5s", "\r", "\u00e9"};
        for (int n = 0; n < 20000; n++) {
            StringBuilder b = new StringBuilder();
            for (int i = r.nextInt(30); i > 0; i--) {
                if (r.nextInt(3) == 0) {
                    b.append(r.nextInt(20)).append(r.nextBoolean() ? "." + r.nextInt(100) : "").append("s ")
                            .append("10X".charAt(r.nextInt(3))).append(' ').append("ab".charAt(r.nextInt(2))).append('\n');
                } else {
                    b.append(parts[r.nextInt(parts.length)]);
                }
            }
            same(b.toString());
        }
    }

    @Test
    public void equalSetsAreOneInstance() {
        Set<String> a = scan.present("1s 1 a\n1s 1 b\n".getBytes(StandardCharsets.UTF_8), "x.log");
        Set<String> b = scan.present("5s 1 b\n2s 1 a\n".getBytes(StandardCharsets.UTF_8), "y.log");
        assertSame(a, b);
    }
}
