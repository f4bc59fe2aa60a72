package org.annex.assistant.remote.ftp.impl;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
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
 * ({@code no}, {@code explicit} = AUTH TLS, {@code implicit}).
 *
 * <p>The password is never in git config. It comes from the environment variable
 * {@code ANNEX_FTP_PASSWORD_<NAME>} (the remote name upper-cased, other characters than letters and digits
 * as '_'), or else from the first line of {@code .git/annex-assistant/credentials/ftp-<name>}, which must be
 * readable by its owner only (mode 0600) or it is refused. With neither, the login is anonymous.
 */
@Component(service = RemoteFactory.class, property = RemoteFactory.TYPE + "=ftp")
public class FtpRemoteFactory implements RemoteFactory {
    static final int NETWORK_COST = 200;

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
                user, password, directory));
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
