package org.annex.assistant.remote.ftp.impl;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.List;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Whether an FTPS server is the one the user means. With pinned SHA-256 fingerprints
 * ({@code annex-ftp-tls-fingerprint}) its certificate must have one of them, as with ssh's known hosts: FTP servers
 * mostly have self-signed certificates, which no trust store vouches for. The pin names the server, so neither the
 * certificate's names nor its issuer or dates are looked at. Without pins the JVM's trust store
 * must vouch for the certificate and for the host name (the control connection is opened with endpoint
 * checking, which the JVM's trust manager carries out).
 *
 * <p>Every later handshake (the PROT P data connections) must show the very certificate the control connection
 * showed: data connections go to whatever address PASV names, where no name is checked, so a trust store alone
 * would let any certificate it vouches for take the content. One instance per control connection.
 */
final class ServerTrust extends X509ExtendedTrustManager {
    private static final HexFormat FINGERPRINT = HexFormat.ofDelimiter(":").withUpperCase();

    private final String remote;
    private final List<String> pins;
    private X509Certificate control;
    private String refusal;

    ServerTrust(String remote, List<String> pins) {
        this.remote = remote;
        this.pins = pins;
    }

    /** A certificate's SHA-256 fingerprint as {@code keytool -list -v} and {@code openssl x509 -fingerprint} print it. */
    static String fingerprint(X509Certificate certificate) throws CertificateException {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
            return FINGERPRINT.formatHex(digest);
        } catch (GeneralSecurityException e) {
            throw new CertificateException("cannot hash the server's certificate", e);
        }
    }

    /**
     * A fingerprint as the user wrote it, in the form {@link #fingerprint} gives, or null if it is not 32 bytes in
     * hex (colons between the bytes optional).
     */
    static String normalize(String pin) {
        String hex = pin.replace(":", "");
        if (!hex.matches("[0-9a-fA-F]{64}")) {
            return null;
        }
        return FINGERPRINT.formatHex(HexFormat.of().parseHex(hex));
    }

    /** Why the server's certificate was refused, for the user: what is wrong and how to trust it. Null if it was not. */
    String refusal() {
        return refusal;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        check(chain, () -> jvmTrustStore().checkServerTrusted(chain, authType, socket));
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        check(chain, () -> jvmTrustStore().checkServerTrusted(chain, authType, engine));
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        check(chain, () -> jvmTrustStore().checkServerTrusted(chain, authType));
    }

    private interface TrustStoreCheck {
        void run() throws CertificateException;
    }

    private void check(X509Certificate[] chain, TrustStoreCheck trustStore) throws CertificateException {
        if (chain == null || chain.length == 0) {
            throw refuse("the server showed no certificate");
        }
        X509Certificate leaf = chain[0];
        String fingerprint = fingerprint(leaf);
        if (control != null) {
            if (!control.equals(leaf)) {
                throw refuse("a data connection showed another certificate (SHA-256 " + fingerprint
                        + ") than the control connection; someone else may have answered it");
            }
            return;
        }
        if (!pins.isEmpty()) {
            if (!pins.contains(fingerprint)) {
                // No hint to pin the new one: a changed certificate is what an impostor looks like, too.
                throw refuse("the server's certificate has SHA-256 fingerprint " + fingerprint
                        + ", which is not pinned in annex-ftp-tls-fingerprint; if the server's certificate was"
                        + " replaced, check the new fingerprint with its administrator and pin it");
            }
        } else {
            try {
                trustStore.run();
            } catch (CertificateException e) {
                throw refuse("the server's certificate (" + leaf.getSubjectX500Principal().getName()
                        + ") is not trusted: " + e.getMessage() + ". If this is your server and its certificate's"
                        + " SHA-256 fingerprint is " + fingerprint + ", trust it with: git config remote." + remote
                        + ".annex-ftp-tls-fingerprint " + fingerprint);
            }
        }
        control = leaf;
    }

    private CertificateException refuse(String why) {
        refusal = why;
        return new CertificateException(why);
    }

    private static X509ExtendedTrustManager jvmTrustStore() throws CertificateException {
        try {
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init((KeyStore) null);
            for (TrustManager manager : factory.getTrustManagers()) {
                if (manager instanceof X509ExtendedTrustManager) {
                    return (X509ExtendedTrustManager) manager;
                }
            }
            throw new CertificateException("the JVM has no X.509 trust manager");
        } catch (GeneralSecurityException e) {
            throw new CertificateException("cannot read the JVM's trust store: " + e.getMessage(), e);
        }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        throw notAServer();
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        throw notAServer();
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw notAServer();
    }

    private static CertificateException notAServer() {
        return new CertificateException("an FTP remote is a TLS client; it accepts no clients");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
    }
}
