package org.annex.assistant.core.impl;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.annex.assistant.api.annex.Key;

/** Computes and checks keys of the hash backends (SHA256E by default), with git-annex's extension rule. */
public final class KeyHasher {
    public static final String DEFAULT_BACKEND = "SHA256E";
    /** annex.maxextensionlength default; at most two extensions are kept (fixed in this git-annex version). */
    static final int MAX_EXTENSION_LENGTH = 4;
    private static final int MAX_EXTENSIONS = 2;
    private static final int BUFFER = 1 << 20;

    private KeyHasher() {
    }

    /** Whether we can compute keys of this backend (and so verify content against them). */
    public static boolean canHash(String backend) {
        return algorithm(backend) != null;
    }

    private static String algorithm(String backend) {
        String b = backend.endsWith("E") ? backend.substring(0, backend.length() - 1) : backend;
        switch (b) {
            case "MD5": return "MD5";
            case "SHA1": return "SHA-1";
            case "SHA224": return "SHA-224";
            case "SHA256": return "SHA-256";
            case "SHA384": return "SHA-384";
            case "SHA512": return "SHA-512";
            case "SHA3_224": return "SHA3-224";
            case "SHA3_256": return "SHA3-256";
            case "SHA3_384": return "SHA3-384";
            case "SHA3_512": return "SHA3-512";
            default: return null;
        }
    }

    static MessageDigest digest(String backend) {
        String alg = algorithm(backend);
        if (alg == null) {
            throw new IllegalArgumentException("cannot hash with backend " + backend);
        }
        try {
            return MessageDigest.getInstance(alg);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no " + alg, e);
        }
    }

    /**
     * The extension git-annex appends to E-backend keys: at most two dot-separated parts of at most four
     * UTF-8 bytes each, counted from the end; a too-long part stops the search, a part with characters
     * other than ASCII letters and digits (or non-ASCII) is skipped. Leading dots of the name do not count.
     */
    public static String extension(String fileName) {
        String name = fileName.substring(fileName.lastIndexOf('/') + 1);
        int lead = 0;
        while (lead < name.length() && name.charAt(lead) == '.') {
            lead++;
        }
        String[] parts = name.substring(lead).split("\\.", -1);
        List<String> kept = new ArrayList<>();
        for (int i = parts.length - 1; i >= 1; i--) {
            String p = parts[i];
            if (p.getBytes(StandardCharsets.UTF_8).length > MAX_EXTENSION_LENGTH) {
                break;
            }
            if (validExtension(p) && kept.size() < MAX_EXTENSIONS) {
                kept.add(p);
            }
        }
        Collections.reverse(kept);
        StringBuilder b = new StringBuilder();
        for (String p : kept) {
            if (!p.isEmpty()) {
                b.append('.').append(p);
            }
        }
        return b.toString();
    }

    private static boolean validExtension(String part) {
        for (int i = 0; i < part.length(); i++) {
            char c = part.charAt(i);
            boolean asciiAlnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
            if (!asciiAlnum && c < 0x80) {
                return false;
            }
        }
        return true;
    }

    /** The key of some content, given its digest and size, named after {@code fileName} for E backends. */
    static Key keyOf(String backend, byte[] digest, long size, String fileName) {
        String name = Key.hex(digest) + (backend.endsWith("E") ? extension(fileName) : "");
        return Key.of(backend, size, name);
    }

    /** Hashes a file. The extension (E backends) comes from {@code fileName}. */
    public static Key computeKey(String backend, Path file, String fileName) throws IOException {
        MessageDigest md = digest(backend);
        long size = hash(file, md, null);
        return keyOf(backend, md.digest(), size, fileName);
    }

    /**
     * Feeds the file to the digest, copying it to {@code copy} on the way if that is not null (one read
     * for both), and returns the number of bytes read.
     */
    static long hash(Path file, MessageDigest md, OutputStream copy) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(BUFFER);
        long total = 0;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            for (int n; (n = ch.read(buf.clear())) >= 0;) {
                md.update(buf.array(), 0, n);
                if (copy != null) {
                    copy.write(buf.array(), 0, n);
                }
                total += n;
            }
        }
        return total;
    }

    /**
     * Checks a file against a key: the size when the key has one, and the digest for hash backends. The
     * return value is null if it matches, or says what is wrong.
     */
    static String mismatch(Key key, Path file) throws IOException {
        long size = Files.size(file);
        if (key.size().isPresent() && key.size().getAsLong() != size) {
            return "size " + size + " differs from the key's " + key.size().getAsLong();
        }
        if (!Key.isHashBackend(key.backend())) {
            // WORM and URL keys carry no checksum: git-annex checks only their size too.
            return null;
        }
        if (!key.hasValidDigest() || !canHash(key.backend())) {
            return "key " + key + " has no well-formed digest to verify against";
        }
        MessageDigest md = digest(key.backend());
        hash(file, md, null);
        String actual = Key.hex(md.digest());
        return actual.equals(key.digest()) ? null : "checksum " + actual + " differs from the key's " + key.digest();
    }
}
