package org.annex.assistant.testsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.ftpserver.ssl.SslConfiguration;
import org.apache.ftpserver.ssl.SslConfigurationFactory;

/** A self-signed key pair for 127.0.0.1 in a PKCS12 file, and its certificate's fingerprint as keytool reports it. */
public record TlsKeystore(Path file, String alias, String fingerprint) {
    private static final String PASSWORD = "changeit";
    private static final Pattern SHA256 = Pattern.compile("SHA256: ([0-9A-F:]{95})");

    /** Made by the JDK's keytool, as an administrator would; the key material lives only in {@code dir}. */
    public static TlsKeystore generate(Path dir, String alias) throws IOException, InterruptedException {
        Path file = dir.resolve(alias + ".p12");
        keytool("-genkeypair", "-alias", alias, "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
                "-dname", "CN=" + alias, "-ext", "san=ip:127.0.0.1", "-storetype", "PKCS12",
                "-keystore", file.toString(), "-storepass", PASSWORD);
        String listing = keytool("-list", "-v", "-keystore", file.toString(), "-storepass", PASSWORD);
        Matcher m = SHA256.matcher(listing);
        if (!m.find()) {
            throw new IOException("keytool -list -v shows no SHA256 fingerprint:\n" + listing);
        }
        return new TlsKeystore(file, alias, m.group(1));
    }

    private static String keytool(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException(String.join(" ", cmd) + " failed:\n" + out);
        }
        return out;
    }

    /** The self-signed certificate, as a user would put it in a trust store. */
    public Certificate certificate() throws IOException, GeneralSecurityException {
        return KeyStore.getInstance(file.toFile(), PASSWORD.toCharArray()).getCertificate(alias);
    }

    public SslConfiguration sslConfiguration() {
        SslConfigurationFactory ssl = new SslConfigurationFactory();
        ssl.setKeystoreFile(file.toFile());
        ssl.setKeystoreType("PKCS12");
        ssl.setKeystorePassword(PASSWORD);
        return ssl.createSslConfiguration();
    }
}
