package org.annex.assistant.ssh.impl;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.annex.assistant.ssh.SshConnections;
import org.eclipse.jgit.transport.Transport;
import org.eclipse.jgit.transport.URIish;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The daemon's shared SSH connections, configured from Config Admin. */
@Component(service = SshConnections.class, configurationPid = "org.annex.assistant.ssh")
@Designate(ocd = SshConnectionsComponent.Config.class)
public class SshConnectionsComponent implements SshConnections {

    @ObjectClassDefinition(name = "Annex assistant SSH connections",
            description = "One SSH connection per user@host:port, shared by git and git-annex-shell.")
    public @interface Config {
        @AttributeDefinition(description = "SSH directory; empty = ~/.ssh of the user running the daemon.")
        String sshDirectory() default "";

        @AttributeDefinition(description = "Private key files; empty = id_ed25519, id_rsa, ... in the SSH directory.")
        String[] identityFiles() default {};

        @AttributeDefinition(description = "known_hosts files; empty = known_hosts and known_hosts2 in the SSH directory.")
        String[] knownHostsFiles() default {};

        @AttributeDefinition(description = "Accepted server host key fingerprints (SHA256:... as ssh-keygen -lf prints);"
                + " when set, known_hosts is not consulted.")
        String[] hostKeyFingerprints() default {};

        @AttributeDefinition(description = "Read the ssh config file (Host aliases, ports, users).")
        boolean readSshConfig() default true;
    }

    private SharedSessionFactory factory;

    @Activate
    void activate(Config config) {
        File home = new File(System.getProperty("user.home"));
        File sshDir = config.sshDirectory().isEmpty() ? new File(home, ".ssh") : new File(config.sshDirectory());
        factory = new SshSettings(home, sshDir, paths(config.identityFiles()), paths(config.knownHostsFiles()),
                Set.of(config.hostKeyFingerprints()), config.readSshConfig()).newFactory();
    }

    private static List<Path> paths(String[] names) {
        return Arrays.stream(names).filter(n -> !n.isBlank()).map(Path::of).collect(Collectors.toList());
    }

    @Deactivate
    void deactivate() {
        factory.close();
    }

    @Override
    public Process exec(URIish remote, String command, int timeoutSeconds) throws IOException {
        return factory.exec(remote, command, timeoutSeconds);
    }

    @Override
    public void configure(Transport transport) {
        factory.configure(transport);
    }

    @Override
    public int connectionsOpened() {
        return factory.connectionsOpened();
    }
}
