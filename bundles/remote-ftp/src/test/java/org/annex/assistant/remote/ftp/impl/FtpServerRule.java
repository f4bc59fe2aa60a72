package org.annex.assistant.remote.ftp.impl;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.apache.ftpserver.FtpServer;
import org.apache.ftpserver.FtpServerFactory;
import org.apache.ftpserver.ftplet.FtpException;
import org.apache.ftpserver.ftplet.UserManager;
import org.apache.ftpserver.listener.Listener;
import org.apache.ftpserver.listener.ListenerFactory;
import org.apache.ftpserver.usermanager.PropertiesUserManagerFactory;
import org.apache.ftpserver.usermanager.impl.BaseUser;
import org.apache.ftpserver.usermanager.impl.WritePermission;

/** A real FTP server (Apache FtpServer) on 127.0.0.1 and a free port, with one user whose home is given. */
final class FtpServerRule implements AutoCloseable {
    static final String USER = "annex";
    static final String PASSWORD = "s3cret";

    private final FtpServer server;
    private final Listener listener;

    FtpServerRule(Path home, Path usersFile) throws IOException, FtpException {
        FtpServerFactory factory = new FtpServerFactory();
        ListenerFactory lf = new ListenerFactory();
        lf.setServerAddress("127.0.0.1");
        lf.setPort(0);
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

    int port() {
        return listener.getPort();
    }

    @Override
    public void close() {
        server.stop();
    }
}
