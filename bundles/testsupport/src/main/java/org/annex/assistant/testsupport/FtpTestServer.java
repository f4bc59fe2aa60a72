package org.annex.assistant.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.ftpserver.DataConnectionConfigurationFactory;
import org.apache.ftpserver.FtpServer;
import org.apache.ftpserver.FtpServerFactory;
import org.apache.ftpserver.ftplet.DefaultFtpReply;
import org.apache.ftpserver.ftplet.DefaultFtplet;
import org.apache.ftpserver.ftplet.FtpException;
import org.apache.ftpserver.ftplet.FtpReply;
import org.apache.ftpserver.ftplet.FtpRequest;
import org.apache.ftpserver.ftplet.FtpSession;
import org.apache.ftpserver.ftplet.FtpletResult;
import org.apache.ftpserver.ftplet.UserManager;
import org.apache.ftpserver.listener.Listener;
import org.apache.ftpserver.listener.ListenerFactory;
import org.apache.ftpserver.usermanager.PropertiesUserManagerFactory;
import org.apache.ftpserver.usermanager.impl.BaseUser;
import org.apache.ftpserver.usermanager.impl.WritePermission;

/**
 * A real FTP server (Apache FtpServer) on 127.0.0.1 and a free port, with one user whose home is given; plain, or
 * FTPS (explicit or implicit) that requires TLS the way strict servers do: no login on a clear control
 * connection, no transfer on a clear data connection (PROT C).
 */
public final class FtpTestServer implements AutoCloseable {
    public static final String USER = "annex";
    public static final String PASSWORD = "s3cret";

    public enum Tls { NONE, EXPLICIT, IMPLICIT }

    private final FtpServer server;
    private final Listener listener;
    private final Tls tls;
    private final RequireTls requireTls = new RequireTls();

    public FtpTestServer(Path home, Path usersFile) throws IOException, FtpException {
        this(home, usersFile, Tls.NONE, null, null);
    }

    /** {@code dataKeystore}: the key pair the data connections show; another than the control one's is an attack. */
    public FtpTestServer(Path home, Path usersFile, Tls tls, TlsKeystore keystore, TlsKeystore dataKeystore)
            throws IOException, FtpException {
        this.tls = tls;
        FtpServerFactory factory = new FtpServerFactory();
        ListenerFactory lf = new ListenerFactory();
        lf.setServerAddress("127.0.0.1");
        lf.setPort(0);
        if (tls != Tls.NONE) {
            lf.setSslConfiguration(keystore.sslConfiguration());
            lf.setImplicitSsl(tls == Tls.IMPLICIT);
            DataConnectionConfigurationFactory data = new DataConnectionConfigurationFactory();
            data.setSslConfiguration(dataKeystore.sslConfiguration());
            lf.setDataConnectionConfiguration(data.createDataConnectionConfiguration());
            // Mutable: stopping the server clears it.
            factory.setFtplets(new HashMap<>(Map.of("require-tls", requireTls)));
        }
        listener = lf.createListener();
        factory.addListener("default", listener);
        PropertiesUserManagerFactory umf = new PropertiesUserManagerFactory();
        if (!Files.exists(usersFile)) {
            Files.createFile(usersFile);
        }
        umf.setFile(usersFile.toFile());
        UserManager users = umf.createUserManager();
        BaseUser user = new BaseUser();
        user.setName(USER);
        user.setPassword(PASSWORD);
        user.setHomeDirectory(home.toString());
        user.setAuthorities(List.of(new WritePermission()));
        users.save(user);
        factory.setUserManager(users);
        server = factory.createServer();
        server.start();
    }

    public int port() {
        return listener.getPort();
    }

    /** The git config of a remote on this server in this server's security mode. */
    public Map<String, String> remoteConfig() {
        return new HashMap<>(Map.of("type", "ftp", "annex-ftp-host", "127.0.0.1",
                "annex-ftp-port", Integer.toString(port()), "annex-ftp-user", USER,
                "annex-ftp-ftps", tls == Tls.NONE ? "no" : tls.name().toLowerCase(Locale.ROOT),
                "annex-ftp-directory", "annex", "annex-uuid", "u-4"));
    }

    /** How many transfers (STOR, APPE, RETR, listings) completed with the data connection encrypted (PROT P). */
    public int protectedTransfers() {
        return requireTls.protectedTransfers.get();
    }

    @Override
    public void close() {
        server.stop();
    }

    /** RFC 4217's refusals: 530 for a login on a clear control connection, 521 for a transfer with PROT C. */
    private static final class RequireTls extends DefaultFtplet {
        private static final Set<String> TRANSFERS = Set.of("STOR", "STOU", "APPE", "RETR", "LIST", "NLST", "MLSD");
        private final AtomicInteger protectedTransfers = new AtomicInteger();

        @Override
        public FtpletResult beforeCommand(FtpSession session, FtpRequest request) throws FtpException {
            String command = request.getCommand().toUpperCase(Locale.ROOT);
            if (command.equals("USER") && !session.isSecure()) {
                session.write(new DefaultFtpReply(530, "This server requires TLS (AUTH TLS) before login."));
                return FtpletResult.SKIP;
            }
            if (TRANSFERS.contains(command) && !session.getDataConnection().isSecure()) {
                session.write(new DefaultFtpReply(521, "Data connections must be protected (PROT P)."));
                return FtpletResult.SKIP;
            }
            return FtpletResult.DEFAULT;
        }

        @Override
        public FtpletResult afterCommand(FtpSession session, FtpRequest request, FtpReply reply) {
            if (TRANSFERS.contains(request.getCommand().toUpperCase(Locale.ROOT))
                    && reply.getCode() == FtpReply.REPLY_226_CLOSING_DATA_CONNECTION
                    && session.getDataConnection().isSecure()) {
                protectedTransfers.incrementAndGet();
            }
            return FtpletResult.DEFAULT;
        }
    }
}
