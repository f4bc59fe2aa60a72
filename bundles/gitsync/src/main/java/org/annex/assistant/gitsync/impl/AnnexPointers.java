package org.annex.assistant.gitsync.impl;

import java.nio.charset.StandardCharsets;

import org.annex.assistant.api.annex.Key;

/** Names the sides of a conflicting annexed file as git-annex does (reading annexed entries is core {@code AnnexedBlobs}). */
final class AnnexPointers {
    private AnnexPointers() {
    }

    /**
     * The name git-annex gives one side of a conflicting annexed file: {@code dir/c.variant-47da.txt},
     * where 47da is the start of md5(key). Only the last extension stays after the tag, as Haskell's
     * takeExtension finds it (a dot file such as {@code .hidden} is all extension).
     */
    static String variantPath(String path, Key key) {
        int slash = path.lastIndexOf('/');
        String dir = path.substring(0, slash + 1);
        String name = path.substring(slash + 1);
        int dot = name.lastIndexOf('.');
        String base = dot < 0 ? name : name.substring(0, dot);
        String ext = dot < 0 ? "" : name.substring(dot);
        String md5 = Key.hex(md5(key.toString()));
        return dir + base + ".variant-" + md5.substring(0, 4) + ext;
    }

    private static byte[] md5(String s) {
        try {
            return java.security.MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK always has MD5", e);
        }
    }
}
