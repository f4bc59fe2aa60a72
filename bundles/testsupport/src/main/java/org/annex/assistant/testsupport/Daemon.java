package org.annex.assistant.testsupport;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A daemon started from the built distribution exactly as users and benchmarks start it:
 * {@code bin/annex-assistant run --repo DIR --http-port 0}. Gives its console URL, credentials and an
 * authenticated HTTP client; {@link #close()} stops it (SIGTERM, then SIGKILL after 20 s).
 */
public final class Daemon implements AutoCloseable {
    private final Path repo;
    private final Process process;
    private final Path log;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private String baseUrl;
    private String credentials;
    /** Milliseconds from process start until the console answered an authenticated request. */
    public long startMillis;

    private Daemon(Path repo, Process process, Path log) {
        this.repo = repo;
        this.process = process;
        this.log = log;
    }

    /** The distribution folder, from -Dannex.dist (set by the build) or the launcher's target folder. */
    public static Path distribution() {
        String d = System.getProperty("annex.dist");
        Path dist = d != null ? Path.of(d) : Path.of("launcher", "target", "annex-assistant");
        if (!Files.isExecutable(dist.resolve("bin").resolve("annex-assistant"))) {
            throw new IllegalStateException("no distribution at " + dist.toAbsolutePath() + "; build the launcher first");
        }
        return dist.toAbsolutePath().normalize();
    }

    public static Path executable() {
        return distribution().resolve("bin").resolve("annex-assistant");
    }

    /** Runs a launcher command to completion (stop, status, install-service, or a run expected to fail). */
    public static Git.Result command(List<String> env, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(executable().toString());
        cmd.addAll(List.of(args));
        Map<String, String> vars = new HashMap<>();
        for (String e : env) {
            int eq = e.indexOf('=');
            vars.put(e.substring(0, eq), e.substring(eq + 1));
        }
        return Git.exec(null, vars, false, cmd.toArray(new String[0]));
    }

    public static Daemon start(Path repo, String... extraArgs) throws IOException, InterruptedException {
        return start(repo, Map.of(), extraArgs);
    }

    /** Starts with extra environment variables (HOME, for a test's own ~/.ssh, say). */
    public static Daemon start(Path repo, Map<String, String> env, String... extraArgs) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(executable().toString(), "run", "--repo", repo.toString(), "--http-port", "0"));
        cmd.addAll(List.of(extraArgs));
        Path log = Files.createTempFile("annex-daemon", ".log");
        long t0 = System.nanoTime();
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().putAll(env);
        Process p = pb.start();
        Daemon d = new Daemon(repo, p, log);
        try {
            d.awaitConsole(t0);
        } catch (IOException | RuntimeException e) {
            String text = Files.readString(log);
            d.close();
            throw new IOException(e.getMessage() + "\n--- daemon log ---\n" + text, e);
        }
        return d;
    }

    private void awaitConsole(long t0) throws IOException, InterruptedException {
        Path state = repo.resolve(".git").resolve("annex-assistant");
        long end = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < end) {
            if (!process.isAlive()) {
                throw new IOException("daemon exited with " + process.exitValue());
            }
            Path url = state.resolve("console.url");
            if (Files.exists(url) && Files.exists(state.resolve("console.credentials"))) {
                baseUrl = Files.readString(url).trim().replaceFirst("/system/console/annex$", "");
                credentials = Files.readString(state.resolve("console.credentials")).trim();
                try {
                    if (get("/system/console/annex/status.json").statusCode() == 200) {
                        startMillis = (System.nanoTime() - t0) / 1_000_000;
                        return;
                    }
                } catch (IOException notYet) {
                    // Not listening yet, or a URL left by a killed daemon before this one rewrote it.
                }
            }
            Thread.sleep(50);
        }
        throw new IOException("the console did not answer within 60 s");
    }

    public Path repo() { return repo; }
    public String baseUrl() { return baseUrl; }
    public String credentials() { return credentials; }
    public long pid() { return process.pid(); }
    public boolean alive() { return process.isAlive(); }

    public String log() throws IOException {
        return Files.readString(log, StandardCharsets.UTF_8);
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(20))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
    }

    public HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<String> getWithoutCredentials(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(baseUrl + path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * A POST as the console's own page sends it: with its credentials and the console's Origin (the console
     * refuses a state-changing request from any other origin, or from none).
     */
    public HttpResponse<String> postForm(String path, String form) throws IOException, InterruptedException {
        return http.send(request(path).header("Origin", baseUrl).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A multipart/form-data POST with text fields and one file field, as the console's bundle upload expects. */
    public HttpResponse<String> postFile(String path, String[][] fields, String fileField, Path file)
            throws IOException, InterruptedException {
        String boundary = "annex" + System.nanoTime();
        List<byte[]> parts = new ArrayList<>();
        for (String[] f : fields) {
            parts.add(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + f[0] + "\"\r\n\r\n" + f[1] + "\r\n")
                    .getBytes(StandardCharsets.UTF_8));
        }
        parts.add(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + fileField + "\"; filename=\""
                + file.getFileName() + "\"\r\nContent-Type: application/java-archive\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        parts.add(Files.readAllBytes(file));
        parts.add(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return http.send(request(path).header("Origin", baseUrl).header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArrays(parts)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Stops like a service manager does: SIGTERM, waiting for a clean exit. */
    @Override
    public void close() throws IOException {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        keepLog();
        Files.deleteIfExists(log);
    }

    /**
     * With -Dannex.daemon.logs=DIR (the itests set it to target/daemon-logs), each daemon's log is kept there
     * as REPO-PID.log, so that a failure seen once in a long run can be read afterwards.
     */
    private void keepLog() throws IOException {
        String dir = System.getProperty("annex.daemon.logs");
        if (dir == null || !Files.exists(log)) {
            return;
        }
        Path keep = Path.of(dir);
        Files.createDirectories(keep);
        Files.copy(log, keep.resolve(repo.getFileName() + "-" + process.pid() + ".log"),
                StandardCopyOption.REPLACE_EXISTING);
    }
}
