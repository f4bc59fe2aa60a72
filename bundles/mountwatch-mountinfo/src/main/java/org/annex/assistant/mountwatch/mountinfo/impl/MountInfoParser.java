package org.annex.assistant.mountwatch.mountinfo.impl;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Set;

import org.annex.assistant.api.mount.MountPoint;

/**
 * Parses {@code /proc/self/mountinfo} (proc(5)). The optional fields vary in number, so the fs type and
 * source are found after the first "-" token following field 6, never by column count.
 */
final class MountInfoParser {
    private MountInfoParser() {
    }

    static Set<MountPoint> parse(String mountinfo) {
        Set<MountPoint> mounts = new LinkedHashSet<>();
        for (String line : mountinfo.split("\n")) {
            MountPoint m = parseLine(line);
            if (m != null) {
                mounts.add(m);
            }
        }
        return mounts;
    }

    /** Returns null for a blank or malformed line: one bad line must not hide the other mounts. */
    static MountPoint parseLine(String line) {
        String[] f = line.trim().split(" ");
        if (f.length < 10) {
            return null;
        }
        int sep = -1;
        for (int i = 6; i < f.length; i++) {
            if (f[i].equals("-")) {
                sep = i;
                break;
            }
        }
        if (sep < 0 || sep + 2 >= f.length) {
            return null;
        }
        return new MountPoint(unescape(f[4]), unescape(f[sep + 2]), unescape(f[sep + 1]));
    }

    /** The kernel escapes space, tab, newline and backslash as a backslash and three octal digits. */
    static String unescape(String field) {
        if (field.indexOf('\\') < 0) {
            return field;
        }
        byte[] in = field.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream(in.length);
        for (int i = 0; i < in.length; i++) {
            if (in[i] == '\\' && isOctal(in, i + 1)) {
                out.write((in[i + 1] - '0') * 64 + (in[i + 2] - '0') * 8 + (in[i + 3] - '0'));
                i += 3;
            } else {
                out.write(in[i]);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static boolean isOctal(byte[] b, int from) {
        if (from + 3 > b.length) {
            return false;
        }
        for (int i = from; i < from + 3; i++) {
            if (b[i] < '0' || b[i] > '7') {
                return false;
            }
        }
        return true;
    }
}
