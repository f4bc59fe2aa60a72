package org.annex.assistant.launcher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Web console credentials: generated at first start, kept in a file only its owner can read, printed
 * once. The console gets only the SHA-256 of the password.
 */
final class Credentials {
    static final String FILE = "console.credentials";
    private static final String ALPHABET = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    final String user;
    final String password;
    final boolean created;

    private Credentials(String user, String password, boolean created) {
        this.user = user;
        this.password = password;
        this.created = created;
    }

    static Credentials loadOrCreate(Path file) throws IOException {
        if (Files.exists(file)) {
            String line = Files.readString(file, StandardCharsets.UTF_8).trim();
            int colon = line.indexOf(':');
            if (colon > 0 && colon < line.length() - 1) {
                return new Credentials(line.substring(0, colon), line.substring(colon + 1), false);
            }
        }
        SecureRandom random = new SecureRandom();
        StringBuilder pw = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            pw.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        Credentials c = new Credentials("annex", pw.toString(), true);
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, c.user + ":" + c.password + "\n", StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
        return c;
    }

    /** The form Felix Web Console accepts for a hashed password. */
    String hashedPassword() {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(password.getBytes(StandardCharsets.UTF_8));
            return "{sha-256}" + Base64.getEncoder().encodeToString(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK always has SHA-256", e);
        }
    }
}
