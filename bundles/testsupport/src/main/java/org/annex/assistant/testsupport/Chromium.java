package org.annex.assistant.testsupport;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real headless browser (Debian's {@code chromium}, which test.sh installs) driven over the DevTools
 * protocol: navigate, and evaluate script in the page, as a user's browser would act. One page; cookies
 * and cached credentials live as long as the browser.
 */
public final class Chromium implements AutoCloseable {
    private static final Pattern DEVTOOLS = Pattern.compile("DevTools listening on (ws://\\S+)");
    private static final Pattern PAGE_SOCKET = Pattern.compile("\"type\"\\s*:\\s*\"page\"[^}]*?\"webSocketDebuggerUrl\"\\s*:\\s*\"([^\"]+)\"|\"webSocketDebuggerUrl\"\\s*:\\s*\"(ws://[^\"]+/page/[^\"]+)\"");

    private final Process process;
    private final Path profile;
    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<String>> replies = new ConcurrentHashMap<>();

    private Chromium(Process process, Path profile, WebSocket socket) {
        this.process = process;
        this.profile = profile;
        this.socket = socket;
    }

    /** Whether a chromium is installed here. */
    public static boolean available() {
        return Files.isExecutable(Path.of("/usr/bin/chromium"));
    }

    public static Chromium start() throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory("chromium-profile");
        Process p = new ProcessBuilder("/usr/bin/chromium", "--headless", "--no-sandbox", "--disable-gpu",
                "--no-first-run", "--user-data-dir=" + profile, "--remote-debugging-port=0", "about:blank")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        BufferedReader err = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8));
        String browser = null;
        long end = System.currentTimeMillis() + 60_000;
        for (String line; browser == null && System.currentTimeMillis() < end && (line = err.readLine()) != null; ) {
            Matcher m = DEVTOOLS.matcher(line);
            if (m.find()) {
                browser = m.group(1);
            }
        }
        if (browser == null) {
            p.destroyForcibly();
            throw new IOException("chromium did not open its DevTools port");
        }
        Thread drain = new Thread(() -> {
            try {
                while (err.readLine() != null) {
                    // chromium's own chatter
                }
            } catch (IOException e) {
                // closed
            }
        }, "chromium-stderr");
        drain.setDaemon(true);
        drain.start();
        URI base = URI.create(browser.replaceFirst("^ws", "http"));
        HttpClient http = HttpClient.newHttpClient();
        String list = http.send(HttpRequest.newBuilder(base.resolve("/json/list")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        Matcher m = PAGE_SOCKET.matcher(list);
        if (!m.find()) {
            p.destroyForcibly();
            throw new IOException("no page in chromium: " + list);
        }
        String page = m.group(1) != null ? m.group(1) : m.group(2);
        Chromium[] self = new Chromium[1];
        WebSocket ws = http.newWebSocketBuilder().buildAsync(URI.create(page), new WebSocket.Listener() {
            private final StringBuilder text = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                text.append(data);
                if (last) {
                    String message = text.toString();
                    text.setLength(0);
                    Matcher id = Pattern.compile("^\\{\"id\":(\\d+),").matcher(message);
                    if (id.find() && self[0] != null) {
                        CompletableFuture<String> f = self[0].replies.remove(Integer.parseInt(id.group(1)));
                        if (f != null) {
                            f.complete(message);
                        }
                    }
                }
                webSocket.request(1);
                return null;
            }
        }).join();
        self[0] = new Chromium(p, profile, ws);
        return self[0];
    }

    /** Sends one DevTools command; its reply as JSON text. */
    public String call(String method, String paramsJson) throws Exception {
        int id = ids.incrementAndGet();
        CompletableFuture<String> reply = new CompletableFuture<>();
        replies.put(id, reply);
        socket.sendText("{\"id\":" + id + ",\"method\":\"" + method + "\",\"params\":" + paramsJson + "}", true).join();
        return reply.get(60, TimeUnit.SECONDS);
    }

    /** Loads a URL in the page and waits until it has loaded (as far as {@code document.readyState} tells). */
    public void navigate(String url) throws Exception {
        call("Page.navigate", "{\"url\":\"" + url + "\"}");
        long end = System.currentTimeMillis() + 30_000;
        while (System.currentTimeMillis() < end) {
            Thread.sleep(200);
            if ("complete".equals(evaluate("document.readyState"))) {
                return;
            }
        }
    }

    /** Evaluates script in the page (promises awaited); its value as text (null when it has none). */
    public String evaluate(String script) throws Exception {
        String reply = call("Runtime.evaluate", "{\"expression\":" + quote(script)
                + ",\"awaitPromise\":true,\"returnByValue\":true}");
        Matcher m = Pattern.compile("\"value\":(\"((?:[^\"\\\\]|\\\\.)*)\"|[^,}]+)").matcher(reply);
        if (!m.find()) {
            return null;
        }
        return m.group(2) != null ? m.group(2) : m.group(1);
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }

    @Override
    public void close() throws IOException {
        socket.abort();
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        GitAnnexRepo.deleteTree(profile);
    }

}
