package org.annex.assistant.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeTrue;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.sun.net.httpserver.HttpServer;

import org.annex.assistant.testsupport.Chromium;
import org.annex.assistant.testsupport.Daemon;
import org.annex.assistant.testsupport.Git;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The console refuses forged requests: a POST from another origin or with no origin at all, and any
 * request naming another host (DNS rebinding), tried with curl and with a real headless chromium whose
 * cached credentials a page on another origin tries to use; the console's own page still works.
 */
public class ConsoleGuardIT {
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private static String curl(Daemon d, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "-u", d.credentials()));
        cmd.addAll(List.of(args));
        return Git.stdout(null, cmd.toArray(new String[0])).trim();
    }

    private static String state(Daemon d, String symbolicName) throws Exception {
        return WebConsole.bundles(d).get(symbolicName).path("state").asText();
    }

    @Test
    public void forgedRequestsAreRefusedWithCurl() throws Exception {
        Path a = Git.annexInit(tmp.getRoot().toPath().resolve("a"), "A");
        try (Daemon d = Daemon.start(a)) {
            String bundle = d.baseUrl() + "/system/console/bundles/" + WebConsole.bundleId(d, "org.annex.assistant.netwatch");
            String port = d.baseUrl().replaceFirst(".*:", "");
            assertEquals("403", curl(d, "-H", "Origin: http://evil.example", "-d", "action=stop", bundle));
            assertEquals("403", curl(d, "-H", "Origin: null", "-d", "action=stop", bundle));
            assertEquals("403", curl(d, "-d", "action=stop", bundle));
            assertEquals("403", curl(d, "-H", "Referer: http://evil.example/x.html", "-d", "action=stop", bundle));
            assertEquals("403", curl(d, "-H", "Host: rebound.evil.example:" + port, d.baseUrl() + "/system/console/bundles.json"));
            assertEquals("403", curl(d, "-H", "Host: rebound.evil.example:" + port, "-H",
                    "Origin: http://rebound.evil.example:" + port, "-d", "action=stop", bundle));
            assertEquals("403", curl(d, "-H", "Origin: http://evil.example", "-d", "apply=true&propertylist=settleMillis&settleMillis=1",
                    d.baseUrl() + "/system/console/configMgr/org.annex.assistant.watcher"));
            assertEquals("Active", state(d, "org.annex.assistant.netwatch"));

            assertEquals("200", curl(d, d.baseUrl() + "/system/console/annex/status.json"));
            assertEquals("200", curl(d, "-H", "Origin: " + d.baseUrl(), "-d", "action=stop", bundle));
            assertEquals("Resolved", state(d, "org.annex.assistant.netwatch"));
            assertEquals("200", curl(d, "-H", "Referer: " + d.baseUrl() + "/system/console/bundles", "-d", "action=start", bundle));
            assertEquals("Active", state(d, "org.annex.assistant.netwatch"));
            assertTrue(d.log(), d.log().contains("console: refused POST"));
        }
    }

    @Test
    public void aPageOnAnotherOriginCannotUseTheBrowsersCredentials() throws Exception {
        assumeTrue("needs Debian's chromium (test.sh installs it)", Chromium.available());
        Path a = Git.annexInit(tmp.getRoot().toPath().resolve("a"), "A");
        HttpServer evil = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        try (Daemon d = Daemon.start(a); Chromium browser = Chromium.start()) {
            long id = WebConsole.bundleId(d, "org.annex.assistant.netwatch");
            String target = d.baseUrl() + "/system/console/bundles/" + id;
            byte[] page = ("<html><body><form method='post' action='" + target + "'>"
                    + "<input name='action' value='stop'></form><script>document.forms[0].submit()</script></body></html>")
                    .getBytes(StandardCharsets.UTF_8);
            evil.createContext("/", ex -> {
                ex.getResponseHeaders().add("Content-Type", "text/html");
                ex.sendResponseHeaders(200, page.length);
                ex.getResponseBody().write(page);
                ex.close();
            });
            evil.start();

            // The user logs in to the console: the browser caches the credentials for its origin.
            String login = d.baseUrl().replaceFirst("://", "://" + d.credentials() + "@") + "/system/console/bundles";
            browser.navigate(login);
            browser.navigate(d.baseUrl() + "/system/console/bundles");
            assertEquals("the console's page works in the browser", "200", browser.evaluate(
                    "fetch('/system/console/bundles.json').then(r => r.status)"));
            assertEquals("the console's own page may post", "200", browser.evaluate(
                    "fetch('/system/console/bundles/" + id + "', {method: 'POST', body: new URLSearchParams('action=start')})"
                    + ".then(r => r.status)"));

            // Then visits another site, whose page submits a form to the console.
            browser.navigate("http://127.0.0.1:" + evil.getAddress().getPort() + "/");
            Thread.sleep(1000);
            String landed = browser.evaluate("document.body ? document.body.innerText : ''");
            assertTrue("the forged form was refused: " + landed, landed != null && landed.contains("refused"));
            assertEquals("Active", state(d, "org.annex.assistant.netwatch"));
            assertTrue(d.log(), d.log().contains("console: refused POST /system/console/bundles/" + id));
        } finally {
            evil.stop(0);
        }
    }
}
