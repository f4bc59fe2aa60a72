package org.annex.assistant.api.annex;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * A git-annex key: {@code BACKEND[-sSIZE][-mMTIME][-SCHUNKSIZE-CCHUNKNUM]--NAME}.
 *
 * <p>Keys arrive from other repositories (location logs, tree pointers, the P2P protocol), so parsing
 * is strict about anything that could escape a directory when the key becomes a file name: NUL and
 * control characters, "." and "..", absurd lengths, and path separators outside the URL backend
 * (whose file name escapes them). Any backend parses, so keys of backends we do not hash with are kept.
 */
public final class Key implements Comparable<Key> {
    /** Longest escaped key file name most file systems accept. */
    public static final int MAX_FILE_NAME_BYTES = 255;
    private static final Pattern BACKEND = Pattern.compile("[A-Z0-9]{1,32}");
    private static final Pattern HEX = Pattern.compile("[0-9a-f]+");
    private static final char[] MIXED = "0123456789zqjxkmvwgpfZQJXKMVWGPF".toCharArray();

    private final String backend;
    private final OptionalLong size;
    private final OptionalLong mtime;
    private final OptionalLong chunkSize;
    private final OptionalInt chunkNumber;
    private final String name;
    private final String text;

    private Key(String backend, OptionalLong size, OptionalLong mtime, OptionalLong chunkSize,
            OptionalInt chunkNumber, String name) {
        this.backend = backend;
        this.size = size;
        this.mtime = mtime;
        this.chunkSize = chunkSize;
        this.chunkNumber = chunkNumber;
        this.name = name;
        StringBuilder b = new StringBuilder(backend);
        size.ifPresent(s -> b.append("-s").append(s));
        mtime.ifPresent(m -> b.append("-m").append(m));
        chunkSize.ifPresent(c -> b.append("-S").append(c));
        chunkNumber.ifPresent(c -> b.append("-C").append(c));
        this.text = b.append("--").append(name).toString();
    }

    /** A hash-backend key, such as {@code SHA256E-s6--5891...be03.txt}. */
    public static Key of(String backend, long size, String name) {
        return parse(backend + "-s" + size + "--" + name);
    }

    public static Key parse(String text) {
        if (text == null || text.isEmpty()) {
            throw new KeyFormatException("empty key");
        }
        if (text.length() > 4 * MAX_FILE_NAME_BYTES) {
            throw new KeyFormatException("key too long (" + text.length() + " characters)");
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                throw new KeyFormatException("key contains control character 0x" + Integer.toHexString(c) + ": "
                        + printable(text));
            }
        }
        int sep = text.indexOf("--");
        if (sep <= 0) {
            throw new KeyFormatException("key has no '--' before its name: " + printable(text));
        }
        String[] fields = text.substring(0, sep).split("-", -1);
        String backend = fields[0];
        if (!BACKEND.matcher(backend).matches()) {
            throw new KeyFormatException("bad key backend '" + printable(backend) + "'");
        }
        OptionalLong size = OptionalLong.empty();
        OptionalLong mtime = OptionalLong.empty();
        OptionalLong chunkSize = OptionalLong.empty();
        OptionalInt chunkNumber = OptionalInt.empty();
        for (int i = 1; i < fields.length; i++) {
            String f = fields[i];
            if (f.length() < 2) {
                throw new KeyFormatException("bad key field '" + f + "' in " + printable(text));
            }
            long value = number(f.substring(1), text);
            switch (f.charAt(0)) {
                case 's': size = OptionalLong.of(value); break;
                case 'm': mtime = OptionalLong.of(value); break;
                case 'S': chunkSize = OptionalLong.of(value); break;
                case 'C':
                    if (value > Integer.MAX_VALUE) {
                        throw new KeyFormatException("chunk number too large in " + printable(text));
                    }
                    chunkNumber = OptionalInt.of((int) value);
                    break;
                default: throw new KeyFormatException("unknown key field '" + f + "' in " + printable(text));
            }
        }
        if (chunkSize.isPresent() != chunkNumber.isPresent()) {
            throw new KeyFormatException("chunk size and chunk number go together: " + printable(text));
        }
        String name = text.substring(sep + 2);
        checkName(backend, name, text);
        Key key = new Key(backend, size, mtime, chunkSize, chunkNumber, name);
        if (!key.text.equals(text)) {
            throw new KeyFormatException("key is not in canonical form: " + printable(text));
        }
        if (key.fileName().getBytes(StandardCharsets.UTF_8).length > MAX_FILE_NAME_BYTES) {
            throw new KeyFormatException("key too long for a file name: " + printable(text));
        }
        return key;
    }

    private static void checkName(String backend, String name, String text) {
        if (name.isEmpty() || name.equals(".") || name.equals("..")) {
            throw new KeyFormatException("key name is empty, '.' or '..': " + printable(text));
        }
        if (!backend.equals("URL") && (name.indexOf('/') >= 0 || name.indexOf('\\') >= 0)) {
            throw new KeyFormatException("key name contains a path separator: " + printable(text));
        }
    }

    private static long number(String digits, String text) {
        if (digits.length() > 18 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new KeyFormatException("bad number '" + printable(digits) + "' in key " + printable(text));
        }
        return Long.parseLong(digits);
    }

    /** Shows a hostile key in an error message without its control characters. */
    static String printable(String s) {
        StringBuilder b = new StringBuilder();
        int max = Math.min(s.length(), 200);
        for (int i = 0; i < max; i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                b.append(String.format("\\x%02x", (int) c));
            } else {
                b.append(c);
            }
        }
        return s.length() > max ? b.append("...").toString() : b.toString();
    }

    public static boolean isHashBackend(String backend) {
        return hashBits(backend) > 0;
    }

    /** Digest size of a hash backend, or 0 for backends that are not hashes (WORM, URL, ...). */
    static int hashBits(String backend) {
        String b = backend.endsWith("E") ? backend.substring(0, backend.length() - 1) : backend;
        switch (b) {
            case "MD5": return 128;
            case "SHA1": return 160;
            case "SHA224": case "SHA3_224": return 224;
            case "SHA256": case "SHA3_256": case "BLAKE2B256": case "BLAKE2S256": return 256;
            case "SHA384": case "SHA3_384": case "BLAKE2B384": return 384;
            case "SHA512": case "SHA3_512": case "BLAKE2B512": return 512;
            default: return 0;
        }
    }

    public String backend() { return backend; }
    public OptionalLong size() { return size; }
    public OptionalLong mtime() { return mtime; }
    public OptionalLong chunkSize() { return chunkSize; }
    public OptionalInt chunkNumber() { return chunkNumber; }
    public String name() { return name; }

    /**
     * Whether a hash key's name is a well-formed digest of its backend (lowercase hex of the right length,
     * an extension only on the E backends). Parsing accepts any safe name, as git-annex does (keys made by
     * hand or by other tools exist); content is only ever verified against keys for which this holds.
     * Always false for backends that are not hashes.
     */
    public boolean hasValidDigest() {
        if (!isHashBackend(backend)) {
            return false;
        }
        int dot = name.indexOf('.');
        String hex = dot < 0 ? name : name.substring(0, dot);
        return hex.length() == hashBits(backend) / 4 && HEX.matcher(hex).matches()
                && (dot < 0 || backend.endsWith("E"));
    }

    /** The digest part of a hash key's name (without the extension), or empty for other backends. */
    public String digest() {
        if (!isHashBackend(backend)) {
            return "";
        }
        int dot = name.indexOf('.');
        return dot < 0 ? name : name.substring(0, dot);
    }

    /** The key without chunk fields: what the object-store directories are hashed on. */
    public Key withoutChunk() {
        return chunkSize.isEmpty() ? this : new Key(backend, size, mtime, OptionalLong.empty(), OptionalInt.empty(), name);
    }

    /**
     * The key as a file name, git-annex's keyFile: {@code & -> &a, % -> &s, : -> &c, / -> %}. It names the
     * object directories, pointer files and symlinks, location logs and transfer info files; its inverse is
     * {@link #fromFileName(String)}.
     */
    public String fileName() {
        StringBuilder b = new StringBuilder(text.length() + 8);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&': b.append("&a"); break;
                case '%': b.append("&s"); break;
                case ':': b.append("&c"); break;
                case '/': b.append('%'); break;
                default: b.append(c);
            }
        }
        return b.toString();
    }

    /**
     * The key a file name made by {@link #fileName()} stands for: {@code &a -> &, &s -> %, &c -> :,
     * % -> /}. Strict where git-annex's fileKey is lenient: an {@code &} not followed by a, s or c, and
     * any name that is not exactly the file name of the key it decodes to (a raw {@code /} or {@code :}),
     * is a {@link KeyFormatException}; git-annex never writes such names.
     */
    public static Key fromFileName(String fileName) {
        StringBuilder b = new StringBuilder(fileName.length());
        for (int i = 0; i < fileName.length(); i++) {
            char c = fileName.charAt(i);
            if (c == '%') {
                b.append('/');
            } else if (c == '&') {
                char n = i + 1 < fileName.length() ? fileName.charAt(++i) : 0;
                switch (n) {
                    case 'a': b.append('&'); break;
                    case 's': b.append('%'); break;
                    case 'c': b.append(':'); break;
                    default: throw new KeyFormatException("bad escape '&" + (n == 0 ? "" : printable(String.valueOf(n)))
                            + "' in key file name " + printable(fileName));
                }
            } else {
                b.append(c);
            }
        }
        Key key = parse(b.toString());
        if (!key.fileName().equals(fileName)) {
            throw new KeyFormatException("not the file name of a key (unescaped '/' or ':'): " + printable(fileName));
        }
        return key;
    }

    /** Object directory of non-bare repositories, such as {@code mK/4w/}. */
    public String hashDirMixed() {
        byte[] d = md5(withoutChunk().text);
        long w = (d[0] & 0xffL) | (d[1] & 0xffL) << 8 | (d[2] & 0xffL) << 16 | (d[3] & 0xffL) << 24;
        char[] c = new char[4];
        for (int i = 0; i < 4; i++) {
            // git-annex shifts by 6 but keeps 5 bits; kept as it is, or the paths would not match.
            c[i] = MIXED[(int) ((w >> (6 * i)) & 31)];
        }
        return "" + c[1] + c[0] + '/' + c[3] + c[2] + '/';
    }

    /** Directory in the git-annex branch, bare repositories and special remotes, such as {@code d91/b11/}. */
    public String hashDirLower() {
        String h = hex(md5(withoutChunk().text));
        return h.substring(0, 3) + '/' + h.substring(3, 6) + '/';
    }

    /** Object path relative to a non-bare repository's {@code .git/annex/objects}. */
    public String objectPath() {
        return hashDirMixed() + fileName() + '/' + fileName();
    }

    static byte[] md5(String s) {
        try {
            return MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK always has MD5", e);
        }
    }

    public static String hex(byte[] bytes) {
        char[] out = new char[bytes.length * 2];
        final char[] digits = "0123456789abcdef".toCharArray();
        for (int i = 0; i < bytes.length; i++) {
            out[2 * i] = digits[(bytes[i] >> 4) & 15];
            out[2 * i + 1] = digits[bytes[i] & 15];
        }
        return new String(out);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Key && ((Key) o).text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    @Override
    public int compareTo(Key o) {
        return text.compareTo(o.text);
    }

    /** The key as git-annex writes it. */
    @Override
    public String toString() {
        return text;
    }
}
