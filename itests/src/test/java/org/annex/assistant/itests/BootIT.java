package org.annex.assistant.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;
import static org.ops4j.pax.exam.CoreOptions.frameworkStartLevel;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;

import javax.inject.Inject;

import org.annex.assistant.api.annex.AnnexRepository;
import org.annex.assistant.api.event.Topics;
import org.annex.assistant.api.annex.Key;
import org.annex.assistant.api.mount.MountWatcher;
import org.annex.assistant.api.netmap.NetworkMap;
import org.annex.assistant.api.rate.RateController;
import org.annex.assistant.api.transfer.Direction;
import org.annex.assistant.api.transfer.TransferQueue;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

/** The composed base + console + linux features in a real Felix: everything resolves, starts and answers. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class BootIT {
    private static final String USER = "annex";
    private static final String PASSWORD = Long.toString(new SecureRandom().nextLong() & Long.MAX_VALUE, 36);
    private static final int PORT = freePort();

    @Inject
    BundleContext context;

    @Inject
    ServiceComponentRuntime scr;

    @Inject
    MountWatcher mountWatcher;

    @Inject
    EventAdmin events;

    @Inject
    ConfigurationAdmin configAdmin;

    /** A repository, as the launcher configures one: the repository-bound components need it. */
    private void configureRepository() throws Exception {
        if (context.getServiceReferences(AnnexRepository.class, null).isEmpty()) {
            Path dir = Files.createTempDirectory("bootit-repo");
            org.osgi.service.cm.Configuration c = configAdmin.getFactoryConfiguration("org.annex.assistant.core.repository", "bootit", "?");
            Hashtable<String, Object> props = new Hashtable<>();
            props.put("path", dir.toString());
            c.update(props);
            long end = System.currentTimeMillis() + 20_000;
            while (context.getServiceReferences(AnnexRepository.class, null).isEmpty() && System.currentTimeMillis() < end) {
                Thread.sleep(50);
            }
            assertTrue("the repository service came up", Files.isDirectory(dir.resolve(".git/annex")));
        }
    }

    @Configuration
    public Option[] config() throws Exception {
        List<Option> options = new ArrayList<>(FeatureBundles.of("base", "console", "linux"));
        options.add(junitBundles());
        options.add(frameworkStartLevel(6));
        options.add(frameworkProperty("felix.bootdelegation.implicit").value("false"));
        options.add(frameworkProperty("org.osgi.framework.bootdelegation").value("javax.security.auth,javax.security.auth.*"));
        options.add(frameworkProperty("org.osgi.service.http.port").value(Integer.toString(PORT)));
        options.add(frameworkProperty("org.apache.felix.http.host").value("127.0.0.1"));
        options.add(frameworkProperty("felix.webconsole.username").value(USER));
        options.add(frameworkProperty("felix.webconsole.password").value(sha256(PASSWORD)));
        options.add(systemProperty("annex.test.port").value(Integer.toString(PORT)));
        options.add(systemProperty("annex.test.password").value(PASSWORD));
        return options.toArray(new Option[0]);
    }

    @Test
    public void everyBundleActive() {
        List<String> notActive = new ArrayList<>();
        for (Bundle b : context.getBundles()) {
            boolean fragment = b.getHeaders().get("Fragment-Host") != null;
            if (!fragment && b.getState() != Bundle.ACTIVE) {
                notActive.add(b.getSymbolicName() + " state " + b.getState());
            }
        }
        assertTrue("not active: " + notActive, notActive.isEmpty());
        assertTrue(context.getBundles().length >= 34);
    }

    @Test
    public void everyComponentSatisfied() throws Exception {
        configureRepository();
        List<String> bad = new ArrayList<>();
        int ours = 0;
        long end = System.currentTimeMillis() + 10_000;
        do {
            bad.clear();
            ours = 0;
            for (ComponentDescriptionDTO d : scr.getComponentDescriptionDTOs()) {
                if (d.name.startsWith("org.annex.assistant")) {
                    ours++;
                }
                for (ComponentConfigurationDTO c : scr.getComponentConfigurationDTOs(d)) {
                    if (c.state != ComponentConfigurationDTO.ACTIVE && c.state != ComponentConfigurationDTO.SATISFIED) {
                        bad.add(d.name + " state " + c.state);
                    }
                }
            }
            if (bad.isEmpty()) {
                break;
            }
            Thread.sleep(100);
        } while (System.currentTimeMillis() < end);
        assertTrue("unsatisfied: " + bad, bad.isEmpty());
        assertTrue("our components are there", ours >= 2);
        assertEquals("mountinfo", mountWatcher.variant());
        assertTrue("the mount table is read", mountWatcher.mounts().stream().anyMatch(m -> m.path().equals("/")));
    }

    /** The netmap bundle serves the repository's NetworkMap: its own node, no remotes yet, flood fill. */
    @Test
    public void theRepositoryHasANetworkMap() throws Exception {
        configureRepository();
        long end = System.currentTimeMillis() + 20_000;
        while (context.getServiceReferences(NetworkMap.class, null).isEmpty() && System.currentTimeMillis() < end) {
            Thread.sleep(50);
        }
        var refs = context.getServiceReferences(NetworkMap.class, null);
        assertEquals(1, refs.size());
        var ref = refs.iterator().next();
        assertEquals(context.getService(context.getServiceReferences(AnnexRepository.class, null).iterator().next()).uuid(),
                ref.getProperty(AnnexRepository.PROP_UUID));
        NetworkMap map = context.getService(ref);
        while (!map.dot().contains("peripheries=2") && System.currentTimeMillis() < end) {
            Thread.sleep(50);
        }
        assertTrue(map.dot(), map.dot().contains("peripheries=2"));
        assertEquals(List.of(), map.sendTo());
        assertTrue("no map yet: flood fill", map.nextHops(java.util.Set.of(), java.util.Set.of()).isEmpty());
        assertEquals("the Gogo command annex:map is there", 1,
                context.getServiceReferences((String) null, "(&(osgi.command.scope=annex)(osgi.command.function=map))").length);
    }

    @Test
    public void consoleAnswersOnLoopbackWithCredentialsOnly() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        // This runs in the framework, in a second copy of this class: the port and password come from config().
        String password = System.getProperty("annex.test.password");
        URI uri = URI.create("http://127.0.0.1:" + System.getProperty("annex.test.port") + "/system/console/annex/status.json");
        HttpResponse<String> anonymous = awaitAnswer(http, HttpRequest.newBuilder(uri).build());
        assertEquals(401, anonymous.statusCode());
        String auth = Base64.getEncoder().encodeToString((USER + ":" + password).getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> ok = http.send(HttpRequest.newBuilder(uri).header("Authorization", "Basic " + auth).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, ok.statusCode());
        assertTrue(ok.body(), ok.body().contains("\"variant\":\"mountinfo\""));
        String wrong = Base64.getEncoder().encodeToString("admin:admin".getBytes(StandardCharsets.UTF_8));
        assertEquals(401, http.send(HttpRequest.newBuilder(uri).header("Authorization", "Basic " + wrong).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode());
    }

    @Test
    public void transferEventsReachTheTransfersPage() throws Exception {
        Map<String, Object> p = new HashMap<>(Map.of("direction", "download", "key", "SHA256E-s100--x", "file", "movie.mkv",
                "remote", "usb", "bytes", 40L, "size", 100L));
        events.sendEvent(new Event(Topics.TRANSFER_STARTED, p));
        events.sendEvent(new Event(Topics.TRANSFER_PROGRESS, p));
        HttpClient http = HttpClient.newHttpClient();
        String auth = Base64.getEncoder().encodeToString((USER + ":" + System.getProperty("annex.test.password"))
                .getBytes(StandardCharsets.UTF_8));
        URI uri = URI.create("http://127.0.0.1:" + System.getProperty("annex.test.port")
                + "/system/console/annex-transfers/transfers.json");
        HttpResponse<String> r = awaitAnswer(http, HttpRequest.newBuilder(uri).header("Authorization", "Basic " + auth).build());
        assertEquals(200, r.statusCode());
        assertTrue(r.body(), r.body().contains("\"file\":\"movie.mkv\"") && r.body().contains("\"bytes\":40"));
    }

    /** The page lists the queues of every TransferQueue service, as they come and go. */
    @Test
    public void waitingTransfersOfEveryQueueAreShown() throws Exception {
        List<TransferQueue.Transfer> waiting = List.of(
                new TransferQueue.Transfer(Direction.UPLOAD, Key.parse("SHA256E-s10--" + "a".repeat(64) + ".txt"), "waits/one.txt", "cloud", 0),
                new TransferQueue.Transfer(Direction.DOWNLOAD, Key.parse("SHA256E-s20--" + "b".repeat(64) + ".txt"), "waits/two.txt", "usb", 0));
        TransferQueue queue = new TransferQueue() {
            @Override public boolean enqueue(Direction d, Key k, String f, String r) { return false; }
            @Override public List<Transfer> queued() { return waiting; }
            @Override public List<Transfer> running() { return List.of(); }
        };
        HttpClient http = HttpClient.newHttpClient();
        String auth = Base64.getEncoder().encodeToString((USER + ":" + System.getProperty("annex.test.password"))
                .getBytes(StandardCharsets.UTF_8));
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + System.getProperty("annex.test.port")
                + "/system/console/annex-transfers/transfers.json")).header("Authorization", "Basic " + auth).build();
        int before = queuedCount(awaitAnswer(http, req).body());
        var registration = context.registerService(TransferQueue.class, queue, null);
        try {
            String body = awaitAnswer(http, req).body();
            assertEquals(body, before + 2, queuedCount(body));
            assertTrue(body, body.contains("\"file\":\"waits/one.txt\"") && body.contains("\"remote\":\"usb\""));
        } finally {
            registration.unregister();
        }
        assertEquals(before, queuedCount(awaitAnswer(http, req).body()));
    }

    private static int queuedCount(String json) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"queuedCount\":(\\d+)").matcher(json);
        assertTrue(json, m.find());
        return Integer.parseInt(m.group(1));
    }

    /**
     * Gogo's {@code annex:rate} (called as Gogo calls a command: a method of the service registered with
     * the command's scope and function) writes the ratecontrol configuration, and the rate controller the
     * transfers use follows it: daemon-wide and for a remote, in a repository.
     */
    @Test
    public void rateCommandSetsLimitsThroughConfigAdmin() throws Exception {
        configureRepository();
        Object command = await(() -> {
            var refs = context.getServiceReferences((String) null, "(&(osgi.command.scope=annex)(osgi.command.function=rate))");
            return refs == null || refs.length == 0 ? null : context.getService(refs[0]);
        });
        RateController rates = await(() -> {
            var ref = context.getServiceReference(RateController.class);
            return ref == null ? null : context.getService(ref);
        });
        AnnexRepository repo = context.getService(context.getServiceReferences(AnnexRepository.class, null).iterator().next());
        String said = (String) command.getClass().getMethod("rate", String.class, String.class).invoke(command, "upload", "3MiB/s");
        assertEquals("upload limit of the daemon: 3MiB/s", said);
        command.getClass().getMethod("rate", String.class, String.class, String.class).invoke(command, "download", "b", "1MiB");
        await(() -> rates.limit(null) == 3 << 20 ? true : null);
        await(() -> rates.throttle(repo, "b", Direction.DOWNLOAD).limit() == 1 << 20 ? true : null);
        assertEquals(3 << 20, rates.throttle(repo, "b", Direction.UPLOAD).limit());
        assertEquals("3MiB/s", configAdmin.getConfiguration("org.annex.assistant.ratecontrol", "?").getProperties().get("upload"));
        String table = (String) command.getClass().getMethod("rate").invoke(command);
        assertTrue(table, table.contains("limit 1MiB/s") && table.contains("config remoteDownload b"));
        try {
            command.getClass().getMethod("rate", String.class, String.class).invoke(command, "upload", "fast");
            throw new AssertionError("a bad rate was taken");
        } catch (java.lang.reflect.InvocationTargetException e) {
            assertTrue(e.getCause().getMessage(), e.getCause().getMessage().contains("'fast' is not a rate"));
        }
        command.getClass().getMethod("rate", String.class, String.class).invoke(command, "upload", "0");
        await(() -> rates.limit(null) == 0 ? true : null);
    }

    private static <T> T await(java.util.concurrent.Callable<T> value) throws Exception {
        long end = System.currentTimeMillis() + 10_000;
        T v;
        while ((v = value.call()) == null) {
            if (System.currentTimeMillis() > end) {
                throw new AssertionError("not within 10 s");
            }
            Thread.sleep(50);
        }
        return v;
    }

    private static HttpResponse<String> awaitAnswer(HttpClient http, HttpRequest req) throws Exception {
        long end = System.currentTimeMillis() + 15_000;
        while (true) {
            try {
                HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() != 404 || System.currentTimeMillis() > end) {
                    return r;
                }
            } catch (java.io.IOException e) {
                if (System.currentTimeMillis() > end) {
                    throw e;
                }
            }
            Thread.sleep(100);
        }
    }

    private static String sha256(String password) throws Exception {
        byte[] d = MessageDigest.getInstance("SHA-256").digest(password.getBytes(StandardCharsets.UTF_8));
        return "{sha-256}" + Base64.getEncoder().encodeToString(d);
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
