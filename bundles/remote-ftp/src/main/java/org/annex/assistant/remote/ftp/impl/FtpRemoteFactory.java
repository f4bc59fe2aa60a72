package org.annex.assistant.remote.ftp.impl;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.annex.assistant.api.annex.AnnexRepository;
import org.annex.assistant.api.remote.Remote;
import org.annex.assistant.api.remote.RemoteConfig;
import org.annex.assistant.api.remote.RemoteFactory;
import org.osgi.service.component.annotations.Component;

/**
 * Makes FTP/FTPS remotes ({@code type=ftp}, or a git remote with {@code annex-ftp-host}). git config keys:
 * {@code annex-ftp-host}, {@code annex-ftp-port} (21, or 990 for implicit FTPS), {@code annex-ftp-user}
 * (default anonymous), {@code annex-ftp-directory} (default: the login directory), {@code annex-ftp-ftps}
 * ({@code no}, {@code explicit} = AUTH TLS, {@code implicit} = TLS from the first byte),
 * {@code annex-ftp-timeout} (seconds to wait for the server before giving up, default 30).
 *
 * <p>With FTPS, both the control and the data connections are encrypted, and the server's certificate must be
 * trusted: either {@code annex-ftp-tls-fingerprint} pins its SHA-256 fingerprint (hex, colons optional, as
 * {@code openssl x509 -noout -fingerprint -sha256} or {@code keytool -list -v} print it; several separated by
 * commas or spaces while a server changes certificates), or, without pins, the JVM's trust store
 * ({@code javax.net.ssl.trustStore}, else the JDK's {@code cacerts}) must vouch for it and for the host name.
 * A self-signed certificate is refused with its fingerprint in the error, to check and pin.
 *
 * <p>The password is never in git config. It comes from the environment variable
 * {@code ANNEX_FTP_PASSWORD_<NAME>} (the remote name upper-cased, other characters than letters and digits
 * as '_'), or else from the first line of {@code .git/annex-assistant/credentials/ftp-<name>}, which must be
 * readable by its owner only (mode 0600) or it is refused. With neither, the login is anonymous.
 */
@Component(service = RemoteFactory.class, property = RemoteFactory.TYPE + "=ftp")
public class FtpRemoteFactory implements RemoteFactory {
    static final int NETWORK_COST = 200;
    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    /** A day; Commons Net takes timeouts as int milliseconds. */
    private static final long MAX_TIMEOUT_SECONDS = 86_400;

    @Override
    public Optional<Remote> create(AnnexRepository repository, String name, Map<String, String> config)
            throws IOException {
        return create(new RemoteConfig(name, config), repository.gitDir(), System.getenv());
    }

    static Optional<Remote> create(RemoteConfig config, Path gitDir, Map<String, String> env) throws IOException {
        if (!config.isType("ftp", "annex-ftp-host")) {
            return Optional.empty();
        }
        config.requirePlainContent();
        String host = config.require("annex-ftp-host", "the FTP server's host name");
        FtpRemote.Security security;
        switch (config.get("annex-ftp-ftps").orElse("no")) {
            case "no": security = FtpRemote.Security.NONE; break;
            case "explicit": security = FtpRemote.Security.EXPLICIT; break;
            case "implicit": security = FtpRemote.Security.IMPLICIT; break;
            default: throw config.error("annex-ftp-ftps must be no, explicit or implicit, not '"
                    + config.get("annex-ftp-ftps").get() + "'");
        }
        List<String> pins = pins(config);
        if (security == FtpRemote.Security.NONE && !pins.isEmpty()) {
            throw config.error("annex-ftp-tls-fingerprint is set, but annex-ftp-ftps is no: plain FTP has no"
                    + " certificate to check; set annex-ftp-ftps to explicit or implicit");
        }
        int port = security == FtpRemote.Security.IMPLICIT ? 990 : 21;
        if (config.get("annex-ftp-port").isPresent()) {
            try {
                port = Integer.parseInt(config.get("annex-ftp-port").get());
            } catch (NumberFormatException e) {
                port = -1;
            }
            if (port < 1 || port > 65535) {
                throw config.error("annex-ftp-port '" + config.get("annex-ftp-port").get() + "' is not a port number");
            }
        }
        String user = config.get("annex-ftp-user").orElse("anonymous");
        String directory = config.get("annex-ftp-directory").orElse("");
        if (directory.contains("\n") || directory.contains("\r")) {
            throw config.error("annex-ftp-directory contains a line break");
        }
        String password = password(config.name(), gitDir, env);
        return Optional.of(new FtpRemote(config.name(), config.uuid(), config.cost(NETWORK_COST), host, port, security,
                pins, timeout(config), user, password, directory));
    }

    private static List<String> pins(RemoteConfig config) throws IOException {
        List<String> pins = new ArrayList<>();
        for (String pin : config.get("annex-ftp-tls-fingerprint").orElse("").split("[,\\s]+")) {
            if (pin.isEmpty()) {
                continue;
            }
            String normalized = ServerTrust.normalize(pin);
            if (normalized == null) {
                throw config.error("annex-ftp-tls-fingerprint '" + pin + "' is not a SHA-256 fingerprint"
                        + " (32 bytes in hex, e.g. 5E:3A:...)");
            }
            pins.add(normalized);
        }
        return pins;
    }

    private static Duration timeout(RemoteConfig config) throws IOException {
        Optional<String> value = config.get("annex-ftp-timeout");
        if (value.isEmpty()) {
            return DEFAULT_TIMEOUT;
        }
        try {
            long seconds = Long.parseLong(value.get());
            if (seconds > 0 && seconds <= MAX_TIMEOUT_SECONDS) {
                return Duration.ofSeconds(seconds);
            }
        } catch (NumberFormatException e) {
            // Reported below, as for an out-of-range number.
        }
        throw config.error("annex-ftp-timeout '" + value.get() + "' is not a number of seconds from 1 to "
                + MAX_TIMEOUT_SECONDS);
    }

    static String passwordVariable(String remote) {
        return "ANNEX_FTP_PASSWORD_" + remote.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
    }

    private static String password(String remote, Path gitDir, Map<String, String> env) throws IOException {
        String fromEnv = env.get(passwordVariable(remote));
        if (fromEnv != null) {
            return fromEnv;
        }
        Path file = gitDir.resolve("annex-assistant").resolve("credentials").resolve("ftp-" + remote);
        if (!Files.exists(file)) {
            return "anonymous@";
        }
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
        if (perms.stream().anyMatch(p -> p.name().startsWith("GROUP") || p.name().startsWith("OTHERS"))) {
            throw new IOException("remote " + remote + ": " + file + " may be read by others; chmod 600 it");
        }
        return Files.readAllLines(file).stream().findFirst().orElse("");
    }
}
