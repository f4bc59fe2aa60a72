package org.annex.assistant.ssh.impl;

import java.io.File;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.List;
import java.util.Set;

import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.digest.BuiltinDigests;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.sshd.JGitKeyCache;
import org.eclipse.jgit.transport.sshd.ServerKeyDatabase;
import org.eclipse.jgit.transport.sshd.SshdSessionFactoryBuilder;

/**
 * Where keys and host keys come from. Empty lists mean JGit's defaults, the same files OpenSSH uses:
 * identities {@code id_rsa, id_ecdsa, id_ed25519, ...} and {@code known_hosts, known_hosts2} in the ssh
 * directory, plus {@code ~/.ssh/config}. Pinned fingerprints ({@code SHA256:...} as {@code ssh-keygen -lf}
 * prints them) replace known_hosts entirely: a server key is accepted iff its fingerprint is listed.
 * Public (the package is not exported) so tests of the bundles that use the connections, gitsync's
 * among them, can make real ones against a test sshd without the OSGi component.
 */
public final class SshSettings {
    final File home;
    final File sshDirectory;
    final List<Path> identities;
    final List<Path> knownHosts;
    final Set<String> pinnedFingerprints;
    final boolean readSshConfig;

    public SshSettings(File home, File sshDirectory, List<Path> identities, List<Path> knownHosts,
            Set<String> pinnedFingerprints, boolean readSshConfig) {
        this.home = home;
        this.sshDirectory = sshDirectory;
        this.identities = List.copyOf(identities);
        this.knownHosts = List.copyOf(knownHosts);
        this.pinnedFingerprints = Set.copyOf(pinnedFingerprints);
        this.readSshConfig = readSshConfig;
    }

    public SharedSessionFactory newFactory() {
        SshdSessionFactoryBuilder builder = new SshdSessionFactoryBuilder()
                .setHomeDirectory(home)
                .setSshDirectory(sshDirectory)
                .setPreferredAuthentications("publickey");
        if (!identities.isEmpty()) {
            builder.setDefaultIdentities(dir -> identities);
        }
        if (!knownHosts.isEmpty()) {
            builder.setDefaultKnownHostsFiles(dir -> knownHosts);
        }
        if (!readSshConfig) {
            builder.setConfigStoreFactory((h, configFile, localUser) -> null);
        }
        if (!pinnedFingerprints.isEmpty()) {
            ServerKeyDatabase pinned = new ServerKeyDatabase() {
                @Override
                public List<PublicKey> lookup(String connectAddress, InetSocketAddress remoteAddress,
                        Configuration config) {
                    return List.of();
                }

                @Override
                public boolean accept(String connectAddress, InetSocketAddress remoteAddress, PublicKey serverKey,
                        Configuration config, CredentialsProvider provider) {
                    return pinnedFingerprints.contains(KeyUtils.getFingerPrint(BuiltinDigests.sha256, serverKey));
                }
            };
            builder.setServerKeyDatabase((h, dir) -> pinned);
        }
        return SharedSessionFactory.withMinaLoader(() -> new SharedSessionFactory(builder.build(new JGitKeyCache())));
    }
}
