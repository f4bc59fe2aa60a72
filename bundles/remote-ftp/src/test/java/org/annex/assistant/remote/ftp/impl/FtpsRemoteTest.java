package org.annex.assistant.remote.ftp.impl;

import static org.annex.assistant.remote.ftp.impl.FtpRemoteTest.expectError;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.annex.assistant.api.annex.Key;
import org.annex.assistant.api.remote.Remote;
import org.annex.assistant.api.remote.RemoteConfig;
import org.annex.assistant.testsupport.FtpTestServer;
import org.annex.assistant.testsupport.FtpTestServer.Tls;
import org.annex.assistant.testsupport.GitAnnexRepo;
import org.annex.assistant.testsupport.TlsKeystore;
import org.apache.commons.net.ftp.FTP;
import org.apache.commons.net.ftp.FTPSClient;
import org.apache.commons.net.util.TrustManagerUtils;
import org.junit.After;
import org.junit.AfterClass;
import org.junit.Before;
import org.junit.BeforeClass;
import org.junit.Test;

/** The FTP remote against an FTPS server that requires TLS on both connections, with self-signed certificates. */
public class FtpsRemoteTest {
    private static Path keys;
    /** The server's key pair. */
    private static TlsKeystore server;
    /** Another self-signed key pair: an impostor's, or one the server should not show. */
    private static TlsKeystore other;

    private Path tmp;
    private Path home;
    private final List<FtpTestServer> servers = new ArrayList<>();

    @BeforeClass
    public static void generateKeyPairs() throws Exception {
        keys = Files.createTempDirectory("ftps-keys");
        server = TlsKeystore.generate(keys, "server");
        other = TlsKeystore.generate(keys, "other");
    }

    @AfterClass
    public static void deleteKeyPairs() throws IOException {
        GitAnnexRepo.deleteTree(keys);
    }

    @Before
    public void setUp() throws IOException {
        tmp = Files.createTempDirectory("ftpsremote").toRealPath();
        home = Files.createDirectory(tmp.resolve("home"));
    }

    @After
    public void tearDown() throws IOException {
        try {
            servers.forEach(FtpTestServer::close);
        } finally {
            GitAnnexRepo.deleteTree(tmp);
        }
    }

    private FtpTestServer start(Tls tls, TlsKeystore dataKeystore) throws Exception {
        FtpTestServer started = new FtpTestServer(home, tmp.resolve("users-" + servers.size() + ".properties"), tls,
                server, dataKeystore);
        servers.add(started);
        return started;
    }

    private FtpTestServer start(Tls tls) throws Exception {
        return start(tls, server);
    }

    /**
     * A remote on {@code on} in its mode, trusting the server's certificate by its fingerprint unless {@code extra}
     * says otherwise (an empty value unsets a key).
     */
    private Remote remote(FtpTestServer on, Map<String, String> extra, String password) throws IOException {
        Map<String, String> config = on.remoteConfig();
        config.put("annex-ftp-tls-fingerprint", server.fingerprint());
        config.put("annex-ftp-timeout", "10");
        config.putAll(extra);
        return FtpRemoteFactory.create(new RemoteConfig("f", config), tmp.resolve(".git"),
                Map.of(FtpRemoteFactory.passwordVariable("f"), password)).orElseThrow();
    }

    private Remote remote(FtpTestServer on, Map<String, String> extra) throws IOException {
        return remote(on, extra, FtpTestServer.PASSWORD);
    }

    private static Key key(byte[] data) {
        return Key.parse(GitAnnexRepo.sha256eKey(data, ".bin"));
    }

    @Test
    public void roundTripOverExplicitFtps() throws Exception {
        roundTrip(start(Tls.EXPLICIT));
    }

    @Test
    public void roundTripOverImplicitFtps() throws Exception {
        roundTrip(start(Tls.IMPLICIT));
    }

    /** The server refuses logins on a clear control connection and transfers on a clear data connection. */
    private void roundTrip(FtpTestServer ftps) throws Exception {
        FtpRemoteTest.roundTrip(remote(ftps, Map.of()), home, tmp);
        assertEquals("the upload and the download, both with PROT P", 2, ftps.protectedTransfers());
    }

    @Test
    public void theServerRefusesTransfersOnAClearDataConnection() throws Exception {
        FtpTestServer ftps = start(Tls.EXPLICIT);
        Files.createDirectories(home.resolve("annex"));
        FTPSClient client = new FTPSClient(false);
        // Only this check of the server itself trusts it blindly.
        client.setTrustManager(TrustManagerUtils.getAcceptAllTrustManager());
        client.connect("127.0.0.1", ftps.port());
        try {
            assertTrue(client.login(FtpTestServer.USER, FtpTestServer.PASSWORD));
            client.setFileType(FTP.BINARY_FILE_TYPE);
            client.enterLocalPassiveMode();
            assertFalse(client.storeFile("annex/clear", new ByteArrayInputStream(new byte[10])));
            assertEquals(client.getReplyString(), 521, client.getReplyCode());
            assertFalse(Files.exists(home.resolve("annex/clear")));
            client.execPBSZ(0);
            client.execPROT("P");
            assertTrue(client.getReplyString(), client.storeFile("annex/protected", new ByteArrayInputStream(new byte[10])));
            // The server handles a session's commands in order: once NOOP is answered, STOR has been counted.
            client.sendNoOp();
            assertEquals(1, ftps.protectedTransfers());
        } finally {
            client.disconnect();
        }
    }

    @Test
    public void aSelfSignedServerIsRefusedUntilItsFingerprintIsPinned() throws Exception {
        FtpTestServer ftps = start(Tls.EXPLICIT);
        Key key = key(new byte[1]);
        Remote unpinned = remote(ftps, Map.of("annex-ftp-tls-fingerprint", ""));
        expectError(() -> unpinned.checkPresent(key), "certificate (CN=server) is not trusted");
        expectError(() -> unpinned.checkPresent(key),
                "trust it with: git config remote.f.annex-ftp-tls-fingerprint " + server.fingerprint());

        Remote impostor = remote(ftps, Map.of("annex-ftp-tls-fingerprint", other.fingerprint()));
        expectError(() -> impostor.checkPresent(key),
                "has SHA-256 fingerprint " + server.fingerprint() + ", which is not pinned");

        String lowerCaseWithoutColons = server.fingerprint().replace(":", "").toLowerCase(Locale.ROOT);
        assertFalse(remote(ftps, Map.of("annex-ftp-tls-fingerprint", lowerCaseWithoutColons)).checkPresent(key));
        Remote duringACertificateChange = remote(ftps,
                Map.of("annex-ftp-tls-fingerprint", other.fingerprint() + ", " + server.fingerprint()));
        assertFalse(duringACertificateChange.checkPresent(key));
    }

    @Test
    public void withoutPinsTheJvmTrustStoreMustVouchForCertificateAndName() throws Exception {
        FtpTestServer ftps = start(Tls.IMPLICIT);
        Key key = key(new byte[2]);
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        trusted.setCertificateEntry("server", server.certificate());
        Path trustStore = tmp.resolve("truststore.p12");
        try (OutputStream out = Files.newOutputStream(trustStore)) {
            trusted.store(out, "trustme".toCharArray());
        }
        Map<String, String> previous = setTrustStore(trustStore.toString(), "trustme", "PKCS12");
        try {
            byte[] data = GitAnnexRepo.randomBytes(20_000, 8);
            Key stored = key(data);
            Remote byAddress = remote(ftps, Map.of("annex-ftp-tls-fingerprint", ""));
            byAddress.store(stored, Files.write(tmp.resolve("content"), data), "b.bin", total -> { });
            assertTrue(byAddress.checkPresent(stored));
            // The certificate is for 127.0.0.1 only; localhost is the same machine, but not the name it vouches for.
            Remote byOtherName = remote(ftps, Map.of("annex-ftp-tls-fingerprint", "", "annex-ftp-host", "localhost"));
            expectError(() -> byOtherName.checkPresent(key), "is not trusted: No name matching localhost found");
        } finally {
            setTrustStore(previous.get("javax.net.ssl.trustStore"), previous.get("javax.net.ssl.trustStorePassword"),
                    previous.get("javax.net.ssl.trustStoreType"));
        }
        Remote jdkDefaults = remote(ftps, Map.of("annex-ftp-tls-fingerprint", ""));
        expectError(() -> jdkDefaults.checkPresent(key), "is not trusted");
    }

    /** Sets the JVM's trust store properties (null clears one) and returns what they were. */
    private static Map<String, String> setTrustStore(String file, String password, String type) {
        Map<String, String> previous = new HashMap<>();
        String[][] properties = {{"javax.net.ssl.trustStore", file}, {"javax.net.ssl.trustStorePassword", password},
                {"javax.net.ssl.trustStoreType", type}};
        for (String[] p : properties) {
            previous.put(p[0], p[1] == null ? System.clearProperty(p[0]) : System.setProperty(p[0], p[1]));
        }
        return previous;
    }

    @Test
    public void aDataConnectionWithAnotherCertificateIsRefused() throws Exception {
        FtpTestServer ftps = start(Tls.EXPLICIT, other);
        byte[] data = GitAnnexRepo.randomBytes(1_000, 9);
        Key key = key(data);
        // Both pinned: the other certificate passes the pins, so only the control connection's certificate tells.
        Remote r = remote(ftps, Map.of("annex-ftp-tls-fingerprint", server.fingerprint() + " " + other.fingerprint()));
        expectError(() -> r.store(key, Files.write(tmp.resolve("content"), data), "c.bin", total -> { }),
                "a data connection showed another certificate (SHA-256 " + other.fingerprint() + ")");
        assertEquals(0, ftps.protectedTransfers());
        assertFalse(r.checkPresent(key));
    }

    @Test
    public void wrongCredentialsOverFtpsAreClear() throws Exception {
        FtpTestServer ftps = start(Tls.IMPLICIT);
        Remote r = remote(ftps, Map.of(), "guess");
        expectError(() -> r.checkPresent(key(new byte[3])),
                "login as annex to 127.0.0.1:" + ftps.port() + " refused (530");
    }

    @Test
    public void plainFtpToAServerThatRequiresTlsIsClear() throws Exception {
        FtpTestServer ftps = start(Tls.EXPLICIT);
        Remote plain = remote(ftps, Map.of("annex-ftp-ftps", "no", "annex-ftp-tls-fingerprint", ""));
        expectError(() -> plain.checkPresent(key(new byte[4])),
                "refused (530 This server requires TLS (AUTH TLS) before login.); if the server wants FTPS, set annex-ftp-ftps");
    }

    @Test
    public void aSecurityModeThatDoesNotFitThePortFailsClearlyAndInTime() throws Exception {
        FtpTestServer implicit = start(Tls.IMPLICIT);
        FtpTestServer explicit = start(Tls.EXPLICIT);
        Key key = key(new byte[5]);
        for (String mode : List.of("explicit", "no")) {
            Remote waitsForAGreeting = remote(implicit, Map.of("annex-ftp-ftps", mode, "annex-ftp-timeout", "1",
                    "annex-ftp-tls-fingerprint", mode.equals("no") ? "" : server.fingerprint()));
            long start = System.nanoTime();
            expectError(() -> waitsForAGreeting.checkPresent(key), "no answer from 127.0.0.1:" + implicit.port()
                    + " within 1 s; if that port wants TLS from the start (implicit FTPS), set annex-ftp-ftps=implicit");
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertTrue(mode + " gave up after " + took, took.compareTo(Duration.ofSeconds(5)) < 0);
        }

        Remote speaksTlsFirst = remote(explicit, Map.of("annex-ftp-ftps", "implicit"));
        expectError(() -> speaksTlsFirst.checkPresent(key),
                "; if that port is plain FTP or explicit FTPS (AUTH TLS), set annex-ftp-ftps=explicit");

        try (FtpTestServer plain = new FtpTestServer(home, tmp.resolve("users-plain.properties"))) {
            Remote asksForTls = remote(plain, Map.of("annex-ftp-ftps", "explicit"));
            expectError(() -> asksForTls.checkPresent(key),
                    "the server at 127.0.0.1:" + plain.port() + " does not offer FTPS: AUTH TLS was answered 431");
        }
    }

    @Test
    public void badTlsConfigurationIsClear() throws Exception {
        FtpTestServer ftps = start(Tls.EXPLICIT);
        expectError(() -> remote(ftps, Map.of("annex-ftp-tls-fingerprint", "5E:3A")),
                "annex-ftp-tls-fingerprint '5E:3A' is not a SHA-256 fingerprint");
        expectError(() -> remote(ftps, Map.of("annex-ftp-ftps", "no")),
                "annex-ftp-tls-fingerprint is set, but annex-ftp-ftps is no");
        expectError(() -> remote(ftps, Map.of("annex-ftp-timeout", "0")), "annex-ftp-timeout '0' is not a number of seconds");
        expectError(() -> remote(ftps, Map.of("annex-ftp-timeout", "soon")), "annex-ftp-timeout 'soon' is not a number");
    }
}
