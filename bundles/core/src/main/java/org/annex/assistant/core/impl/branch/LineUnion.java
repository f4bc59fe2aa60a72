package org.annex.assistant.core.impl.branch;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;

/**
 * git-annex's union merge of a branch file, on bytes: the sorted (byte order) unique lines of every side.
 * It serves the union merge's blobs, its check that a side already is the union, and the merged read of
 * another repository's log.
 */
final class LineUnion {
    private LineUnion() {
    }

    /** The sorted (byte order), unique lines of some files' contents. */
    static TreeSet<byte[]> of(List<byte[]> contents) {
        TreeSet<byte[]> union = new TreeSet<>(Arrays::compareUnsigned);
        for (byte[] c : contents) {
            union.addAll(lines(c));
        }
        return union;
    }

    /** Each line followed by a newline. */
    static byte[] join(Iterable<byte[]> lines) {
        int size = 0;
        for (byte[] l : lines) {
            size += l.length + 1;
        }
        byte[] out = new byte[size];
        int pos = 0;
        for (byte[] l : lines) {
            System.arraycopy(l, 0, out, pos, l.length);
            pos += l.length;
            out[pos++] = '\n';
        }
        return out;
    }

    /** Lines split like Haskell's {@code lines}: a final newline ends the last line, an empty file has none. */
    static List<byte[]> lines(byte[] content) {
        List<byte[]> out = new ArrayList<>();
        int start = 0;
        while (start < content.length) {
            int nl = start;
            while (nl < content.length && content[nl] != '\n') {
                nl++;
            }
            out.add(Arrays.copyOfRange(content, start, nl));
            start = nl + 1;
        }
        return out;
    }
}
