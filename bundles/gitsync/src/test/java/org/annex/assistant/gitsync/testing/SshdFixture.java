package org.annex.assistant.gitsync.testing;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A real OpenSSH server on 127.0.0.1 and a free port, with its own host key and one authorised client
 * key (ed25519, no passphrase), logging to a file the test can read. Runs as the current user (root in
 * the build container), so remote paths are plain absolute paths.
 */
public final class SshdFixture implements Closeable {
    public final Path dir;
    public final int port;
    public final Path clientKey;
    public final Path hostKey;
    public final Path log;
    private final Process sshd;

    public SshdFixture(Path dir) throws IOException {
        this.dir = dir;
        Files.createDirectories(dir);
        hostKey = dir.resolve("ssh_host_ed25519_key");
        clientKey = dir.resolve("id_ed25519");
        Cli.run(dir, "ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", hostKey.toString());
        Cli.run(dir, "ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", clientKey.toString());
        Files.copy(dir.resolve("id_ed25519.pub"), dir.resolve("authorized_keys"));
        // sshd insists on its privilege separation directory.
        Files.createDirectories(Path.of("/run/sshd"));
        port = freePort();
        Path config = dir.resolve("sshd_config");
        Files.writeString(config, String.join("\n",
                "Port " + port,
                "ListenAddress 127.0.0.1",
                "HostKey " + hostKey,
                "AuthorizedKeysFile " + dir.resolve("authorized_keys"),
                "PubkeyAuthentication yes",
                "PasswordAuthentication no",
                "KbdInteractiveAuthentication no",
                "PermitRootLogin yes",
                "StrictModes no",
                "UsePAM no",
                "PidFile " + dir.resolve("sshd.pid"),
                "LogLevel INFO",
                ""));
        log = dir.resolve("sshd.log");
        sshd = new ProcessBuilder("/usr/sbin/sshd", "-D", "-e", "-f", config.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        waitForPort();
    }

    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private void waitForPort() throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (!sshd.isAlive()) {
                throw new IOException("sshd exited: " + Files.readString(log));
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                sleep(50);
            }
        }
        throw new IOException("sshd did not listen on " + port + ": " + Files.readString(log));
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The host key's fingerprint as {@code ssh-keygen -lf} prints it, e.g. {@code SHA256:...}. */
    public String hostKeyFingerprint() throws IOException {
        return Cli.run(dir, "ssh-keygen", "-lf", hostKey + ".pub").split(" ")[1];
    }

    /** {@code ssh://root@127.0.0.1:PORT/abs/path} */
    public String url(Path repo) {
        return "ssh://root@127.0.0.1:" + port + repo.toAbsolutePath();
    }

    /** How many times sshd logged an accepted public key authentication (= connections). */
    public long acceptedLogins() throws IOException {
        return Files.readAllLines(log).stream().filter(l -> l.contains("Accepted publickey")).count();
    }

    @Override
    public void close() {
        sshd.destroy();
        try {
            sshd.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
