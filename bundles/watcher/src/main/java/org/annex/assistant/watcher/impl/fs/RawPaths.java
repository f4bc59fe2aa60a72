package org.annex.assistant.watcher.impl.fs;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Work-tree paths as git sees them: the raw bytes of the name, relative to the work tree, '/'-separated.
 *
 * <p>Linux file names are bytes and need not be UTF-8; {@link Path#toString()} replaces undecodable bytes, so
 * it cannot be used to name a file in the git index or to pass it to inotify. The only lossless public way
 * between a {@link Path} and its bytes is the file URI: the JDK percent-encodes the raw bytes in
 * {@link Path#toUri()} and decodes them back in {@link Paths#get(URI)}. The engine keeps relative paths as
 * ISO-8859-1 strings of those bytes ("raw strings": one char per byte), which compare and sort like git's
 * unsigned byte order and work as map keys.
 */
public final class RawPaths {
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private RawPaths() {
    }

    /** The raw bytes of an absolute or relative path (relative ones are taken as they are written). */
    public static byte[] bytes(Path path) {
        Path abs = path.isAbsolute() ? path : Path.of("/").resolve(path);
        String raw = abs.toUri().getRawPath();
        byte[] b = percentDecode(raw);
        int len = b.length;
        // toUri appends '/' to a path naming a directory; the name itself has none.
        if (len > 1 && b[len - 1] == '/') {
            len--;
        }
        int from = path.isAbsolute() ? 0 : 1;
        byte[] out = new byte[len - from];
        System.arraycopy(b, from, out, 0, out.length);
        return out;
    }

    /** The absolute path with exactly these bytes. */
    public static Path path(byte[] absolute) {
        if (absolute.length == 0 || absolute[0] != '/') {
            throw new IllegalArgumentException("not an absolute path: " + display(absolute));
        }
        StringBuilder b = new StringBuilder("file://");
        for (byte x : absolute) {
            int c = x & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '/' || c == '-'
                    || c == '.' || c == '_' || c == '~') {
                b.append((char) c);
            } else {
                b.append('%').append(HEX[c >> 4]).append(HEX[c & 15]);
            }
        }
        return Paths.get(URI.create(b.toString()));
    }

    /** The raw string of a path below the root ("" for the root itself). */
    public static String relative(byte[] rootBytes, Path file) {
        byte[] abs = bytes(file.toAbsolutePath());
        if (abs.length == rootBytes.length) {
            return "";
        }
        if (abs.length < rootBytes.length + 1 || abs[rootBytes.length] != '/') {
            throw new IllegalArgumentException("outside the work tree: " + file);
        }
        return new String(abs, rootBytes.length + 1, abs.length - rootBytes.length - 1, StandardCharsets.ISO_8859_1);
    }

    /** The path of a raw string below a root given as bytes. */
    public static Path resolve(byte[] rootBytes, String rel) {
        if (rel.isEmpty()) {
            return path(rootBytes);
        }
        byte[] r = raw(rel);
        byte[] abs = new byte[rootBytes.length + 1 + r.length];
        System.arraycopy(rootBytes, 0, abs, 0, rootBytes.length);
        abs[rootBytes.length] = '/';
        System.arraycopy(r, 0, abs, rootBytes.length + 1, r.length);
        return path(abs);
    }

    public static String rawString(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    public static byte[] raw(String rawString) {
        return rawString.getBytes(StandardCharsets.ISO_8859_1);
    }

    public static String child(String dir, String name) {
        return dir.isEmpty() ? name : dir + '/' + name;
    }

    public static boolean isUnder(String rel, String dir) {
        return dir.isEmpty() || rel.equals(dir) || (rel.startsWith(dir) && rel.charAt(dir.length()) == '/');
    }

    public static String parent(String rel) {
        int slash = rel.lastIndexOf('/');
        return slash < 0 ? "" : rel.substring(0, slash);
    }

    /** A raw string for people: UTF-8 where it decodes, undecodable bytes as \xNN. */
    public static String display(String rawString) {
        return display(raw(rawString));
    }

    public static String display(byte[] bytes) {
        String s = new String(bytes, StandardCharsets.UTF_8);
        if (s.indexOf('\uFFFD') < 0) {
            return s;
        }
        StringBuilder b = new StringBuilder();
        for (byte x : bytes) {
            int c = x & 0xff;
            if (c >= 0x20 && c < 0x7f) {
                b.append((char) c);
            } else {
                b.append("\\x").append(HEX[c >> 4]).append(HEX[c & 15]);
            }
        }
        return b.toString();
    }

    private static byte[] percentDecode(String s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%' && i + 2 < s.length()) {
                out.write(Integer.parseInt(s.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                out.write(b, 0, b.length);
            }
        }
        return out.toByteArray();
    }
}
