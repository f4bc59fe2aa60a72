package org.annex.assistant.core.impl.branch;

import static org.junit.Assert.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.Test;

/** The union of a branch file's versions, line by line, as git-annex's union merge makes it. */
public class LineUnionTest {
    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static List<String> strings(Iterable<byte[]> lines) {
        List<String> out = new ArrayList<>();
        lines.forEach(l -> out.add(new String(l, StandardCharsets.UTF_8)));
        return out;
    }

    @Test
    public void linesSplitAsHaskellDoes() {
        assertEquals(List.of(), strings(LineUnion.lines(b(""))));
        assertEquals(List.of("a"), strings(LineUnion.lines(b("a"))));
        assertEquals(List.of("a"), strings(LineUnion.lines(b("a\n"))));
        assertEquals(List.of("a", "", "b"), strings(LineUnion.lines(b("a\n\nb\n"))));
        assertEquals(List.of(""), strings(LineUnion.lines(b("\n"))));
    }

    @Test
    public void unionIsSortedByUnsignedBytesWithoutDuplicates() {
        // "é" is 0xC3 0xA9: after every ASCII letter in byte order (a signed compare would put it first).
        byte[] ours = b("2 1 b\n1 1 a\n");
        byte[] theirs = b("1 1 a\né 1 x\n0 1 z");
        assertEquals(List.of("0 1 z", "1 1 a", "2 1 b", "é 1 x"), strings(LineUnion.of(List.of(ours, theirs))));
        assertEquals("0 1 z\n1 1 a\n2 1 b\né 1 x\n",
                new String(LineUnion.join(LineUnion.of(List.of(ours, theirs))), StandardCharsets.UTF_8));
    }

    @Test
    public void joinEndsEveryLineWithANewline() {
        assertEquals("", new String(LineUnion.join(List.of()), StandardCharsets.UTF_8));
        assertEquals("a\n\n", new String(LineUnion.join(List.of(b("a"), b(""))), StandardCharsets.UTF_8));
    }
}
