package org.annex.assistant.testsupport;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real OpenSSH server on 127.0.0.1 (or inside a {@link NetNamespace}) for tests: its own host key, one client key pair (ed25519) allowed
 * to log in as the current user, no PAM, logging at VERBOSE so accepted logins can be counted.
 */
public final class Sshd implements AutoCloseable {
    private final Path dir;
    private final String host;
    private final int port;
    private final Process process;

    private Sshd(Path dir, String host, int port, Process process) {
        this.dir = dir;
        this.host = host;
        this.port = port;
        this.process = process;
    }

    public static Sshd start(Path dir) throws IOException, InterruptedException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        return start(dir, "127.0.0.1", port, List.of());
    }

    /**
     * An sshd inside a network namespace, listening on its address: what reaches it crosses the namespace's
     * veth link. The namespace is new, so any port is free there.
     */
    public static Sshd start(Path dir, NetNamespace ns) throws IOException, InterruptedException {
        return start(dir, ns.address(), 2222, ns.command());
    }

    private static Sshd start(Path dir, String host, int port, List<String> prefix) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        keygen(dir.resolve("host_ed25519"));
        keygen(dir.resolve("id_ed25519"));
        Files.copy(dir.resolve("id_ed25519.pub"), dir.resolve("authorized_keys"));
        Path config = dir.resolve("sshd_config");
        Files.writeString(config, String.join("\n",
                "Port " + port,
                "ListenAddress " + host,
                "HostKey " + dir.resolve("host_ed25519"),
                "AuthorizedKeysFile " + dir.resolve("authorized_keys"),
                "PasswordAuthentication no",
                "KbdInteractiveAuthentication no",
                "PubkeyAuthentication yes",
                "PermitRootLogin yes",
                "UsePAM no",
                "StrictModes no",
                "LogLevel VERBOSE",
                "PidFile " + dir.resolve("sshd.pid"),
                "MaxSessions 20",
                "SetEnv PATH=" + System.getenv("PATH"),
                ""), StandardCharsets.UTF_8);
        Files.createDirectories(Path.of("/run/sshd"));
        List<String> cmd = new ArrayList<>(prefix);
        cmd.addAll(List.of("/usr/sbin/sshd", "-D", "-e", "-f", config.toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("sshd.log").toFile()).start();
        Sshd sshd = new Sshd(dir, host, port, p);
        long end = System.currentTimeMillis() + 10_000;
        while (System.currentTimeMillis() < end) {
            if (!p.isAlive()) {
                throw new IOException("sshd exited: " + Files.readString(dir.resolve("sshd.log")));
            }
            try (Socket s = new Socket(host, port)) {
                return sshd;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        sshd.close();
        throw new IOException("sshd did not listen on " + port);
    }

    private static void keygen(Path key) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", key.toString())
                .redirectErrorStream(true).start();
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("ssh-keygen failed: " + new String(p.getInputStream().readAllBytes()));
        }
    }

    public int port() { return port; }
    public Path clientKey() { return dir.resolve("id_ed25519"); }
    public Path hostPublicKey() { return dir.resolve("host_ed25519.pub"); }
    /** The host key's fingerprint as {@code ssh-keygen -lf} prints it, e.g. {@code SHA256:...}. */
    public String hostKeyFingerprint() throws IOException, InterruptedException {
        return Git.run(dir, "ssh-keygen", "-lf", hostPublicKey().toString()).split(" ")[1];
    }

    public String user() { return System.getProperty("user.name"); }

    /**
     * Makes {@code home}/.ssh hold the client key and a known_hosts entry for this server, so a program
     * run with HOME={@code home} logs in as a user's ssh setup would let it.
     */
    public void installClientSetup(Path home) throws IOException {
        Path ssh = home.resolve(".ssh");
        Files.createDirectories(ssh);
        Files.copy(clientKey(), ssh.resolve("id_ed25519"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.copy(dir.resolve("id_ed25519.pub"), ssh.resolve("id_ed25519.pub"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.setPosixFilePermissions(ssh.resolve("id_ed25519"), PosixFilePermissions.fromString("rw-------"));
        String hostKey = Files.readString(hostPublicKey()).trim();
        String[] parts = hostKey.split(" ");
        Files.writeString(ssh.resolve("known_hosts"), "[" + host + "]:" + port + " " + parts[0] + " " + parts[1] + "\n");
    }

    /** ssh://user@host:port/absolute/path */
    public String url(Path repo) {
        return "ssh://" + user() + "@" + host + ":" + port + repo.toAbsolutePath();
    }

    /** How many logins sshd accepted so far: one per SSH connection. */
    public long acceptedLogins() throws IOException {
        return Files.readAllLines(dir.resolve("sshd.log")).stream().filter(l -> l.contains("Accepted publickey")).count();
    }

    public String log() throws IOException {
        return Files.readString(dir.resolve("sshd.log"));
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
