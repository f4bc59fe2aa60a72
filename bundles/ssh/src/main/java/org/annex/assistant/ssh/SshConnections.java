package org.annex.assistant.ssh;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import org.annex.assistant.ssh.impl.SshSettings;

import org.eclipse.jgit.transport.Transport;
import org.eclipse.jgit.transport.URIish;
import org.osgi.annotation.versioning.ProviderType;

/**
 * One cached SSH connection per user@host:port. Git fetches and pushes and commands such as
 * {@code git-annex-shell p2pstdio} run as channels of that connection, so a sync costs one key exchange
 * and one authentication, not one per operation. A dropped connection is opened again on next use.
 */
@ProviderType
public interface SshConnections {
    /**
     * Runs a command on the remote host over the shared connection. The command line is interpreted by
     * the remote shell: quote arguments yourself. Keep fewer than ~8 channels open per host (OpenSSH's
     * MaxSessions is 10).
     */
    Process exec(URIish remote, String command, int timeoutSeconds) throws IOException;

    /** Makes an ssh JGit transport use the shared connections; other transports are left alone. */
    void configure(Transport transport);

    /**
     * An argument for the remote shell: in single quotes, a quote inside becoming <code>'\''</code>. Every
     * command sent through {@link #exec} builds its arguments with this, so a path with spaces or quotes
     * in a remote's url stays one argument and runs nothing.
     */
    static String quote(String argument) {
        return "'" + argument.replace("'", "'\\''") + "'";
    }

    /**
     * Whether a git remote's url is reached over ssh, as git takes it: {@code ssh://}, {@code git+ssh://},
     * or the scp-like {@code user@host:path}.
     */
    static boolean isSsh(URIish url) {
        return "ssh".equals(url.getScheme()) || "git+ssh".equals(url.getScheme())
                || (url.getScheme() == null && url.getHost() != null);
    }

    /** How many SSH connections were opened since start (for status and tests). */
    int connectionsOpened();

    /** Connections owned by their caller, for use without OSGi (tests, tools); closing closes them all. */
    interface Owned extends SshConnections, AutoCloseable {
        @Override
        void close();
    }

    /**
     * Connections for use without OSGi services, with the settings the component reads from its
     * configuration (see the {@code org.annex.assistant.ssh} PID's Metatype for each one's meaning).
     */
    static Owned standalone(File home, File sshDirectory, List<Path> identities, List<Path> knownHosts,
            Set<String> pinnedFingerprints, boolean readSshConfig) {
        return new SshSettings(home, sshDirectory, identities, knownHosts, pinnedFingerprints, readSshConfig)
                .newFactory();
    }
}
